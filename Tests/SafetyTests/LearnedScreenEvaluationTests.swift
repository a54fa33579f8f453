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

    /// A batch written by an author who saw no rules, training data or results, sealed until the
    /// shipped screen was measured on it once; that first measurement is asserted as a floor, so
    /// the screen can only get better on it, never be tuned towards it.
    struct SealedBatch: Sendable, CustomTestStringConvertible {
        let file: String
        let recallFloor: Double
        let explicitFloor: Double
        /// The first measurement, and what happened after it.
        let record: String
        var testDescription: String { file }
    }

    static let sealedBatches = [
        SealedBatch(file: "third-heldout/third_heldout.jsonl", recallFloor: 0.89, explicitFloor: 0.93, record: """
            First measurement: rules alone 46.8% -> rules + second opinion 90.4% at >= crisis, calm
            false alarms 1 of 54; that head gave a crisis reply to 12 of the 96 ordinary turns, and the
            head shipped (chat turns in its data, threshold raised for them, decided without this
            batch) measures 87.2%, 0 of 54. Three rules then added for phrasing it missed ("a danger
            to myself", "sh'ing", "toaster bath"): 89.1%. Spent.
            """),
        SealedBatch(file: "fourth-heldout/fourth_heldout.jsonl", recallFloor: 0.86, explicitFloor: 1.0, record: """
            First measurement: rules alone 46.4% -> 86.3%, explicit 30 of 30, precision 95.0%, calm 0
            of 52; over-triage 4 of 12 past, 3 of 12 joking messages. Spent.
            """),
        SealedBatch(file: "fifth-heldout/fifth_heldout.jsonl", recallFloor: 0.80, explicitFloor: 0.96, record: """
            First measurement: rules alone 42.9% -> 80.8%, explicit 29 of 30, precision 95.5%, calm 0
            of 52. Spent. The sixth batch (Tests/SafetyData/sixth-heldout) is sealed: not read here.
            """),
    ]

    @Test(arguments: sealedBatches)
    func sealedBatchKeepsItsFirstMeasurement(_ batch: SealedBatch) async throws {
        let items = try CombinedEvaluation.items(fromJSONL: batch.file)
        #expect(items.count >= 200)
        let report = try await CombinedEvaluation(name: batch.file, items: items)
        print(report.render())
        #expect((report.crisisRecall() ?? 0) >= batch.recallFloor, "\(batch.record)")
        #expect((report.crisisRecall(tag: "explicit") ?? 0) >= batch.explicitFloor)
        #expect((report.crisisRecall(rulesOnly: true) ?? 1) < 0.5, "the rules alone did not see this phrasing")
        let calm = report.calmFalseAlarms()
        #expect(Double(calm.count) <= 0.05 * Double(calm.of))
    }
}
