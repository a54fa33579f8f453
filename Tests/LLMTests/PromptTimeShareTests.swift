import Testing

@testable import LLM

/// The bound on long prompts beside streaming replies, stepped with made-up step durations (the
/// decode loop feeds it measured ones; bench/admission measures the effect on a real reply).
@Suite("Prompt time share")
struct PromptTimeShareTests {
    private let generateStep = 0.008

    @Test func promptsFillTheBatchWhenNothingGenerates() {
        let share = PromptTimeShare(share: 0.08)
        #expect(share.longPromptLimit(generating: false, waiting: 1500, batchRoom: 512) == 512)
        let unbounded = PromptTimeShare(share: 1)
        #expect(unbounded.longPromptLimit(generating: true, waiting: 1500, batchRoom: 511) == 511)
    }

    @Test func shortPromptsAreNotBounded() {
        #expect(PromptTimeShare.isShort(remaining: 30))
        #expect(!PromptTimeShare.isShort(remaining: 1500))
    }

    /// Over many steps of a streaming reply, long prompts take about `share` of the time.
    @Test func longPromptsTakeTheirShareOfTimeBesideAStreamingReply() {
        var share = PromptTimeShare(share: 0.08)
        let promptTokenSeconds = 0.004
        var elapsed = 0.0, promptSeconds = 0.0, promptTokens = 0
        for _ in 0..<5_000 {
            let tokens = share.longPromptLimit(generating: true, waiting: 100_000, batchRoom: 511)
            #expect(tokens <= PromptTimeShare.chunkWhileGenerating)
            let step = generateStep + Double(tokens) * promptTokenSeconds
            share.record(stepSeconds: step, generating: true, promptTokens: tokens, longPromptWaiting: true)
            elapsed += step
            promptSeconds += Double(tokens) * promptTokenSeconds
            promptTokens += tokens
        }
        let fraction = promptSeconds / elapsed
        #expect(fraction > 0.06 && fraction < 0.09, "long prompts took \(fraction) of the time")
        #expect(promptTokens > 0)
    }

    /// Time earned while no long prompt waited is not spent later in one long stall.
    @Test func nothingIsSavedUpForLaterPrompts() {
        var share = PromptTimeShare(share: 0.08)
        // Learn what a prompt token costs, then stream for a long time with no prompt waiting.
        share.record(stepSeconds: generateStep, generating: true, promptTokens: 0, longPromptWaiting: true)
        share.record(stepSeconds: generateStep + 8 * 0.004, generating: true, promptTokens: 8, longPromptWaiting: true)
        for _ in 0..<1_000 {
            share.record(stepSeconds: generateStep, generating: true, promptTokens: 0, longPromptWaiting: false)
        }
        #expect(share.credit <= 0)
        #expect(share.longPromptLimit(generating: true, waiting: 1500, batchRoom: 511) == 0)
    }

    /// On a server where replies never stop, a long prompt that has waited `patience` gets half the
    /// time: the person returning to a long conversation waits seconds, not minutes.
    @Test func aLongWaitRaisesTheShare() {
        var share = PromptTimeShare(share: 0.05)
        let promptTokenSeconds = 0.004
        var elapsed = 0.0, promptSeconds = 0.0
        for _ in 0..<5_000 {
            let tokens = share.longPromptLimit(generating: true, waiting: 100_000, batchRoom: 511)
            let step = generateStep + Double(tokens) * promptTokenSeconds
            share.record(stepSeconds: step, generating: true, promptTokens: tokens, longPromptWaiting: true,
                         longestWait: PromptTimeShare.patience + 1)
            elapsed += step
            promptSeconds += Double(tokens) * promptTokenSeconds
        }
        let fraction = promptSeconds / elapsed
        #expect(fraction > 0.4 && fraction < 0.55, "long prompts took \(fraction) of the time")
    }
}
