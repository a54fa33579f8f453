/// What a reply stream carries, in order: `.queued` (zero or more times), `.started`, `.token` (zero
/// or more), then exactly one `.finished`; or the stream throws an `LLMError` instead of finishing.
public enum GenerationEvent: Sendable, Equatable {
    /// Waiting for a free sequence slot; 1 = next in line. Sent again whenever the position changes.
    case queued(position: Int)
    /// A slot was assigned; prompt processing begins.
    case started
    /// The text of one generated token: always valid UTF-8 and never empty. Bytes of a piece that
    /// ends inside a character are held back until it completes, so a delta may rarely hold the
    /// text of two tokens.
    case token(String)
    /// The reply is complete.
    case finished(FinishReason, GenerationStats)
}
