import CLlama
import Foundation

/// The state of a reply while it holds a sequence slot. Confined to the decode thread.
final class ActiveGeneration {
    enum Phase {
        /// Prompt tokens from `promptCursor` on are still to be decoded.
        case prompt
        /// `pendingToken` was sampled and must be decoded next step.
        case generating(pendingToken: llama_token)
    }

    let request: GenerationRequest
    let sampler: LlamaSampler
    let prompt: [llama_token]
    let reusedTokens: Int
    let droppedMessages: Int
    let admissionOrder: UInt64
    let startedAt: ContinuousClock.Instant
    var phase: Phase = .prompt
    var promptCursor: Int
    var generatedTokens = 0
    var utf8 = UTF8Accumulator()
    var firstTokenAt: ContinuousClock.Instant?
    var lastTokenAt: ContinuousClock.Instant?
    var peakBatchedSequences = 1
    /// Logits index in the current batch, or nil when this step yields no output for it.
    var outputIndex: Int32?
    /// Tokens placed in the current batch, committed to the slot's cache once decoding succeeds.
    var tokensInBatch: [llama_token] = []

    init(
        request: GenerationRequest, sampler: LlamaSampler, prompt: [llama_token], reusedTokens: Int,
        droppedMessages: Int, admissionOrder: UInt64, startedAt: ContinuousClock.Instant
    ) {
        self.request = request
        self.sampler = sampler
        self.prompt = prompt
        self.reusedTokens = reusedTokens
        self.promptCursor = reusedTokens
        self.droppedMessages = droppedMessages
        self.admissionOrder = admissionOrder
        self.startedAt = startedAt
    }

    func stats(finishedAt: ContinuousClock.Instant) -> GenerationStats {
        var speed = 0.0
        if generatedTokens > 1, let first = firstTokenAt, let last = lastTokenAt {
            let seconds = (last - first).seconds
            speed = seconds > 0 ? Double(generatedTokens - 1) / seconds : 0
        }
        return GenerationStats(
            promptTokens: prompt.count,
            reusedPromptTokens: reusedTokens,
            generatedTokens: generatedTokens,
            droppedMessages: droppedMessages,
            queueDuration: startedAt - request.submittedAt,
            timeToFirstToken: (firstTokenAt ?? finishedAt) - request.submittedAt,
            tokensPerSecond: speed,
            peakBatchedSequences: peakBatchedSequences)
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
