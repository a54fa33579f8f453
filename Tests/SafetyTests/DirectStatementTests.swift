import Safety
import Testing

/// Direct statements of suicidal feeling always get the crisis reply (issue 16): phrasings from
/// the issue that the rules answered with `concern`, and their harmless neighbours.
@Suite("Screener: direct statements of suicidal feeling")
struct DirectStatementTests {
    @Test("reach crisis", arguments: [
        "I feel so low and suicidal tonight",
        "feeling really low and honestly suicidal",
        "I have no will to live anymore",
        "lost the will to live",
        "i have no reason to live",
    ])
    func reachCrisis(text: String) {
        #expect(CrisisScreener().assess(text).level >= .crisis, "\(CrisisScreener().assess(text))")
    }

    @Test("stay below crisis", arguments: [
        "I'm not suicidal, just tired",
        "my friend said she feels suicidal and I don't know how to help",
        "I used to feel suicidal years ago but I'm doing better",
        "how do I feel about a suicidal character in a book",
        "the will to live is strong in my cat lol",
    ])
    func staysBelowCrisis(text: String) {
        #expect(CrisisScreener().assess(text).level < .crisis, "\(CrisisScreener().assess(text))")
    }
}
