/// Counters of the decode loop, for tests, benchmarks and status pages.
public struct EngineStatistics: Sendable, Equatable {
    /// `llama_decode` calls made.
    public var decodeCalls = 0
    /// Largest number of distinct sequences in one `llama_decode` call.
    public var maxSequencesPerDecode = 0
    /// Prompt tokens decoded (reused ones excluded).
    public var promptTokensProcessed = 0
    /// Prompt tokens served from the KV cache instead of being decoded.
    public var promptTokensReused = 0
    /// Conversations whose parked KV cache was put back into a slot (`ParkedConversations`).
    public var conversationsRestored = 0
    /// Tokens sampled.
    public var tokensGenerated = 0
    /// Requests currently holding a slot.
    public var activeSequences = 0
    /// Requests waiting for a slot.
    public var queuedRequests = 0
    /// Requests completed, cancelled, failed.
    public var completedRequests = 0
    public var cancelledRequests = 0
    public var failedRequests = 0

    public init() {}
}
