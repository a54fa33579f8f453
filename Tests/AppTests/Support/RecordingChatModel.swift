import Foundation
import LLM

/// Wraps a real model and records what it was asked and how many tokens it streamed, so tests can
/// check the prompt (memory, support mode) and the one-message-per-token rule.
final class RecordingChatModel: ChatModel, @unchecked Sendable {
    struct Call: Sendable {
        var conversationID: UUID
        var messages: [ChatMessage]
        var tokens: Int
    }

    private let base: any ChatModel
    private let lock = NSLock()
    private var recorded: [Call] = []

    init(_ base: any ChatModel) {
        self.base = base
    }

    var calls: [Call] { lock.withLock { recorded } }

    func generate(conversationID: UUID, messages: [ChatMessage], parameters: GenerationParameters)
        -> AsyncThrowingStream<GenerationEvent, any Error> {
        let index = lock.withLock {
            recorded.append(Call(conversationID: conversationID, messages: messages, tokens: 0))
            return recorded.count - 1
        }
        let upstream = base.generate(conversationID: conversationID, messages: messages, parameters: parameters)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await event in upstream {
                        if case .token = event { self.lock.withLock { self.recorded[index].tokens += 1 } }
                        continuation.yield(event)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    var status: ModelStatus { get async { await base.status } }

    func shutdown() async {}
}

/// A stand-in for a model that misbehaves: streams fixed text token by token, to prove that the
/// output screen catches what a real model might say. Used only by the reply-screen tests.
struct ScriptedChatModel: ChatModel {
    let tokens: [String]

    func generate(conversationID: UUID, messages: [ChatMessage], parameters: GenerationParameters)
        -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { continuation in
            continuation.yield(.started)
            for token in tokens { continuation.yield(.token(token)) }
            continuation.yield(.finished(.stop, GenerationStats(generatedTokens: tokens.count)))
            continuation.finish()
        }
    }

    var status: ModelStatus { get async { ModelStatus(state: .ready, backend: "scripted", modelName: "scripted") } }

    func shutdown() async {}
}
