/// Sampling settings for one reply. The defaults are llama.cpp's plain chain (and llama-server's,
/// except `maxNewTokens`, capped so a runaway small model cannot hold a slot for long); the chat
/// uses `AppConfiguration`'s conversation sampler instead, chosen by `bench/replies`.
public struct GenerationParameters: Sendable, Equatable {
    /// 0 or below selects greedy decoding.
    public var temperature: Float
    public var topP: Float
    /// 0 or below disables top-k.
    public var topK: Int
    /// Drops tokens less likely than `minP` times the most likely one; 0 disables it. Cuts the
    /// long tail a small model wanders into at temperature 0.7 without flattening its choices.
    public var minP: Float
    public var maxNewTokens: Int
    /// Fixed seed for reproducible sampling; nil draws a random one.
    public var seed: UInt32?
    /// Penalty on tokens seen in the last `repetitionWindow` tokens; 1 disables it.
    public var repetitionPenalty: Float
    /// Tokens the repetition penalty looks back over (llama.cpp's `repeat_last_n`).
    public var repetitionWindow: Int
    /// DRY ("don't repeat yourself"): penalises a token that would extend a sequence already seen,
    /// growing with the sequence's length, so phrase loops ("I'm just a just a ...") die out
    /// where a per-token penalty alone lets them continue. nil disables it.
    public var dry: DRYParameters?
    /// Never sample an end-of-generation token, so every reply runs to `maxNewTokens` (benchmarks,
    /// tests that need a reply of known length). Honoured by the llama.cpp backend only.
    public var ignoresEndOfGeneration: Bool

    public init(
        temperature: Float = 0.7,
        topP: Float = 0.95,
        topK: Int = 40,
        minP: Float = 0,
        maxNewTokens: Int = 200,
        seed: UInt32? = nil,
        repetitionPenalty: Float = 1.0,
        repetitionWindow: Int = 64,
        dry: DRYParameters? = nil,
        ignoresEndOfGeneration: Bool = false
    ) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.minP = minP
        self.maxNewTokens = maxNewTokens
        self.seed = seed
        self.repetitionPenalty = repetitionPenalty
        self.repetitionWindow = repetitionWindow
        self.dry = dry
        self.ignoresEndOfGeneration = ignoresEndOfGeneration
    }
}

/// llama.cpp's DRY sampler settings, named as llama-server's request fields.
public struct DRYParameters: Sendable, Equatable {
    /// Strength (`dry_multiplier`); 0 disables the sampler.
    public var multiplier: Float
    /// Growth of the penalty per extra repeated token (`dry_base`).
    public var base: Float
    /// Repeats up to this length go unpenalised (`dry_allowed_length`), so "I am" may recur.
    public var allowedLength: Int
    /// Tokens looked back over (`dry_penalty_last_n`); the prompt counts, so a window as long as
    /// the conversation also catches a reply copying an earlier one.
    public var penaltyWindow: Int

    public init(multiplier: Float = 0.8, base: Float = 1.75, allowedLength: Int = 2, penaltyWindow: Int = 2048) {
        self.multiplier = multiplier
        self.base = base
        self.allowedLength = allowedLength
        self.penaltyWindow = penaltyWindow
    }
}
