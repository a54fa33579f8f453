import Safety
import Testing

/// The screen reads a message with the person's earlier messages as context (issue 16).
@Suite struct ConversationContextTests {
    let screener = CrisisScreener()

    @Test func aVagueIntentAfterADisclosureIsCaught() {
        let message = "I'm going to do it tonight"
        #expect(screener.assess(message).level < .crisis, "alone, 'do it' could be anything")
        let result = screener.assess(message, earlier: ["hi", "honestly I just want to die", "nobody would notice"])
        #expect(result.level == .imminent)
        #expect(result.matchedRules.contains { $0.hasSuffix(":context") })
    }

    @Test func meansNamedEarlierMakeALaterWishAPlan() {
        let result = screener.assess("I want to die", earlier: ["I bought a rope today"])
        #expect(result.level == .imminent)
        #expect(result.matchedRules.contains("combination.means-and-intent"))
    }

    @Test(arguments: [
        ["I'm not going to kill myself, don't worry"],
        ["I used to feel suicidal years ago, I'm ok now"],
        ["this exam is killing me lol"],
        ["I'm going to the cinema tonight with my sister"],
    ])
    func contextWithoutRiskLendsNothing(earlier: [String]) {
        #expect(screener.assess("I'm going to do it tonight", earlier: earlier).level < .crisis)
    }

    @Test func contextNeverLowersAMessage() {
        for text in ["I want to kill myself", "I feel hopeless", "I have the pills and I'm doing it tonight"] {
            #expect(screener.assess(text, earlier: ["what a lovely day", "thanks!"]) == screener.assess(text))
        }
    }

    @Test func earlierMessagesAreNotReassessed() {
        // The old disclosure already had its reply; a calm message now stays calm.
        #expect(screener.assess("thanks, that helped a bit", earlier: ["I want to kill myself"]).level < .crisis)
    }

    @Test func theEscalatingScreenerPassesContextToTheRules() async {
        struct Silent: SecondOpinion { func level(for text: String) async -> RiskLevel? { nil } }
        let combined = EscalatingScreener(secondOpinion: Silent())
        #expect(await combined.assess("I'm going to do it tonight", earlier: ["I want to die"]).level == .imminent)
    }
}
