// What admitting long conversations costs a reply that is already streaming (issue 14, item 5):
// one 200-token reply streams; after its first token three conversations with 1,500+ tokens of
// history each (new to the engine, as after a restart or an eviction) are admitted beside it.
// Figures: the streaming reply's tokens/s beside the admissions against the same reply alone
// (rounds interleaved, same run), and what the admitted conversations wait for their first token.
// Both prompt policies run in the same process: `promptShareWhileGenerating` 1.0 (prompt chunks
// fill every batch, the engine before the bound) and the default.
// Usage: AdmissionBench <repo root> <rounds>
import BenchSupport
import Foundation
import LLM
import Logging

let arguments = CommandLine.arguments
let root = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : ".")
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
let cores = ProcessInfo.processInfo.activeProcessorCount
var logger = Logger(label: "admission-bench")
logger.logLevel = .warning
let modelPath = root.appendingPathComponent(".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf").path

let systemPrompt = "You are a kind, supportive companion for someone who feels low. Answer warmly, in two to four sentences."
/// Ordinary, benign sentences; each conversation draws its own order, so no two histories share a
/// prefix beyond the system prompt (a shared prefix would be copied, not processed).
let sentences = [
    "I walked to the bakery this morning and the streets were quiet.",
    "My sister called and we talked about her new flat for almost an hour.",
    "Work was slow today, mostly emails and one long meeting about the budget.",
    "I tried the breathing exercise you suggested and it helped a little.",
    "The rain kept me inside, so I finally sorted the drawer of old letters.",
    "I cooked lentil soup and it was better than I expected.",
    "My neighbour's dog barked half the night and I slept badly.",
    "I have been reading a novel about a lighthouse keeper on a small island.",
    "On the bus I noticed the trees have started to turn yellow.",
    "My manager said the report was good, which surprised me.",
    "I watered the plants on the balcony and repotted the basil.",
    "In the evening I watched an old film I loved as a teenager.",
    "I keep meaning to call my friend from school but I put it off.",
    "The washing machine broke again and the repair is expensive.",
    "I went to the library and sat by the window for an hour.",
    "My mother sent a photo of the garden she has been planting.",
    "I could not decide what to have for dinner so I had toast.",
    "The train was late and I stood on the platform in the cold.",
    "I wrote a short list of small things to do tomorrow.",
    "There was a market in the square with fruit and flowers.",
]
let replies = [
    "That sounds like a gentle day, and noticing small things like that matters.",
    "Thank you for telling me. How did you feel afterwards?",
    "It makes sense that this felt heavy; you are doing more than you think.",
    "Small steps like that count. What would make tomorrow a little easier?",
]

