import Testing

@testable import LLM

@Suite("UTF-8 accumulation of token pieces")
struct UTF8AccumulatorTests {
    @Test("a character split across pieces is emitted once complete")
    func splitCharacter() {
        var accumulator = UTF8Accumulator()
        let heart = Array("a💙b".utf8)  // 61 F0 9F 92 99 62
        #expect(accumulator.append(heart[0..<2]) == "a")
        #expect(accumulator.append(heart[2..<3]) == nil)
        #expect(accumulator.append(heart[3..<5]) == "💙")
        #expect(accumulator.append(heart[5...]) == "b")
        #expect(accumulator.flush() == nil)
    }

    @Test("a three-byte character split after its first byte")
    func threeByteSplit() {
        var accumulator = UTF8Accumulator()
        let text = Array("é€".utf8)  // C3 A9 E2 82 AC
        #expect(accumulator.append(text[0..<3]) == "é")
        #expect(accumulator.append(text[3...]) == "€")
    }

    @Test("invalid bytes never stall the stream")
    func invalidBytes() {
        var accumulator = UTF8Accumulator()
        #expect(accumulator.append([0xFF, 0x41]) == "\u{FFFD}A")
        #expect(accumulator.append([0xF0, 0x9F]) == nil)
        #expect(accumulator.flush() == "\u{FFFD}")
    }
}
