import Foundation
import LLM

/// Wraps the chat model of one connection to feed the LLM metrics from the event stream itself:
/// queue length (submitted, not yet `.started`), replies in flight, time to first token and
/// tokens per second from the final stats, and how each reply ended. Events pass through
/// unchanged, and stopping the iteration still cancels the wrapped reply.
struct MeteredChatModel: ChatModel {
    let base: any ChatModel

    func generate(conversationID: UUID, messages: [ChatMessage], parameters: GenerationParameters)
        -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        let upstream = base.generate(conversationID: conversationID, messages: messages, parameters: parameters)
        let (stream, continuation) = AsyncThrowingStream<GenerationEvent, any Error>.makeStream()
        AppMetrics.generationQueued()
        let task = Task {
            var queued = true
            var outcome = "cancelled"
            do {
                for try await event in upstream {
                    switch event {
                    case .started where queued:
                        queued = false
                        AppMetrics.generationStarted()
                    case .finished(_, let stats):
                        outcome = "finished"
                        AppMetrics.generationFinished(
                            timeToFirstToken: stats.timeToFirstToken, tokensPerSecond: stats.tokensPerSecond)
                    default:
                        break
                    }
                    continuation.yield(event)
                }
                continuation.finish()
            } catch {
                if !Task.isCancelled { outcome = "failed" }
                continuation.finish(throwing: error)
            }
            AppMetrics.generationEnded(outcome: outcome, stillQueued: queued)
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return stream
    }

    var status: ModelStatus { get async { await base.status } }

    func shutdown() async { await base.shutdown() }
}
