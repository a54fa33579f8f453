@testable import App
import Foundation
import LLM
import Testing

/// The queue and in-flight gauges return to where they were whatever way a reply ends.
@Suite("Metered chat model", .serialized)
struct MeteredChatModelTests {
    @Test("a finished and a cancelled reply each leave the queue and in-flight gauges as they found them")
    func gaugesBalance() async throws {
        AppMetrics.bootstrap()
        let (outcomes, outcome) = AsyncStream<String>.makeStream()
        let model = MeteredChatModel(base: PacedChatModel(tokens: Array(repeating: "a", count: 50), interval: .milliseconds(20)),
                                     ended: { outcome.yield($0) })
        var endings = outcomes.makeAsyncIterator()
        let finished = AppMetrics.Name.generations + "{outcome=\"finished\"}"
        let cancelled = AppMetrics.Name.generations + "{outcome=\"cancelled\"}"
        let before = AppMetrics.exposition()

        for try await _ in model.generate(conversationID: UUID(), messages: [.user("hi")], parameters: .init()) {}
        #expect(await endings.next() == "finished")
        // The consumer is cancelled mid-reply (after its first token), as a session is when its
        // socket closes.
        let (firstTokens, firstToken) = AsyncStream<Void>.makeStream()
        let consumer = Task {
            for try await event in model.generate(conversationID: UUID(), messages: [.user("hi")], parameters: .init()) {
                if case .token = event { firstToken.yield() }
            }
        }
        var tokens = firstTokens.makeAsyncIterator()
        _ = await tokens.next()
        consumer.cancel()
        _ = await consumer.result
        #expect(await endings.next() == "cancelled")

        let after = AppMetrics.exposition()
        #expect(Self.value(after, finished) >= Self.value(before, finished) + 1)
        #expect(Self.value(after, cancelled) >= Self.value(before, cancelled) + 1)
        #expect(after.contains(AppMetrics.Name.timeToFirstToken + "_count"))
        for gauge in [AppMetrics.Name.queueLength + " ", AppMetrics.Name.generationsInFlight + " "] {
            #expect(Self.value(after, gauge) == Self.value(before, gauge), "\(gauge)")
        }
    }

    private static func value(_ text: String, _ prefix: String) -> Double {
        text.split(separator: "\n").filter { $0.hasPrefix(prefix) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }
}
