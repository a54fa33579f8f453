import Safety
import Testing

/// Negation never clears risk: it softens to `concern` at most.
@Suite struct NegationTests {
    let screener = CrisisScreener()

    @Test(arguments: [
        "I'm not going to kill myself",
        "I would never kill myself",
        "im not gonna kill myself",
        "I'm not suicidal",
        "I have no intention of killing myself",
        "I won't hurt myself",
        "I have never self harmed",
    ])
    func negatedRiskIsStillConcern(text: String) {
        let assessment = screener.assess(text)
        #expect(assessment.level == .concern)
        #expect(assessment.matchedRules.contains { $0.hasSuffix(":negated") })
    }

    @Test(arguments: [
        "I can't stop thinking about killing myself",
        "I don't want to live anymore",
        "I don't want to be alive",
        "I dont want to kill myself but i dont want to be here either",
        "nobody would even notice if I was gone",
        "I won't be around much longer",
    ])
    func negationThatIsPartOfTheRiskKeepsItCrisis(text: String) {
        #expect(screener.assess(text).level >= .crisis)
    }

    @Test func negationDoesNotReachAcrossClauses() {
        #expect(screener.assess("I'm not okay. I want to die").level == .crisis)
        #expect(screener.assess("no, I want to die").level == .crisis)
        #expect(screener.assess("I'm not okay and I want to die").level == .crisis)
    }
}
