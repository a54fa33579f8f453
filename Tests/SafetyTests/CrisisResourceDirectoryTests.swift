import Foundation
import Safety
import Testing

@Suite struct CrisisResourceDirectoryTests {
    let directory = CrisisResourceDirectory.standard

    @Test func unitedStatesGetsLifelineTextLineAnd911ThenInternational() {
        let resources = directory.resources(for: "US")
        #expect(resources.map(\.name) == ["988 Suicide & Crisis Lifeline", "Crisis Text Line", "Emergency services", "Find a Helpline"])
        #expect(resources[0].phone == "988" && resources[0].sms == "988" && resources[0].url == "https://988lifeline.org")
        #expect(resources[1].sms == "HOME to 741741" && resources[1].url == "https://www.crisistextline.org")
        #expect(directory.emergencyNumber(for: "US") == "911")
        // Only the most specific emergency number.
        #expect(!resources.contains { $0.phone == "112" })
    }

    @Test(arguments: ["GB", "gb", "UK", "en_GB", "en-GB"])
    func unitedKingdomGetsSamaritansAnd999(region: String) {
        let resources = directory.resources(for: region)
        #expect(resources.first?.name == "Samaritans")
        #expect(resources.first?.phone == "116 123")
        #expect(resources.first?.url == "https://www.samaritans.org")
        #expect(directory.emergencyNumber(for: region) == "999")
        #expect(resources.last?.url == "https://findahelpline.com")
    }

    @Test func irelandGetsSamaritansAnd112() {
        let resources = directory.resources(for: "IE")
        #expect(resources.first?.name == "Samaritans" && resources.first?.region == "IE")
        #expect(directory.emergencyNumber(for: "IE") == "112")
        #expect(resources.filter(\.isEmergencyNumber).count == 1)
    }

    /// `Resources/crisis-lines.json`: 36 more countries, each line with its source and date.
    @Test func theBundledCountriesLoadAndCoverAtLeastThirty() throws {
        #expect(directory.countries.count >= 30)
        for country in ["DE", "FR", "IN", "BR", "JP", "ZA", "AU", "CA", "MX", "KR"] {
            let resources = directory.resources(for: country)
            #expect(resources.first.map { !$0.isEmergencyNumber && $0.region == country } == true, "\(country)")
            #expect(resources.filter(\.isEmergencyNumber).count == 1, "\(country)")
            #expect(resources.last?.url == "https://findahelpline.com")
        }
        #expect(directory.emergencyNumber(for: "AU") == "000")
        #expect(directory.emergencyNumber(for: "JP") == "119")
        #expect(directory.emergencyNumber(for: "IN") == "112")
        // The hand-checked core is not replaced by the file.
        #expect(directory.resources(for: "US").first?.name == "988 Suicide & Crisis Lifeline")
        #expect(directory.resources(for: "GB").filter(\.isEmergencyNumber).map(\.phone) == ["999"])
        // Their numbers are known to the reply screen: the model may repeat them.
        #expect(directory.knownNumbers.contains("08001110111"))
    }

    @Test func otherEUCountriesGet112() {
        #expect(directory.emergencyNumber(for: "FR") == "112")
        #expect(directory.resources(for: "DE").contains { $0.url == "https://findahelpline.com" })
    }

    @Test(arguments: [String?.none, "", "international", "ZZ", "nonsense-value"])
    func unknownRegionsStillGetInternationalResources(region: String?) {
        let resources = directory.resources(for: region)
        #expect(resources.contains { $0.url == "https://findahelpline.com" && $0.region == "international" })
        #expect(directory.emergencyNumber(for: region) == "112")
    }

    @Test func jsonKeysAreExactlyAsSpecified() throws {
        let resource = CrisisResource(name: "Line", phone: "1", sms: "2", url: "https://x.org", region: "US")
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(resource)) as? [String: Any]
        #expect(Set(object?.keys ?? [:].keys) == ["name", "phone", "sms", "url", "region"])
        let decoded = try JSONDecoder().decode(CrisisResource.self, from: Data(#"{"name":"A","url":"https://a.org","region":"CA"}"#.utf8))
        #expect(decoded == CrisisResource(name: "A", url: "https://a.org", region: "CA"))
    }

    @Test func overridesFromAFileReplaceOnlyTheirRegions() throws {
        let path = try temporaryFile(#"""
        [
          {"name": "Talk Suicide Canada", "phone": "988", "sms": "988", "url": "https://talksuicide.ca", "region": "CA"},
          {"name": "Emergency services", "phone": "911", "region": "CA"},
          {"name": "Samaritans", "phone": "116 123", "url": "https://www.samaritans.org", "region": "GB"},
          {"name": "Shout", "sms": "85258", "url": "https://giveusashout.org", "region": "GB"}
        ]
        """#)
        let loaded = try CrisisResourceDirectory.loadingOverrides(fromFile: path)
        #expect(loaded.resources(for: "CA").first?.name == "Talk Suicide Canada")
        #expect(loaded.emergencyNumber(for: "CA") == "911")
        // GB was replaced wholesale, so its emergency number now falls back to the international one.
        #expect(loaded.resources(for: "GB").map(\.name).prefix(2) == ["Samaritans", "Shout"])
        #expect(loaded.emergencyNumber(for: "GB") == "112")
        // Regions not in the file keep their defaults.
        #expect(loaded.resources(for: "US") == directory.resources(for: "US"))
        #expect(loaded.knownNumbers.contains("85258"))
    }

    @Test func invalidFilesAreRejectedLoudly() throws {
        #expect(throws: CrisisResourceDirectory.LoadError.self) {
            try CrisisResourceDirectory.loadingOverrides(fromFile: "/nonexistent/crisis.json")
        }
        let malformed = try temporaryFile(#"{"name": "not an array"}"#)
        #expect(throws: CrisisResourceDirectory.LoadError.malformed(path: malformed)) {
            try CrisisResourceDirectory.loadingOverrides(fromFile: malformed)
        }
        let noContact = try temporaryFile(#"[{"name": "Nothing", "region": "US"}]"#)
        #expect(throws: CrisisResourceDirectory.LoadError.self) {
            try CrisisResourceDirectory.loadingOverrides(fromFile: noContact)
        }
        let badURL = try temporaryFile(#"[{"name": "Site", "url": "javascript:alert(1)", "region": "US"}]"#)
        #expect(throws: CrisisResourceDirectory.LoadError.self) {
            try CrisisResourceDirectory.loadingOverrides(fromFile: badURL)
        }
    }

    @Test func knownNumbersAreDigitsOfEveryContact() {
        #expect(directory.knownNumbers.isSuperset(of: ["988", "741741", "116123", "911", "999", "112"]))
    }

    private func temporaryFile(_ contents: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crisis-\(UUID().uuidString).json")
        try Data(contents.utf8).write(to: url)
        return url.path
    }
}
