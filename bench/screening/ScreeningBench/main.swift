// What the crisis screen (rules + learned second opinion) costs, in-process, on this machine:
// screening latency alone and beside a streaming reply, and the reply's tokens/s alone and beside
// the screening, rounds interleaved so that drift hits both sides alike.
// Usage: ScreeningBench <repo root> <rounds> <gap ms between screened messages>
import BenchSupport
import Foundation
import LLM
import Logging
import Safety

let arguments = CommandLine.arguments
let root = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : ".")
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
let gap = Duration.milliseconds(arguments.count > 3 ? Int(arguments[3]) ?? 250 : 250)
let models = root.appendingPathComponent(".cache/models")
var logger = Logger(label: "screening-bench")
logger.logLevel = .warning

let texts: [String] = try String(contentsOf: root.appendingPathComponent("Tests/SafetyData/training/messages.jsonl"), encoding: .utf8)
    .split(separator: "\n").compactMap { line in
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])?["text"]
    }
let cores = ProcessInfo.processInfo.activeProcessorCount
let head = try CrisisClassifierHead.bundled()
let rules = CrisisScreener()
let chat = try await LlamaChatModel.load(
    configuration: LlamaConfiguration(modelPath: models.appendingPathComponent("SmolLM2-135M-Instruct.Q4_1.gguf").path,
                                      contextSize: 2048, threads: cores),
    logger: logger)
let encoderPath = models.appendingPathComponent("all-MiniLM-L6-v2.f16.gguf").path
/// The server's placement (the decode thread, all its threads) and the naive one (a queue of its
/// own, one thread), which is the reference.
let placements: [(name: String, screen: EscalatingScreener)] = [
    ("encoder on its own queue, 1 thread (reference)", EscalatingScreener(secondOpinion: LearnedSecondOpinion(
        head: head, embed: { [encoder = try await SentenceEncoder.load(path: encoderPath, logger: logger)] in try await encoder.embed($0) }))),
    ("encoder on the decode thread (the server's)", EscalatingScreener(secondOpinion: LearnedSecondOpinion(
        head: head, embed: { [encoder = try await SentenceEncoder.load(path: encoderPath, threads: cores, on: chat, logger: logger)] in
            try await encoder.embed($0) }))),
]

/// One reply of 200 tokens to a fixed prompt; its decode tokens/s.
func reply() async throws -> Double {
    var parameters = GenerationParameters()
    parameters.maxNewTokens = 200
    parameters.seed = 1
    parameters.ignoresEndOfGeneration = true
    let messages = [ChatMessage(role: .system, content: "You are a kind, supportive companion."),
                    ChatMessage(role: .user, content: "I had a long, hard week at work and I feel drained. Can you help me think it through?")]
    for try await event in chat.generate(conversationID: UUID(), messages: messages, parameters: parameters) {
        if case .finished(_, let stats) = event { return stats.tokensPerSecond }
    }
    return .nan
}

/// Screens messages one after another, `gap` apart, until `stop` says so (or `limit` messages).
func screenMessages(_ screen: EscalatingScreener, from start: Int, limit: Int, pause: Duration?,
                    stop: @Sendable () -> Bool = { false }) async -> (rules: [Double], total: [Double]) {
    var ruleTimes: [Double] = [], totals: [Double] = []
    var index = start
    while totals.count < limit, !stop() {
        let text = texts[index % texts.count]
        index += 1
        let clock = ContinuousClock()
        ruleTimes.append(milliseconds(clock.measure { _ = rules.assess(text) }))
        let began = clock.now
        _ = await screen.assess(text)
        totals.append(milliseconds(clock.now - began))
        if let pause { try? await Task.sleep(for: pause) }
    }
    return (ruleTimes, totals)
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

func row(_ name: String, _ values: [Double]) -> String {
    name.padding(toLength: 50, withPad: " ", startingAt: 0)
        + String(format: " p50 %6.2f ms   p95 %6.2f ms   max %7.2f ms   (n=%d)",
                 percentile(values, 50), percentile(values, 95), values.max() ?? .nan, values.count)
}

_ = try await reply()  // warm-up: weights paged in, threads started
print("crisis screen cost, \(cores) cores; a 200-token SmolLM2-135M reply streams while a message is screened every \(Int(milliseconds(gap))) ms; \(rounds) rounds, alone and beside interleaved")
for placement in placements {
    _ = await screenMessages(placement.screen, from: 0, limit: 50, pause: nil)
    var aloneTokens: [Double] = [], besideTokens: [Double] = []
    var aloneScreen: [Double] = [], aloneRules: [Double] = [], besideScreen: [Double] = []
    for round in 0..<rounds {
        aloneTokens.append(try await reply())
        let alone = await screenMessages(placement.screen, from: round * 200, limit: 200, pause: nil)
        aloneScreen += alone.total
        aloneRules += alone.rules
        let done = Flag()
        async let beside = screenMessages(placement.screen, from: round * 97, limit: .max, pause: gap, stop: { done.isSet })
        besideTokens.append(try await reply())
        done.set()
        besideScreen += await beside.total
    }
    let aloneMedian = percentile(aloneTokens, 50), besideMedian = percentile(besideTokens, 50)
    print("\n\(placement.name):")
    print("  " + row("rules alone, per message", aloneRules))
    print("  " + row("rules + second opinion, idle", aloneScreen))
    print("  " + row("rules + second opinion, beside the reply", besideScreen))
    print(String(format: "  reply tokens/s: alone median %.1f, beside the screening median %.1f, ratio %.3f",
                 aloneMedian, besideMedian, besideMedian / aloneMedian))
    print("    per round alone:  " + aloneTokens.map { String(format: "%.1f", $0) }.joined(separator: " "))
    print("    per round beside: " + besideTokens.map { String(format: "%.1f", $0) }.joined(separator: " "))
}
await chat.shutdown()
