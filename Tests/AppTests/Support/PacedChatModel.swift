import Foundation
import LLM

/// A model that streams `tokens` one every `interval` and stops when cancelled, so a test knows
/// exactly how long a reply runs (the shutdown tests). Its stats say 0.1 s to the first token.
struct PacedChatModel: ChatModel {
    var tokens: [String]
    var interval: Duration

    func generate(conversationID: UUID, messages: [ChatMessage], parameters: GenerationParameters)
        -> AsyncThrowingStream<GenerationEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<GenerationEvent, any Error>.makeStream()
        let task = Task {
            continuation.yield(.started)
            for token in tokens {
                do { try await Task.sleep(for: interval) } catch { break }
                continuation.yield(.token(token))
            }
            if !Task.isCancelled {
                continuation.yield(.finished(.stop, GenerationStats(
                    generatedTokens: tokens.count, timeToFirstToken: .milliseconds(100), tokensPerSecond: 20)))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    var status: ModelStatus { get async { ModelStatus(state: .ready, backend: "paced", modelName: "paced") } }

    func shutdown() async {}
}
