import Foundation

/// Typed access to environment variables. An unset or empty variable means "use the default";
/// anything else must parse, or a `ConfigurationError` names the variable.
struct EnvironmentReader {
    private let environment: [String: String]

    init(_ environment: [String: String]) {
        self.environment = environment
    }

    private func raw(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func string(_ name: String, default fallback: String) throws -> String {
        raw(name) ?? fallback
    }

    func optionalString(_ name: String) throws -> String? {
        raw(name)
    }

    func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = raw(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(variable: name, value: text,
                                     expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func boolean(_ name: String, default fallback: Bool) throws -> Bool {
        guard let text = raw(name) else { return fallback }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, value: text, expected: "true or false")
        }
    }

    func double(_ name: String, default fallback: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let text = raw(name) else { return fallback }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw ConfigurationError(variable: name, value: text,
                                     expected: "a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, default fallback: Choice) throws -> Choice
    where Choice.RawValue == String {
        guard let text = raw(name) else { return fallback }
        guard let value = Choice(rawValue: text.lowercased()) else {
            let options = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: name, value: text, expected: "one of \(options)")
        }
        return value
    }

    func optionalURL(_ name: String) throws -> String? {
        guard let text = raw(name) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw ConfigurationError(variable: name, value: text, expected: "an http:// or https:// URL")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// Comma-separated http(s) URLs, each as `optionalURL` reads one; unset gives none.
    func urls(_ name: String) throws -> [String] {
        guard let text = raw(name) else { return [] }
        return try text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { item in
                do {
                    return try EnvironmentReader([name: item]).optionalURL(name) ?? item
                } catch {
                    throw ConfigurationError(variable: name, value: text, expected: "comma-separated http:// or https:// URLs")
                }
            }
    }

    /// A two-letter region code such as US or GB.
    func regionCode(_ name: String, default fallback: String) throws -> String {
        guard let text = raw(name) else { return fallback }
        guard text.count == 2, text.allSatisfy(\.isLetter) else {
            throw ConfigurationError(variable: name, value: text, expected: "a two-letter region code such as US, GB or IE")
        }
        return text.uppercased()
    }

    /// Comma-separated browser origins (`scheme://host[:port]`, no path); `*` is refused because
    /// the frontend sends credentials, which browsers never allow with a wildcard.
    func origins(_ name: String, default fallback: [String]) throws -> [String] {
        guard let text = raw(name) else { return fallback }
        let origins = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let expected = "comma-separated origins such as http://localhost:3000 (no wildcard, no path)"
        guard !origins.isEmpty else { throw ConfigurationError(variable: name, value: text, expected: expected) }
        for origin in origins {
            guard let url = URL(string: origin), let scheme = url.scheme, scheme == "http" || scheme == "https",
                  url.host != nil, url.path.isEmpty, url.query == nil else {
                throw ConfigurationError(variable: name, value: text, expected: expected)
            }
        }
        return origins
    }
}
