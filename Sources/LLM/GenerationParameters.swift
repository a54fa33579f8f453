/// Sampling settings for one reply. Defaults match common chat settings (and llama-server's, except
/// `maxNewTokens`, which is capped so a runaway small model cannot hold a slot for long).
public struct GenerationParameters: Sendable, Equatable {
    /// 0 or below selects greedy decoding.
    public var temperature: Float
    public var topP: Float
    /// 0 or below disables top-k.
    public var topK: Int
    public var maxNewTokens: Int
    /// Fixed seed for reproducible sampling; nil draws a random one.
    public var seed: UInt32?
    /// Penalty over the last 64 tokens; 1 disables it (the default, as in llama-server).
    /// Honoured by the llama.cpp backend only.
    public var repetitionPenalty: Float
    /// Never sample an end-of-generation token, so every reply runs to `maxNewTokens` (benchmarks,
    /// tests that need a reply of known length). Honoured by the llama.cpp backend only.
    public var ignoresEndOfGeneration: Bool

    public init(
        temperature: Float = 0.7,
        topP: Float = 0.95,
        topK: Int = 40,
        maxNewTokens: Int = 200,
        seed: UInt32? = nil,
        repetitionPenalty: Float = 1.0,
        ignoresEndOfGeneration: Bool = false
    ) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.maxNewTokens = maxNewTokens
        self.seed = seed
        self.repetitionPenalty = repetitionPenalty
        self.ignoresEndOfGeneration = ignoresEndOfGeneration
    }
}
