import Safety
import Testing

@Suite struct CrisisResponseTests {
    let us = CrisisResourceDirectory.standard.resources(for: "US")
    let gb = CrisisResourceDirectory.standard.resources(for: "GB")

    @Test func crisisReplyIsWarmPointsToHelpAndIsHonestAboutBeingAnAI() {
        let text = CrisisResponse.reply(for: CrisisScreener().assess("I want to kill myself"), resources: us)
        #expect(text.contains("you're not alone"))
        #expect(text.contains("988"))
        #expect(text.contains("HOME to 741741"))
        #expect(text.contains("https://findahelpline.com"))
        #expect(text.contains("If you're in immediate danger, call 911 now"))
        #expect(text.contains("I'm an AI"))
        #expect(text.contains("can't call anyone or send help"))
    }

    @Test func imminentReplyUrgesEmergencyServicesNow() {
        let text = CrisisResponse.reply(for: CrisisScreener().assess("I have the pills and I'm doing it tonight"), resources: gb)
        #expect(text.contains("Please call 999 now"))
        #expect(text.contains("move away from anything you could use to hurt yourself"))
        #expect(text.contains("116 123"))
        #expect(text.contains("can't call for help"))
        #expect(!text.contains("911"))
    }

    @Test func dangerAndHarmToOthersGetTheirOwnOpening() {
        let danger = CrisisResponse.reply(for: SafetyAssessment(level: .crisis, categories: [.dangerOrAbuse]), resources: us)
        #expect(danger.contains("You deserve to be safe"))
        #expect(danger.contains("it isn't your fault"))
        let others = CrisisResponse.reply(for: SafetyAssessment(level: .crisis, categories: [.harmToOthers]), resources: us)
        #expect(others.contains("Thoughts of hurting someone"))
    }

    @Test func withNoResourcesItStillPointsSomewhere() {
        let text = CrisisResponse.reply(for: SafetyAssessment(level: .crisis), resources: [])
        #expect(text.contains("https://findahelpline.com"))
        #expect(text.contains("your local emergency number"))
    }

    @Test(arguments: ReplyViolation.allCases)
    func blockedReplyReplacementIsGentleAndRedirects(reason: ReplyViolation) {
        let text = CrisisResponse.replacementForBlockedReply(reason: reason, resources: us)
        #expect(text.contains("I'm still here to listen"))
        #expect(ReplyScreen().check(text, isComplete: true) == .allowed)
        if [.selfHarmMethod, .encouragesSelfHarm, .unsafeCrisisGuidance].contains(reason) {
            #expect(text.contains("988"))
            #expect(text.contains("thinking about hurting yourself"))
        }
        // In a conversation whose person said nothing of danger, no replacement speaks of it.
        let calm = CrisisResponse.replacementForBlockedReply(reason: reason, resources: us, conversationAtRisk: false)
        #expect(!calm.contains("hurting yourself") && !calm.contains("immediate danger"), "\(calm)")
        #expect(calm.contains("I'm still here to listen"))
        #expect(ReplyScreen().check(calm, isComplete: true) == .allowed)
    }

    @Test func crisisRepliesPassTheReplyScreen() {
        for level in [RiskLevel.crisis, .imminent] {
            for categories in [Set<RiskCategory>([.suicidalIdeation]), [.dangerOrAbuse], [.harmToOthers]] {
                for resources in [us, gb] {
                    let text = CrisisResponse.reply(for: SafetyAssessment(level: level, categories: categories), resources: resources)
                    #expect(ReplyScreen().check(text, isComplete: true) == .allowed)
                }
            }
        }
    }
}
