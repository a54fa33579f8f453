import Foundation
import Safety
import Testing

@Suite struct SupportModeTests {
    let crisis = SafetyAssessment(level: .crisis, categories: [.suicidalIdeation])
    let calm = SafetyAssessment.none
    let resources = CrisisResourceDirectory.standard.resources(for: "US")

    @Test func startsInactive() {
        let mode = SupportMode()
        #expect(!mode.isActive)
        #expect(mode.systemPrompt(resources: resources) == nil)
    }

    @Test func staysActiveForTheCrisisTurnAndNFollowingTurns() {
        var mode = SupportMode(turns: 3)
        mode.record(crisis)
        #expect(mode.isActive)
        for _ in 1...3 {
            mode.record(calm)
            #expect(mode.isActive)
        }
        mode.record(calm)
        #expect(!mode.isActive)
        #expect(mode.systemPrompt(resources: resources) == nil)
    }

    @Test func aNewCrisisRestartsTheCount() {
        var mode = SupportMode(turns: 2)
        mode.record(crisis)
        mode.record(calm)
        mode.record(SafetyAssessment(level: .imminent, categories: [.suicidePlanOrMeans]))
        mode.record(calm)
        mode.record(calm)
        #expect(mode.isActive)
        #expect(mode.level == .imminent)
        mode.record(calm)
        #expect(!mode.isActive)
    }

    @Test func promptKeepsResourcesAndForbidsMethodTalk() throws {
        var mode = SupportMode()
        mode.record(crisis)
        let prompt = try #require(mode.systemPrompt(resources: resources))
        #expect(prompt.contains("988"))
        #expect(prompt.contains("call 911 now"))
        #expect(prompt.contains("Never describe, discuss, compare or confirm methods"))
        #expect(prompt.contains("never say you can call or send help"))
        #expect(prompt.contains("Gently check in"))
    }

    @Test func imminentPromptIsMoreDirect() throws {
        var mode = SupportMode()
        mode.record(SafetyAssessment(level: .imminent))
        let prompt = try #require(mode.systemPrompt(resources: resources))
        #expect(prompt.contains("may be in immediate danger"))
    }

    @Test func concernAloneDoesNotStartSupportMode() {
        var mode = SupportMode()
        mode.record(SafetyAssessment(level: .concern))
        #expect(!mode.isActive)
    }

    @Test func roundTripsThroughJSONForPersistence() throws {
        var mode = SupportMode(turns: 4)
        mode.record(crisis)
        mode.record(calm)
        let decoded = try JSONDecoder().decode(SupportMode.self, from: JSONEncoder().encode(mode))
        #expect(decoded == mode)
        #expect(decoded.remainingTurns == 3)
    }
}
