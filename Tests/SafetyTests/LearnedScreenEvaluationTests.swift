import Foundation
import Safety
import Testing

/// The screen the chat runs (rules + learned second opinion) on every labelled set: what it
/// catches, and what it costs in false alarms. Figures are in docs/safety.md.
@Suite("Rules + learned second opinion", .serialized)
struct LearnedScreenEvaluationTests {
    @Test func developmentSetKeepsItsAims() async throws {
        let report = try await CombinedEvaluation(name: "Development set (rules tuned on)", messages: DevelopmentSet.messages)
        print(report.render())
        #expect(report.crisisRecall(tag: "explicit") == 1.0)
        #expect((report.crisisRecall(tag: "indirect") ?? 0) >= 0.95)
        // Everyday hyperbole: at most 5% flagged at concern or above (the head never says concern,
        // so this is the rules' figure; at crisis the head may add its own).
        let calm = report.calmFalseAlarms()
        #expect(Double(calm.count) <= 0.05 * Double(calm.of))
    }

    @Test func earlierHeldOutBatchesKeepTheirRecall() async throws {
        for (name, messages) in [("First held-out batch (spent)", HeldOutSet.messages), ("Second held-out batch (spent)", SecondHeldOutSet.messages)] {
            let report = try await CombinedEvaluation(name: name, messages: messages)
            print(report.render())
            #expect((report.crisisRecall() ?? 0) >= (report.crisisRecall(rulesOnly: true) ?? 1))
            #expect(report.calmFalseAlarms().count == 0)
        }
    }

    /// Ordinary turns of a conversation with the assistant ("goodnight", "tell me more", replies to
    /// a breathing exercise): the 96 user turns of bench/replies' 12 benign conversations, none in
    /// the training data. A crisis reply to "goodnight" is a failure a person notices at once.
    @Test func ordinaryConversationTurnsAreNotCrises() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        struct Conversation: Decodable { let turns: [String] }
        let conversations = try JSONDecoder().decode([Conversation].self,
                                                     from: Data(contentsOf: root.appendingPathComponent("bench/replies/conversations.json")))
        let items = conversations.flatMap(\.turns).map { CombinedEvaluation.Item(level: .none, tag: "everyday", text: $0) }
        #expect(items.count == 96)
        let report = try await CombinedEvaluation(name: "bench/replies user turns (benign conversations)", items: items)
        print(report.render())
        let alarms = report.calmFalseAlarms()
        #expect(Double(alarms.count) <= 0.03 * Double(alarms.of), "\(alarms.count) of \(alarms.of) ordinary turns got the crisis reply")
    }

    /// The third held-out batch: written by an author who saw neither the rules nor the training
    /// data, sealed until the screen with its second opinion was finished, then measured once
    /// (docs/safety.md has that first measurement). Asserted as a floor so that it can only get
    /// better, never tuned towards.
    @Test func thirdHeldOutBatch() async throws {
        let items = try CombinedEvaluation.items(fromJSONL: "third-heldout/third_heldout.jsonl")
        #expect(items.count >= 200)
        let report = try await CombinedEvaluation(name: "Third held-out batch", items: items)
        print(report.render())
        // First measurement (2026-12-05): rules alone 46.8% -> rules + second opinion 90.4% at
        // >= crisis; calm false alarms 1 of 54. That head then gave a crisis reply to 12 of the 96
        // ordinary conversation turns above ("goodnight", "tell me more"); the head shipped now,
        // with ordinary chat turns in its training data and its threshold raised for them (both
        // decided without this batch), measures 87.2% and 0 of 54. Three rules were then added for
        // kinds of phrasing it missed ("a danger to myself", "sh'ing", "toaster bath"): 89.1%, and
        // the batch is spent. The fourth batch (Tests/SafetyData/fourth-heldout) is the next honest
        // measurement; it is not read here.
        #expect((report.crisisRecall() ?? 0) >= 0.89)
        #expect((report.crisisRecall(rulesOnly: true) ?? 1) < 0.5, "the rules alone did not see this phrasing")
        let calm = report.calmFalseAlarms()
        #expect(Double(calm.count) <= 0.05 * Double(calm.of))
    }

    /// The fourth held-out batch: a fifth author who saw no rules, data or results; sealed until
    /// the shipped screen (head and rules of the third batch's session) was measured on it once.
    @Test func fourthHeldOutBatch() async throws {
        let items = try CombinedEvaluation.items(fromJSONL: "fourth-heldout/fourth_heldout.jsonl")
        #expect(items.count >= 200)
        let report = try await CombinedEvaluation(name: "Fourth held-out batch", items: items)
        print(report.render())
        // First measurement (2026-12-05, before any change): rules alone 46.4% -> rules + second
        // opinion 86.3% at >= crisis (explicit 30 of 30), precision 95.0%, calm false alarms 0 of
        // 52; over-triage 4 of 12 past and 3 of 12 joking messages. Asserted as a floor.
        #expect((report.crisisRecall() ?? 0) >= 0.86)
        #expect(report.crisisRecall(tag: "explicit") == 1.0)
        let calm = report.calmFalseAlarms()
        #expect(Double(calm.count) <= 0.05 * Double(calm.of))
    }

    /// The fifth held-out batch: a sixth author who saw no rules, data or results; sealed until
    /// the shipped screen was measured on it once.
    @Test func fifthHeldOutBatch() async throws {
        let items = try CombinedEvaluation.items(fromJSONL: "fifth-heldout/fifth_heldout.jsonl")
        #expect(items.count >= 200)
        let report = try await CombinedEvaluation(name: "Fifth held-out batch", items: items)
        print(report.render())
        // First measurement (2026-12-05, before any change): rules alone 42.9% -> rules + second
        // opinion 80.8% at >= crisis (explicit 29 of 30), precision 95.5%, calm false alarms 0 of
        // 52. Asserted as a floor.
        #expect((report.crisisRecall() ?? 0) >= 0.80)
        #expect((report.crisisRecall(tag: "explicit") ?? 0) >= 0.96)
        let calm = report.calmFalseAlarms()
        #expect(Double(calm.count) <= 0.05 * Double(calm.of))
    }
}
