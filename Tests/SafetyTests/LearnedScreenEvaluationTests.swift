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
        // >= crisis; calm false alarms 1 of 54.
        #expect((report.crisisRecall() ?? 0) >= 0.90)
        #expect((report.crisisRecall(rulesOnly: true) ?? 1) < 0.5, "the rules alone did not see this phrasing")
        let calm = report.calmFalseAlarms()
        #expect(Double(calm.count) <= 0.05 * Double(calm.of))
    }
}
