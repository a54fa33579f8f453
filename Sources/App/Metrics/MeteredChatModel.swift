import Foundation
import LLM

/// Wraps the chat model of one connection to feed the LLM metrics from the event stream itself:
/// queue length (submitted, not yet `.started`), replies in flight, time to first token and
/// tokens per second from the final stats, and how each reply ended. Events pass through
/// unchanged, and stopping the iteration still cancels the wrapped reply.
struct MeteredChatModel: ChatModel {
    let base: any ChatModel
    /// Called once per reply with its outcome, after the gauges moved (tests wait on it).
    var ended: @Sendable (_ outcome: String) -> Void = { _ in }

    func generate(conversationID: UUID, messages: [ChatMessage], parameters: GenerationParameters)
        -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        let upstream = base.generate(conversationID: conversationID, messages: messages, parameters: parameters)
        let (stream, continuation) = AsyncThrowingStream<GenerationEvent, any Error>.makeStream()
        AppMetrics.generationQueued()
        let ended = self.ended
        let task = Task {
            var queued = true
            var outcome: String?
            // Booked before the consumer sees the end, so a client that has the whole reply finds
            // it counted.
            func end(_ result: String) {
                guard outcome == nil else { return }
                outcome = result
                AppMetrics.generationEnded(outcome: result, stillQueued: queued)
                ended(result)
            }
            do {
                for try await event in upstream {
                    switch event {
                    case .started where queued:
                        queued = false
                        AppMetrics.generationStarted()
                    case .finished(_, let stats):
                        AppMetrics.generationFinished(
                            timeToFirstToken: stats.timeToFirstToken, tokensPerSecond: stats.tokensPerSecond)
                        end("finished")
                    default:
                        break
                    }
                    continuation.yield(event)
                }
                end("cancelled")
                continuation.finish()
            } catch {
                end(Task.isCancelled ? "cancelled" : "failed")
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return stream
    }

    var status: ModelStatus { get async { await base.status } }

    func shutdown() async { await base.shutdown() }
}
