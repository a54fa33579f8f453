import Foundation

/// One `generate` call as handed to the decode thread, its prompt already prepared.
struct GenerationRequest: Sendable {
    let id: UUID
    let conversationID: UUID
    let prompt: PreparedPrompt
    let parameters: GenerationParameters
    let continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation
    let submittedAt: ContinuousClock.Instant
}