/// A history of user and assistant turns with at least `minimumWords` words, drawn from `seed`.
func history(seed: Int, minimumWords: Int = 1100) -> [ChatMessage] {
    var generator = SplitMix(seed: UInt64(seed))
    var messages = [ChatMessage(role: .system, content: systemPrompt)]
    var words = 0
    var turn = 0
    while words < minimumWords {
        let user = (0..<6).map { _ in sentences[Int(generator.next() % UInt64(sentences.count))] }.joined(separator: " ")
        messages.append(ChatMessage(role: .user, content: "Day \(seed)-\(turn). " + user))
        messages.append(ChatMessage(role: .assistant, content: replies[turn % replies.count]))
        words += user.split(separator: " ").count + 12
        turn += 1
    }
    messages.append(ChatMessage(role: .user, content: "Anyway, what do you think I could do this evening?"))
    return messages
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The streaming reply: 200 tokens to a short new conversation. `afterFirstToken` runs once.
func streamingReply(_ engine: LlamaChatModel, round: Int, afterFirstToken: @Sendable () -> Void = {}) async throws -> Double {
    var parameters = GenerationParameters()
    parameters.maxNewTokens = 200
    parameters.seed = 1
    parameters.ignoresEndOfGeneration = true
    let messages = [ChatMessage(role: .system, content: systemPrompt),
                    ChatMessage(role: .user, content: "Round \(round). I had a long, hard week at work and I feel drained. Can you help me think it through?")]
    var started = false
    for try await event in engine.generate(conversationID: UUID(), messages: messages, parameters: parameters) {
        switch event {
        case .token where !started:
            started = true
            afterFirstToken()
        case .finished(_, let stats):
            return stats.tokensPerSecond
        default: break
        }
    }
    return .nan
}

struct Admitted: Sendable {
    var promptTokens: Int
    var timeToFirstToken: Double
}

/// One long conversation's turn, from submission to its first token (it then writes 40 tokens).
func admit(_ engine: LlamaChatModel, seed: Int) async throws -> Admitted {
    var parameters = GenerationParameters()
    parameters.maxNewTokens = 40
    parameters.seed = 1
    parameters.ignoresEndOfGeneration = true
    for try await event in engine.generate(conversationID: UUID(), messages: history(seed: seed), parameters: parameters) {
        if case .finished(_, let stats) = event {
            return Admitted(promptTokens: stats.promptTokens, timeToFirstToken: milliseconds(stats.timeToFirstToken))
        }
    }
    return Admitted(promptTokens: 0, timeToFirstToken: .nan)
}

final class Trigger: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    private var fired = false
    func fire() {
        let waiting = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            fired = true
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume()
    }
    func wait() async {
        await withCheckedContinuation { continuation in
            let now = lock.withLock { () -> Bool in
                if fired { return true }
                self.continuation = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }
}

print("admission beside a streaming reply: SmolLM2-135M, \(cores) threads, 4 slots; a 200-token reply streams while 3 conversations with 1,500+ tokens of history are admitted after its first token; \(rounds) rounds, alone and beside interleaved")
for (name, share) in [("prompt chunks fill every batch (before)", 1.0), ("bounded prompt share (default)", LlamaConfiguration.defaultPromptShareWhileGenerating)] {
    let engine = try await LlamaChatModel.load(
        configuration: LlamaConfiguration(modelPath: modelPath, contextSize: 4096, threads: cores, parallelSequences: 4,
                                          promptShareWhileGenerating: share),
        logger: logger)
    _ = try await streamingReply(engine, round: -1)  // warm-up
    var alone: [Double] = [], beside: [Double] = [], waits: [Double] = [], promptSizes: [Int] = []
    var waitsAlone: [Double] = []
    for round in 0..<rounds {
        async let first = admit(engine, seed: 1000 * round + 5 + Int(share * 100))
        async let second = admit(engine, seed: 1000 * round + 15 + Int(share * 100))
        async let third = admit(engine, seed: 1000 * round + 25 + Int(share * 100))
        waitsAlone += try await [first, second, third].map(\.timeToFirstToken)
        alone.append(try await streamingReply(engine, round: round))
        let trigger = Trigger()
        async let admissions = withThrowingTaskGroup(of: Admitted.self) { group in
            await trigger.wait()
            for index in 0..<3 { group.addTask { try await admit(engine, seed: 1000 * round + 10 * index + Int(share * 100)) } }
            return try await group.reduce(into: [Admitted]()) { $0.append($1) }
        }
        beside.append(try await streamingReply(engine, round: round) { trigger.fire() })
        let admitted = try await admissions
        waits += admitted.map(\.timeToFirstToken)
        promptSizes += admitted.map(\.promptTokens)
    }
    await engine.shutdown()
    let ratio = percentile(beside, 50) / percentile(alone, 50)
    print("\n\(name), promptShareWhileGenerating \(share):")
    print(String(format: "  streaming reply tokens/s: alone median %.1f, beside 3 admissions median %.1f, ratio %.3f (aim >= 0.90)",
                 percentile(alone, 50), percentile(beside, 50), ratio))
    print("    per round alone:  " + alone.map { String(format: "%.1f", $0) }.joined(separator: " "))
    print("    per round beside: " + beside.map { String(format: "%.1f", $0) }.joined(separator: " "))
    print(String(format: "  admitted conversations: prompt %d-%d tokens; time to first token beside the reply p50 %.0f ms, max %.0f ms; without it p50 %.0f ms, max %.0f ms",
                 promptSizes.min() ?? 0, promptSizes.max() ?? 0, percentile(waits, 50), waits.max() ?? .nan,
                 percentile(waitsAlone, 50), waitsAlone.max() ?? .nan))
}

/// A person comes back to a long conversation after four others took every slot: their time to
/// first token with the evicted cache parked in memory (the default) and without (0 bytes).
func returningTurn(_ engine: LlamaChatModel, seed: Int) async throws -> (cold: Double, returning: Double) {
    var parameters = GenerationParameters()
    parameters.maxNewTokens = 8
    parameters.seed = 1
    let conversation = UUID()
    var messages = history(seed: seed)
    var reply = ""
    var cold = Double.nan
    for try await event in engine.generate(conversationID: conversation, messages: messages, parameters: parameters) {
        if case .token(let text) = event { reply += text }
        if case .finished(_, let stats) = event { cold = milliseconds(stats.timeToFirstToken) }
    }
    for other in 0..<4 {
        for try await _ in engine.generate(conversationID: UUID(), messages: [ChatMessage(role: .system, content: systemPrompt),
            ChatMessage(role: .user, content: "Hello \(seed)-\(other). Tell me one kind thing.")], parameters: parameters) {}
    }
    messages.append(ChatMessage(role: .assistant, content: reply))
    messages.append(ChatMessage(role: .user, content: "Thank you. I'm back now."))
    for try await event in engine.generate(conversationID: conversation, messages: messages, parameters: parameters) {
        if case .finished(_, let stats) = event { return (cold, milliseconds(stats.timeToFirstToken)) }
    }
    return (cold, .nan)
}

print("\na person returns to a 1,500+-token conversation after four others took every slot (time to first token, ms):")
for (name, bytes) in [("evicted cache dropped (0 bytes parked)", 0), ("evicted cache parked in memory (default)", LlamaConfiguration(modelPath: modelPath).parkedCacheBytes)] {
    let engine = try await LlamaChatModel.load(
        configuration: LlamaConfiguration(modelPath: modelPath, contextSize: 4096, threads: cores, parallelSequences: 4,
                                          parkedCacheBytes: bytes),
        logger: logger)
    var colds: [Double] = [], returns: [Double] = []
    for round in 0..<max(2, rounds / 2) {
        let (cold, returning) = try await returningTurn(engine, seed: 7000 + 100 * round + bytes % 97)
        colds.append(cold)
        returns.append(returning)
    }
    await engine.shutdown()
    print(String(format: "  %@: first turn (cold) p50 %.0f ms; returning turn p50 %.0f ms", name, percentile(colds, 50), percentile(returns, 50)))
}
