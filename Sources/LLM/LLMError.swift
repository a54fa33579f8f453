/// Errors of the LLM module. `description` is written to be shown to the user-facing layer: it
/// names what went wrong without leaking conversation content.
public enum LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The GGUF file could not be loaded (missing, unreadable or not a model).
    case modelLoadFailed(path: String)
    /// llama.cpp could not create an inference context (usually out of memory for this context size).
    case contextCreationFailed
    /// The configured or embedded chat template is not one llama.cpp can apply.
    case unsupportedChatTemplate(String)
    /// A configuration value is out of range.
    case invalidConfiguration(String)
    /// The conversation has no user message to answer.
    case invalidConversation(String)
    /// Even the system prompt plus the last user message exceed the prompt budget.
    case promptTooLong(promptTokens: Int, limit: Int)
    /// The KV cache had no room for this batch.
    case contextFull
    /// Tokenizing the prompt failed.
    case tokenizationFailed
    /// `llama_decode` reported an error.
    case decodeFailed(code: Int)
    /// The backend is shutting down and does not accept or finish requests.
    case shuttingDown
    /// The upstream server answered with a non-2xx status.
    case upstreamHTTP(status: Int, bodyExcerpt: String)
    /// The upstream did not answer (or send the first token) in time.
    case upstreamTimeout
    /// The upstream closed the stream before the reply was complete.
    case upstreamDisconnected
    /// The upstream could not be reached at all.
    case upstreamUnreachable(String)
    /// The upstream sent something that is not an OpenAI streaming chat completion.
    case invalidUpstreamResponse(String)

    public var description: String {
        switch self {
        case .modelLoadFailed(let path):
            return "The language model could not be loaded from \(path)."
        case .contextCreationFailed:
            return "The language model context could not be created (not enough memory for this context size?)."
        case .unsupportedChatTemplate(let detail):
            return "The chat template is not supported: \(detail)."
        case .invalidConfiguration(let detail):
            return "Invalid language model configuration: \(detail)."
        case .invalidConversation(let detail):
            return "The conversation cannot be answered: \(detail)."
        case .promptTooLong(let promptTokens, let limit):
            return "The message is too long for the model (\(promptTokens) tokens, at most \(limit))."
        case .contextFull:
            return "The model's memory is full; please try again in a moment."
        case .tokenizationFailed:
            return "The message could not be prepared for the model."
        case .decodeFailed(let code):
            return "The model failed while generating (code \(code))."
        case .shuttingDown:
            return "The assistant is shutting down."
        case .upstreamHTTP(let status, let excerpt):
            return excerpt.isEmpty
                ? "The language model server answered with HTTP \(status)."
                : "The language model server answered with HTTP \(status): \(excerpt)"
        case .upstreamTimeout:
            return "The language model server did not answer in time."
        case .upstreamDisconnected:
            return "The connection to the language model server was lost before the reply was complete."
        case .upstreamUnreachable(let detail):
            return "The language model server could not be reached (\(detail))."
        case .invalidUpstreamResponse(let detail):
            return "The language model server sent an invalid response: \(detail)."
        }
    }

    /// A log-safe summary: the case and its numbers, never free text that came from upstream.
    var logSummary: String {
        switch self {
        case .modelLoadFailed: return "modelLoadFailed"
        case .contextCreationFailed: return "contextCreationFailed"
        case .unsupportedChatTemplate: return "unsupportedChatTemplate"
        case .invalidConfiguration: return "invalidConfiguration"
        case .invalidConversation: return "invalidConversation"
        case .promptTooLong(let promptTokens, let limit): return "promptTooLong(\(promptTokens)/\(limit))"
        case .contextFull: return "contextFull"
        case .tokenizationFailed: return "tokenizationFailed"
        case .decodeFailed(let code): return "decodeFailed(\(code))"
        case .shuttingDown: return "shuttingDown"
        case .upstreamHTTP(let status, _): return "upstreamHTTP(\(status))"
        case .upstreamTimeout: return "upstreamTimeout"
        case .upstreamDisconnected: return "upstreamDisconnected"
        case .upstreamUnreachable: return "upstreamUnreachable"
        case .invalidUpstreamResponse: return "invalidUpstreamResponse"
        }
    }
}
