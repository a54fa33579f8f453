#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Crisis lines and emergency numbers by region.
///
/// Defaults are compiled in so that the crisis reply always has somewhere to send people, even
/// if configuration is missing; operators can override any region from a JSON file. Numbers
/// change rarely but they do change, so overrides exist to fix one without a release.
public struct CrisisResourceDirectory: Sendable, Equatable {
    public enum LoadError: Error, Equatable, CustomStringConvertible {
        case unreadable(path: String)
        case malformed(path: String)
        case invalidResource(name: String, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let path): "Cannot read crisis resources file at \(path)"
            case .malformed(let path): "Crisis resources file at \(path) is not a JSON array of resources"
            case .invalidResource(let name, let reason): "Invalid crisis resource \"\(name)\": \(reason)"
            }
        }
    }

    /// Region value for resources shown to everyone.
    public static let internationalRegion = "international"

    /// EU member states, which share the "EU" resources (the 112 emergency number).
    public static let euRegions: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
        "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ]

    public let resources: [CrisisResource]

    public init(resources: [CrisisResource]) {
        self.resources = resources
    }

    /// The built-in list: the hand-checked US, UK and Irish lines, the lines and emergency numbers
    /// of 36 more countries from `Resources/crisis-lines.json` (each with its source and the date it
    /// was checked), and the international fallbacks.
    public static let standard = CrisisResourceDirectory(resources: builtIn.resources + CrisisLineData.bundled)

    /// Region codes that have a line of their own (not only an emergency number), sorted.
    public var countries: [String] {
        Set(resources.filter { !$0.isEmergencyNumber && $0.region.count == 2 }.map { $0.region.uppercased() }).sorted()
    }

    /// The hand-checked core, also what remains if the bundled data could not be read.
    static let builtIn = CrisisResourceDirectory(resources: [
        CrisisResource(name: "988 Suicide & Crisis Lifeline", phone: "988", sms: "988", url: "https://988lifeline.org", region: "US"),
        CrisisResource(name: "Crisis Text Line", sms: "HOME to 741741", url: "https://www.crisistextline.org", region: "US"),
        CrisisResource(name: CrisisResource.emergencyServicesName, phone: "911", region: "US"),
        CrisisResource(name: "Samaritans", phone: "116 123", url: "https://www.samaritans.org", region: "GB"),
        CrisisResource(name: CrisisResource.emergencyServicesName, phone: "999", region: "GB"),
        CrisisResource(name: "Samaritans", phone: "116 123", url: "https://www.samaritans.org", region: "IE"),
        CrisisResource(name: CrisisResource.emergencyServicesName, phone: "112", region: "IE"),
        CrisisResource(name: CrisisResource.emergencyServicesName, phone: "112", region: "EU"),
        CrisisResource(name: "Find a Helpline", url: "https://findahelpline.com", region: internationalRegion),
        CrisisResource(name: CrisisResource.emergencyServicesName, phone: "112", region: internationalRegion),
    ])

    /// Resources for a region, most specific first: the region's own, then its group ("EU"),
    /// then the international ones, which are always included. Only the most specific emergency
    /// number is kept, so a US user sees 911 and not also 112.
    ///
    /// - Parameter region: an ISO code ("US", "gb"), a locale identifier ("en_GB", "en-IE"),
    ///   "UK" (read as "GB"), or nil/unknown for international resources only.
    public func resources(for region: String?) -> [CrisisResource] {
        var scopes: [String] = []
        if let code = Self.regionCode(region) {
            scopes.append(code)
            if Self.euRegions.contains(code) { scopes.append("EU") }
        }
        scopes.append(Self.internationalRegion.uppercased())

        var result: [CrisisResource] = []
        var hasEmergency = false
        for scope in scopes {
            let inScope = resources.filter { $0.region.uppercased() == scope }
            for resource in inScope.filter({ !$0.isEmergencyNumber }) where !result.contains(resource) {
                result.append(resource)
            }
            if !hasEmergency, let emergency = inScope.first(where: \.isEmergencyNumber) {
                result.append(emergency)
                hasEmergency = true
            }
        }
        return result
    }

    /// The emergency number to urge in the crisis reply; falls back to 112, which most mobile
    /// networks route to local emergency services.
    public func emergencyNumber(for region: String?) -> String {
        resources(for: region).first(where: \.isEmergencyNumber)?.phone ?? "112"
    }

    /// Every phone and text number in the directory, as digits. The reply screen allows these in
    /// model output and blocks any other number offered as a crisis contact.
    public var knownNumbers: Set<String> {
        Set(resources.flatMap(\.numbers))
    }

    /// This directory with `overrides` applied: each region named in `overrides` is replaced
    /// wholesale by the override entries for it; other regions keep their entries.
    public func overriding(with overrides: [CrisisResource]) -> CrisisResourceDirectory {
        let replaced = Set(overrides.map { $0.region.uppercased() })
        return CrisisResourceDirectory(resources: resources.filter { !replaced.contains($0.region.uppercased()) } + overrides)
    }

    /// The standard directory with overrides from a JSON file: an array of objects with keys
    /// `name`, `phone`, `sms`, `url`, `region`.
    ///
    /// Throws rather than falling back silently: a typo in a crisis number must stop start-up,
    /// not reach a person in crisis.
    public static func loadingOverrides(fromFile path: String, base: CrisisResourceDirectory = .standard) throws -> CrisisResourceDirectory {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LoadError.unreadable(path: path)
        }
        let overrides: [CrisisResource]
        do {
            overrides = try JSONDecoder().decode([CrisisResource].self, from: data)
        } catch {
            throw LoadError.malformed(path: path)
        }
        try overrides.forEach(validate)
        return base.overriding(with: overrides)
    }

    static func validate(_ resource: CrisisResource) throws {
        let name = resource.name.trimmed
        guard !name.isEmpty else { throw LoadError.invalidResource(name: resource.name, reason: "name is empty") }
        guard !resource.region.trimmed.isEmpty else {
            throw LoadError.invalidResource(name: name, reason: "region is empty")
        }
        guard resource.phone != nil || resource.sms != nil || resource.url != nil else {
            throw LoadError.invalidResource(name: name, reason: "needs a phone, sms or url")
        }
        if let phone = resource.phone, !phone.contains(where: \.isNumber) {
            throw LoadError.invalidResource(name: name, reason: "phone has no digits")
        }
        if let sms = resource.sms, !sms.contains(where: \.isNumber) {
            throw LoadError.invalidResource(name: name, reason: "sms has no number")
        }
        if let url = resource.url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw LoadError.invalidResource(name: name, reason: "url must start with https://")
        }
    }

    /// "en_GB" → "GB", "uk" → "GB", "International" → nil (international only).
    static func regionCode(_ region: String?) -> String? {
        guard let region = region?.trimmed, !region.isEmpty else { return nil }
        var code = region.uppercased()
        if let separator = code.lastIndex(where: { $0 == "_" || $0 == "-" }) {
            code = String(code[code.index(after: separator)...])
        }
        if code == "UK" { code = "GB" }
        guard code.count == 2 || code == "EU" else { return nil }
        return code
    }
}

private extension String {
    var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
