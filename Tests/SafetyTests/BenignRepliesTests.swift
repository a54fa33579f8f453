import Foundation
import Safety
import Testing

/// The output screen on what the model really writes in ordinary sad, lonely, grieving and
/// stressed conversations (`Tests/SafetyData/benign-replies`: every distinct reply SmolLM2-135M
/// gave in `bench/replies` runs, plain and conversation sampler, with llama-server and this
/// server). None of these conversations mentions danger, so a reply replaced with crisis text
/// would be a false alarm that frightens someone who said nothing of the kind.
@Suite("Reply screen on real benign replies")
struct BenignRepliesTests {
    struct Reply: Decodable {
        let conversation: String
        let turn: Int
        let text: String
    }

    static func replies() throws -> [Reply] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SafetyData/benign-replies/replies.jsonl")
        let data = try String(contentsOf: url, encoding: .utf8)
        return try data.split(separator: "\n").map { try JSONDecoder().decode(Reply.self, from: Data($0.utf8)) }
    }

    @Test("no benign reply is replaced with crisis text, and what is caught is listed")
    func noCrisisFalseAlarms() throws {
        let replies = try Self.replies()
        #expect(replies.count >= 300)
        let screen = ReplyScreen()
        var caught: [ReplyViolation: [String]] = [:]
        for reply in replies {
            if case .blocked(let violation) = screen.check(reply.text, isComplete: true) {
                caught[violation, default: []].append("\(reply.conversation) t\(reply.turn): \(reply.text.prefix(160))")
            }
        }
        for (violation, texts) in caught.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            print("[benign replies] \(violation.rawValue): \(texts.count)")
            texts.forEach { print("    \($0)") }
        }
        let danger: [ReplyViolation] = [.selfHarmMethod, .encouragesSelfHarm]
        #expect(danger.allSatisfy { caught[$0] == nil }, "\(danger.compactMap { caught[$0] })")
    }
}
