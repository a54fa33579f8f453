import Testing

@testable import LLM

@Suite("Context window fitting")
struct ContextWindowFitterTests {
    private let history: [ChatMessage] = [
        .system("sys"), .user("u1-aaaa"), .assistant("a1-aaaa"), .user("u2-aaaa"), .assistant("a2-aaaa"),
        .user("u3-aaaa"),
    ]

    private func fitter(budget: Int, target: Int? = nil) -> ContextWindowFitter<Void> {
        ContextWindowFitter(budget: budget, overflowTarget: target) { kept in ((), kept.reduce(0) { $0 + $1.content.count }) }
    }

    @Test("nothing is dropped when the history fits")
    func fits() throws {
        let result = try fitter(budget: 100).fit(history)
        #expect(result.dropped == 0)
        #expect(result.kept == history)
    }

    @Test("oldest turns go first, the kept history restarts at a user turn, system and last user stay")
    func dropsOldest() throws {
        let result = try fitter(budget: 26).fit(history)  // 3 + 5 * 7 = 38 in full
        #expect(result.dropped == 2)
        #expect(result.kept == [.system("sys"), .user("u2-aaaa"), .assistant("a2-aaaa"), .user("u3-aaaa")])
    }

    @Test("on overflow it drops down to the overflow target, and honours a minimum drop")
    func overflowTargetAndMinimum() throws {
        #expect(try fitter(budget: 31, target: 10).fit(history).dropped == 4)
        #expect(try fitter(budget: 100).fit(history, minimumDrop: 2).dropped == 2)
    }

    @Test("too long even with everything droppable dropped")
    func tooLong() {
        #expect(throws: LLMError.promptTooLong(promptTokens: 10, limit: 9)) {
            try fitter(budget: 9).fit(history)
        }
    }

    @Test("a conversation without a user message is rejected")
    func noUser() {
        #expect(throws: LLMError.self) { try fitter(budget: 100).fit([.system("sys")]) }
    }
}
