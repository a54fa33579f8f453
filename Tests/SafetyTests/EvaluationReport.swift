import Safety

/// Precision and recall of the screener on a labelled set, printed as plain tables.
///
/// Reports item numbers and rule ids for misses, never message text, in keeping with the rule
/// that message text is not logged anywhere.
struct EvaluationReport: ReportFormatting {
    struct Row {
        let message: LabelledMessage
        let index: Int
        let predicted: SafetyAssessment
    }

    let name: String
    let rows: [Row]

    init(name: String, messages: [LabelledMessage], screener: CrisisScreener = CrisisScreener()) {
        self.name = name
        self.rows = messages.enumerated().map { Row(message: $1, index: $0, predicted: screener.assess($1.text)) }
    }

    // MARK: - Figures

    /// Exact-level precision and recall for one level.
    func levelFigures(_ level: RiskLevel) -> (precision: Double?, recall: Double?, predicted: Int, expected: Int) {
        let predicted = rows.filter { $0.predicted.level == level }
        let expected = rows.filter { $0.message.level == level }
        let correct = rows.filter { $0.predicted.level == level && $0.message.level == level }.count
        return (ratio(correct, predicted.count), ratio(correct, expected.count), predicted.count, expected.count)
    }

    /// Binary precision and recall at a threshold ("flagged at or above `threshold`").
    func thresholdFigures(_ threshold: RiskLevel, tag: LabelledMessage.Tag? = nil) -> (precision: Double?, recall: Double?, positives: Int) {
        let scope = rows.filter { tag == nil || $0.message.tag == tag }
        let flagged = scope.filter { $0.predicted.level >= threshold }
        let positives = scope.filter { $0.message.level >= threshold }
        let hits = scope.filter { $0.predicted.level >= threshold && $0.message.level >= threshold }.count
        return (ratio(hits, flagged.count), ratio(hits, positives.count), positives.count)
    }

    /// Share of items in `tag` whose expected level is `none` but were flagged at `concern` or above.
    func falseAlarmRate(tag: LabelledMessage.Tag) -> Double? {
        let negatives = rows.filter { $0.message.tag == tag && $0.message.level == .none }
        return ratio(negatives.filter { $0.predicted.level >= .concern }.count, negatives.count)
    }

    /// Share of items in `tag` expected at `crisis` or above that were flagged at `crisis` or above.
    func crisisRecall(tag: LabelledMessage.Tag) -> Double? {
        thresholdFigures(.crisis, tag: tag).recall
    }

    var underTriaged: [Row] { rows.filter { $0.predicted.level < $0.message.level } }
    var overTriaged: [Row] { rows.filter { $0.predicted.level > $0.message.level } }

    // MARK: - Printing

    func render() -> String {
        var lines: [String] = []
        lines.append("== \(name): \(rows.count) messages ==")
        lines.append("Per level (exact level):")
        lines.append(pad("level", 10) + pad("precision", 11) + pad("recall", 9) + "predicted/expected")
        for level in RiskLevel.allCases {
            let figures = levelFigures(level)
            lines.append(pad(level.description, 10) + pad(percent(figures.precision), 11) + pad(percent(figures.recall), 9) + "\(figures.predicted)/\(figures.expected)")
        }
        lines.append("Thresholds (binary):")
        for threshold in [RiskLevel.concern, .crisis, .imminent] {
            let figures = thresholdFigures(threshold)
            lines.append(pad(">= \(threshold)", 14) + "precision " + pad(percent(figures.precision), 8) + "recall " + pad(percent(figures.recall), 8) + "positives \(figures.positives)")
        }
        lines.append("Per tag: n, exact, P/R at >=concern, P/R at >=crisis, false alarm (expected none, flagged)")
        lines.append(pad("tag", 13) + pad("n", 5) + pad("exact", 8) + pad("P>=conc", 9) + pad("R>=conc", 9) + pad("P>=cris", 9) + pad("R>=cris", 9) + "false alarm")
        for tag in LabelledMessage.Tag.allCases {
            let scope = rows.filter { $0.message.tag == tag }
            guard !scope.isEmpty else { continue }
            let exact = ratio(scope.filter { $0.predicted.level == $0.message.level }.count, scope.count)
            let concern = thresholdFigures(.concern, tag: tag)
            let crisis = thresholdFigures(.crisis, tag: tag)
            lines.append(pad(tag.rawValue, 13) + pad("\(scope.count)", 5) + pad(percent(exact), 8)
                + pad(percent(concern.precision), 9) + pad(percent(concern.recall), 9)
                + pad(percent(crisis.precision), 9) + pad(percent(crisis.recall), 9) + percent(falseAlarmRate(tag: tag)))
        }
        lines.append("Under-triaged (predicted below label): \(underTriaged.count)")
        for row in underTriaged { lines.append("  " + describe(row)) }
        lines.append("Over-triaged (predicted above label): \(overTriaged.count)")
        for row in overTriaged { lines.append("  " + describe(row)) }
        return lines.joined(separator: "\n")
    }

    private func describe(_ row: Row) -> String {
        let rules = row.predicted.matchedRules.isEmpty ? "-" : row.predicted.matchedRules.joined(separator: ",")
        return "#\(row.index) [\(row.message.tag.rawValue)] expected \(row.message.level), got \(row.predicted.level) (\(rules))"
    }
}
