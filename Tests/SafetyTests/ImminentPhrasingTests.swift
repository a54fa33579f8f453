import Safety
import Testing

/// Phrasings found missed while wiring the chat; each must reach at least crisis.
@Suite("Screener: phrasings found in integration")
struct ImminentPhrasingTests {
    @Test(arguments: [
        "I'm going to end my life tonight",
        "im going to end my life tonight",
        "i dont want to be alive anymore, i want to kill myself",
    ])
    func reachesCrisis(text: String) {
        #expect(CrisisScreener().assess(text).level >= .crisis, "\(CrisisScreener().assess(text))")
    }
}
