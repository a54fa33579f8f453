/// How much of the decode thread's time long prompts may take while replies are streaming.
///
/// A step that carries prompt tokens beside generating sequences takes longer than a step of
/// generated tokens alone, and every streaming reply waits for it. On 2 cores a prompt token costs
/// about half a generation step, so three conversations admitted with long, uncached histories
/// used to hold a streaming reply to a tenth of its speed for many seconds (bench/admission).
///
/// Long prompts are therefore let in on earned time: each step without prompt tokens earns
/// `share / (1 - share)` of its duration while a long prompt waits, and a step with prompt tokens
/// spends what it took beyond such a step. Over a reply, long prompts then take about `share` of
/// the time and the reply keeps about `1 - share` of its speed. Short prompts (a new turn of a
/// cached conversation, a first message after the shared system prompt) go in at once: they are
/// what a person is waiting on, and cost a step or two. A long prompt that has waited `patience`
/// gets `shareAfterPatience` instead, so that on a server where replies never stop streaming a
/// returning person waits seconds, not minutes. With nothing generating, prompts fill the batch.
struct PromptTimeShare {
    /// Most long-prompt tokens in one step while something is generating: one chunk is a short
    /// pause.
    static let chunkWhileGenerating = 32
    /// Prompts with at most this many tokens to process count as short: a person's new message,
    /// even a long one, in a cached conversation. Bounding those too would make every person who
    /// writes while others read wait seconds for their first token.
    static let shortPromptTokens = 256
    /// How long (seconds) a long prompt waits at `share` before it gets `shareAfterPatience`.
    static let patience = 4.0
    static let shareAfterPatience = 0.5
    /// A chunk waits until it can be at least this long (or the whole rest of the prompts).
    static let smallestChunk = 8

    let share: Double
    /// Moving average of a step without prompt tokens, in seconds.
    private(set) var generateOnlyStep: Double?
    /// Moving average of what one prompt token adds to a step, in seconds.
    private(set) var promptTokenCost: Double?
    /// Seconds of prompt work earned (negative: owed).
    private(set) var credit = 0.0

    init(share: Double) {
        self.share = share
    }

    /// Whether a prompt with `remaining` tokens still to process goes in without waiting its turn.
    static func isShort(remaining: Int) -> Bool {
        remaining <= shortPromptTokens
    }

    /// The share for a long prompt that has waited `waited` seconds.
    func effectiveShare(waited: Double) -> Double {
        waited >= Self.patience ? max(share, Self.shareAfterPatience) : share
    }

    /// Long-prompt tokens the next step may carry, given `waiting` such tokens in all.
    func longPromptLimit(generating: Bool, waiting: Int, batchRoom: Int) -> Int {
        guard generating, share < 1 else { return batchRoom }
        // Until one chunk has been measured, a smallest chunk finds out what a token costs.
        guard let cost = promptTokenCost, cost > 0 else { return min(batchRoom, Self.smallestChunk) }
        let affordable = credit > 0 ? Int(credit / cost) : 0
        guard affordable >= min(Self.smallestChunk, waiting) else { return 0 }
        return min(batchRoom, Self.chunkWhileGenerating, affordable)
    }

    /// Books a finished step.
    /// `longestWait`: seconds the oldest waiting long prompt has waited.
    mutating func record(stepSeconds: Double, generating: Bool, promptTokens: Int, longPromptWaiting: Bool,
                         longestWait: Double = 0) {
        guard generating, share < 1 else { return }
        // Time is earned for the long prompts waiting now; none is saved up for later ones.
        if !longPromptWaiting { credit = min(credit, 0) }
        if promptTokens == 0 {
            generateOnlyStep = generateOnlyStep.map { 0.8 * $0 + 0.2 * stepSeconds } ?? stepSeconds
            if longPromptWaiting {
                // Capped at one full chunk, so time earned is spent soon and not in one long stall.
                let cap = Double(Self.chunkWhileGenerating) * (promptTokenCost ?? 0)
                let current = effectiveShare(waited: longestWait)
                credit = min(max(cap, 0), credit + stepSeconds * current / (1 - current))
            }
        } else {
            // Without a measured plain step yet, the whole step counts as prompt work.
            let extra = max(0, stepSeconds - (generateOnlyStep ?? 0))
            credit -= extra
            let perToken = extra / Double(promptTokens)
            promptTokenCost = promptTokenCost.map { 0.7 * $0 + 0.3 * perToken } ?? perToken
        }
    }
}
