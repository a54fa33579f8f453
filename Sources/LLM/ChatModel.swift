import Foundation

/// A chat backend: the in-process llama.cpp engine (`LlamaChatModel`) or an OpenAI-compatible
/// server (`OpenAIChatModel`).
public protocol ChatModel: Sendable {
    /// Streams one assistant reply for the conversation. `messages` is the whole history (system
    /// prompt first); the backend fits it into its context window by dropping the oldest non-system
    /// turns (never the system prompt, never the last user message), and reports what it used in
    /// `GenerationStats.droppedMessages`. Stopping the iteration (or cancelling its task) cancels
    /// the generation and frees its slot.
    func generate(
        conversationID: UUID,
        messages: [ChatMessage],
        parameters: GenerationParameters
    ) -> AsyncThrowingStream<GenerationEvent, any Error>

    var status: ModelStatus { get async }

    /// Fails pending and running generations with `LLMError.shuttingDown` and releases resources.
    func shutdown() async
}
