/// The part of a conversation a backend actually sends to the model.
public struct PromptFit: Sendable, Equatable {
    /// Messages kept: leading system messages, then the newest turns, ending with the last user message.
    public var messages: [ChatMessage]
    /// History messages left out, oldest first.
    public var droppedMessages: Int
    /// The cost the fit was measured in: prompt tokens (llama.cpp) or characters (OpenAI backend).
    public var size: Int
    /// The rendered prompt text (llama.cpp backend; empty for the OpenAI backend).
    public var text: String
}
