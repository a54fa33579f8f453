import Foundation

/// One `generate` call as handed to the decode thread.
struct GenerationRequest: Sendable {
    let id: UUID
    let conversationID: UUID
    let messages: [ChatMessage]
    let parameters: GenerationParameters
    let continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation
    let submittedAt: ContinuousClock.Instant
}
