import Safety
import Testing

/// The acceptance figures from the issue, measured on the labelled sets.
@Suite struct ScreenerEvaluationTests {
    @Test func developmentSetMeetsTheAims() {
        let report = EvaluationReport(name: "Development set (tuned on)", messages: DevelopmentSet.messages)
        print(report.render())

        #expect(DevelopmentSet.messages.count >= 180)
        // Explicit crisis: every explicit statement labelled crisis or imminent is caught at crisis or above.
        #expect(report.crisisRecall(tag: .explicit) == 1.0)
        // Indirect ideation is treated as crisis; aim at least 95%.
        #expect((report.crisisRecall(tag: .indirect) ?? 0) >= 0.95)
        // Everyday hyperbole: at most 5% flagged at concern or above.
        #expect((report.falseAlarmRate(tag: .hyperbole) ?? 1) <= 0.05)
    }

    /// The first held-out batch. Reported, not asserted: it was measured once before any change
    /// (figures in docs/safety.md) and rules were then revised using it, so today's figures on it
    /// are no longer an honest estimate.
    @Test func firstHeldOutBatchIsReported() {
        let report = EvaluationReport(name: "First held-out batch (measured, then used for fixes)", messages: HeldOutSet.messages)
        print(report.render())
        #expect(HeldOutSet.messages.count >= 40)
    }

    /// The current honest estimate. Reported, not asserted, so that it never becomes a target
    /// the rules are tuned to (see docs/safety.md).
    @Test func secondHeldOutBatchIsReported() {
        let report = EvaluationReport(name: "Second held-out batch (not tuned on)", messages: SecondHeldOutSet.messages)
        print(report.render())
        #expect(SecondHeldOutSet.messages.count >= 40)
    }
}
