import Foundation
import LLM
import Testing

extension RealModelTests {
    /// What a person tapping "send" again and again does to the engine: each new message of the
    /// same conversation cancels the reply in flight.
    @Suite("llama.cpp engine under rapid cancellation")
    struct LlamaStressTests {
        @Test("twenty replies of one conversation, each cancelled early, leave the engine serving")
        func rapidCancelAndResubmit() async throws {
            let model = try LlamaChatModel(configuration: try TestModels.smolConfiguration(parallelSequences: 2),
                                           logger: TestModels.logger)
            let conversation = UUID()
            var history: [ChatMessage] = [.system("You are a warm, supportive assistant.")]
            for round in 0..<20 {
                history.append(.user("Message number \(round). Tell me something kind."))
                let stream = model.generate(conversationID: conversation, messages: history,
                                            parameters: GenerationParameters(maxNewTokens: 64, seed: UInt32(round)))
                let task = Task {
                    var text = ""
                    for try await event in stream {
                        if case .token(let delta) = event { text += delta }
                        if text.count > round % 5 { break }
                    }
                    return text
                }
                if round % 3 == 0 { task.cancel() }
                let partial = try await task.value
                history.append(.assistant(partial))
            }
            let final = try await Transcript.collect(model.generate(
                conversationID: conversation, messages: history + [.user("Thank you.")],
                parameters: GenerationParameters(maxNewTokens: 16, seed: 1)))
            let statistics = model.statistics
            await model.shutdown()
            #expect(final.finishedCount == 1)
            // Every reply was either cancelled or finished on its own: after a few truncated turns
            // SmolLM2 often answers with one token and stops before the consumer breaks, so only
            // the replies cancelled before their first token (every third round) are sure to count.
            #expect(statistics.cancelledRequests + statistics.completedRequests == 21)
            #expect(statistics.cancelledRequests >= 7)
            #expect(statistics.failedRequests == 0)
        }
    }
}
