import Foundation
import Safety
import Testing

@Suite struct CrisisScreenerTests {
    let screener = CrisisScreener()

    @Test(arguments: ["I have the pills", "I'm going to kill myself tonight", "I've written my note", "I have the pills and I'm doing it tonight"])
    func planMeansOrTimeframeIsImminent(text: String) {
        let assessment = screener.assess(text)
        #expect(assessment.level == .imminent)
    }

    @Test(arguments: [
        "everyone would be better off without me",
        "I don't want to wake up",
        "what's the point of going on",
        "I've been giving my things away",
        "I won't be a burden much longer",
        "I just want it all to end",
        "I want to disappear forever",
    ])
    func indirectIdeationFromTheIssueIsCrisis(text: String) {
        let assessment = screener.assess(text)
        #expect(assessment.level == .crisis)
        #expect(assessment.categories.contains(.indirectIdeation))
    }

    @Test(arguments: ["thinking about suicde", "i want to kil myself", "kms", "I want to unalive myself", "I want to die", "i dont wanna live anymore"])
    func misspellingsAndSlangAreCaught(text: String) {
        #expect(screener.assess(text).level >= .crisis)
    }

    @Test func misspelledSuicideWordAloneIsAtLeastConcern() {
        #expect(screener.assess("suicde").level >= .concern)
    }

    @Test(arguments: [
        "this exam is killing me", "I'd die for a pizza", "my feet are killing me", "I could kill for a coffee",
        "dying of laughter", "that joke killed", "I'm dead 😂", "kill the process", "killing time", "drop-dead gorgeous",
    ])
    func everydayHyperboleIsNone(text: String) {
        #expect(screener.assess(text).level == .none)
    }

    @Test(arguments: ["I feel hopeless", "I'm worthless", "I feel empty", "nothing matters", "I hate myself"])
    func lowMoodIsConcern(text: String) {
        #expect(screener.assess(text).level == .concern)
    }

    @Test func categoriesNameTheKindOfRisk() {
        #expect(screener.assess("I want to kill myself").categories.contains(.suicidalIdeation))
        #expect(screener.assess("I'm going to end my life").categories.contains(.suicidalIntent))
        #expect(screener.assess("I've been saving up my pills").categories.contains(.suicidePlanOrMeans))
        #expect(screener.assess("I cut myself again last night").categories.contains(.selfHarm))
        #expect(screener.assess("I want to hurt my roommate").categories.contains(.harmToOthers))
        #expect(screener.assess("my husband hits me").categories.contains(.dangerOrAbuse))
    }

    @Test func matchedRulesAreIdsNotText() {
        let text = "i want to kill myself, everyone would be better off without me"
        let assessment = screener.assess(text)
        #expect(!assessment.matchedRules.isEmpty)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz-.:")
        for rule in assessment.matchedRules {
            #expect(rule.allSatisfy(allowed.contains))
            #expect(!text.contains(rule))
        }
    }

    @Test func thirdPartyRiskIsConcernNotCrisis() {
        #expect(screener.assess("my friend wants to die").level == .concern)
        #expect(screener.assess("she told me she wants to kill herself").level == .concern)
        // But the person's own statement in the same message still counts.
        #expect(screener.assess("he wants to kill himself and I want to die too").level == .crisis)
    }

    @Test func meansPlusIntentIsImminent() {
        #expect(screener.assess("I bought a rope today. I know what I'm going to do").level == .imminent)
        #expect(screener.assess("I bought a rope for the hammock").level == .none)
    }

    @Test func assessmentRoundTripsThroughJSON() throws {
        let assessment = screener.assess("I want to die")
        #expect(assessment.needsCrisisResponse)
        let decoded = try JSONDecoder().decode(SafetyAssessment.self, from: JSONEncoder().encode(assessment))
        #expect(decoded == assessment)
    }

    @Test func levelsAreOrdered() {
        #expect(RiskLevel.none < .concern && RiskLevel.concern < .crisis && RiskLevel.crisis < .imminent)
        #expect(max(RiskLevel.crisis, .concern) == .crisis)
    }
}
