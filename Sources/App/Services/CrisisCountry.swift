import Foundation

/// Country codes for crisis lines: validating what a person chose, and reading the region from
/// the browser's `Accept-Language` ("de-DE,de;q=0.9" -> "DE").
enum CrisisCountry {
    /// The upper-cased ISO 3166-1 alpha-2 code, if `text` is one ("de" -> "DE"; "UK" -> "GB").
    static func code(_ text: String) -> String? {
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        if upper == "UK" { return "GB" }
        guard upper.count == 2, upper.allSatisfy({ $0.isASCII && $0.isLetter }),
              Locale.Region.isoRegions.contains(where: { $0.identifier == upper }) else { return nil }
        return upper
    }

    /// The region of the first language tag that names one, in the header's order of preference.
    static func region(acceptLanguage header: String?) -> String? {
        guard let header else { return nil }
        let tags = header.split(separator: ",").compactMap { part -> (tag: Substring, weight: Double)? in
            let pieces = part.split(separator: ";")
            guard let tag = pieces.first?.trimmingCharacters(in: .whitespaces), !tag.isEmpty else { return nil }
            let weight = pieces.dropFirst().first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("q=") }
                .flatMap { Double($0.trimmingCharacters(in: .whitespaces).dropFirst(2)) } ?? 1
            return (Substring(tag), weight)
        }
        for (tag, _) in tags.sorted(by: { $0.weight > $1.weight }) {
            let subtags = tag.split(whereSeparator: { $0 == "-" || $0 == "_" })
            if let region = subtags.dropFirst().first(where: { $0.count == 2 }), let code = code(String(region)) {
                return code
            }
        }
        return nil
    }

    /// The country's English name ("DE" -> "Germany"), or the code itself.
    static func name(_ code: String) -> String {
        Locale(identifier: "en").localizedString(forRegionCode: code) ?? code
    }
}
