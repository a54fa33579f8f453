/// Measurements of one reply, sent with `.finished`. Counts are in the backend's tokens.
public struct GenerationStats: Sendable, Equatable {
    /// Tokens in the prompt the model saw (after fitting the history into the context window).
    public var promptTokens: Int
    /// Of `promptTokens`, how many were already in the KV cache and were not processed again.
    public var reusedPromptTokens: Int
    /// Tokens generated, end-of-generation token excluded.
    public var generatedTokens: Int
    /// History messages left out (oldest first) so the prompt fits the context window.
    public var droppedMessages: Int
    /// Time spent waiting for a free sequence slot.
    public var queueDuration: Duration
    /// From the `generate` call to the first generated token (queueing and prompt processing included).
    public var timeToFirstToken: Duration
    /// Generation speed after the first token: (generatedTokens - 1) / time from first to last token.
    public var tokensPerSecond: Double
    /// Most sequences that shared one `llama_decode` call with this reply (1 = never batched with
    /// another). Always 1 for the OpenAI backend, which cannot see the upstream's batching.
    public var peakBatchedSequences: Int

    /// Prompt tokens that had to be processed for this reply.
    public var processedPromptTokens: Int { promptTokens - reusedPromptTokens }

    public init(
        promptTokens: Int = 0,
        reusedPromptTokens: Int = 0,
        generatedTokens: Int = 0,
        droppedMessages: Int = 0,
        queueDuration: Duration = .zero,
        timeToFirstToken: Duration = .zero,
        tokensPerSecond: Double = 0,
        peakBatchedSequences: Int = 1
    ) {
        self.promptTokens = promptTokens
        self.reusedPromptTokens = reusedPromptTokens
        self.generatedTokens = generatedTokens
        self.droppedMessages = droppedMessages
        self.queueDuration = queueDuration
        self.timeToFirstToken = timeToFirstToken
        self.tokensPerSecond = tokensPerSecond
        self.peakBatchedSequences = peakBatchedSequences
    }
}
