/// Why a reply ended.
public enum FinishReason: String, Sendable, Equatable {
    /// The model produced an end-of-generation token (or the upstream said "stop").
    case stop
    /// `maxNewTokens` was reached, or the conversation's context window filled up.
    case length
}
