import Safety
import Testing

@Suite struct EscalatingScreenerTests {
    struct FixedOpinion: SecondOpinion {
        let answer: RiskLevel?
        func level(for text: String) async -> RiskLevel? { answer }
    }

    actor CallCounter: SecondOpinion {
        private(set) var calls = 0
        func level(for text: String) async -> RiskLevel? {
            calls += 1
            return RiskLevel.none
        }
    }

    @Test(arguments: [RiskLevel?.none, .some(.none), .some(.concern), .some(.crisis), .some(.imminent)])
    func neverLowersTheRuleLevel(opinion: RiskLevel?) async {
        let combined = EscalatingScreener(secondOpinion: FixedOpinion(answer: opinion))
        for text in ["I want to kill myself", "I feel hopeless", "what a lovely day"] {
            let rules = CrisisScreener().assess(text)
            let result = await combined.assess(text)
            #expect(result.level >= rules.level)
            #expect(result.level == max(rules.level, opinion ?? RiskLevel.none))
        }
    }

    @Test func raisingIsRecorded() async {
        let combined = EscalatingScreener(secondOpinion: FixedOpinion(answer: .crisis))
        let result = await combined.assess("what a lovely day")
        #expect(result.level == .crisis)
        #expect(result.matchedRules.contains("second-opinion"))
    }

    @Test func agreeingOrLowerOpinionLeavesTheAssessmentUntouched() async {
        let text = "I want to kill myself"
        let combined = EscalatingScreener(secondOpinion: FixedOpinion(answer: RiskLevel.none))
        #expect(await combined.assess(text) == CrisisScreener().assess(text))
    }

    @Test func imminentSkipsTheSecondOpinion() async {
        let counter = CallCounter()
        let combined = EscalatingScreener(secondOpinion: counter)
        _ = await combined.assess("I'm going to kill myself tonight")
        #expect(await counter.calls == 0)
        _ = await combined.assess("hello")
        #expect(await counter.calls == 1)
    }

    @Test func raisedHelperOnlyGoesUp() {
        let crisis = SafetyAssessment(level: .crisis, categories: [.suicidalIdeation], matchedRules: ["x"])
        #expect(crisis.raised(to: RiskLevel.none, rule: "y") == crisis)
        #expect(crisis.raised(to: nil, rule: "y") == crisis)
        #expect(crisis.raised(to: .imminent, rule: "y").level == .imminent)
        #expect(crisis.raised(to: .imminent, rule: "y").categories == crisis.categories)
    }
}
