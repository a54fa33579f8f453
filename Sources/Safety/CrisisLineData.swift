import Foundation

/// Crisis lines and emergency numbers for countries beyond the hand-checked core, read from
/// `Resources/crisis-lines.json`. Every entry there names the page or dataset it was taken from
/// and the date it was checked; this type keeps only what a person needs to reach the line.
enum CrisisLineData {
    private struct File: Decodable {
        struct Line: Decodable {
            let country: String
            let name: String
            let phone: String?
            let sms: String?
            let url: String?
            let hours: String?
            let source: String
            let checked: String
        }

        struct Emergency: Decodable {
            let number: String
            let source: String
        }

        let lines: [Line]
        let emergency: [String: Emergency]
    }

    /// The file's lines, then each country's emergency number (for countries the core does not
    /// already cover). Empty, and the core alone stands, if the resource is missing or invalid:
    /// `CrisisResourceDirectoryTests` fails the build's tests in that case.
    static let bundled: [CrisisResource] = (try? load()) ?? []

    static func load() throws -> [CrisisResource] {
        guard let url = Bundle.module.url(forResource: "crisis-lines", withExtension: "json") else {
            throw CrisisResourceDirectory.LoadError.unreadable(path: "crisis-lines.json")
        }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        let covered = Set(CrisisResourceDirectory.builtIn.resources.map { $0.region.uppercased() })
        let lines = file.lines.map {
            CrisisResource(name: $0.name, phone: $0.phone, sms: $0.sms, url: $0.url, region: $0.country, hours: $0.hours)
        }
        let emergency = file.emergency.keys.sorted().filter { !covered.contains($0) }.map {
            CrisisResource(name: CrisisResource.emergencyServicesName, phone: file.emergency[$0]!.number, region: $0)
        }
        let all = lines + emergency
        try all.forEach(CrisisResourceDirectory.validate)
        return all
    }
}
