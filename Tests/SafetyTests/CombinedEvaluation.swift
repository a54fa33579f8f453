import Foundation
import LLM
import Logging
import Safety

/// Rules + learned second opinion (the screen the chat runs) on a labelled set: figures per
/// level, per tag, and the false alarms on calm messages, as printed tables.
///
/// Like `EvaluationReport`, it names items by number, never by text.
struct CombinedEvaluation: ReportFormatting {
    struct Item {
        let level: RiskLevel
        let tag: String
        let text: String
    }

    struct Row {
        let item: Item
        let rules: RiskLevel
        let combined: SafetyAssessment
    }

    static let calmTags: Set<String> = ["hyperbole", "everyday"]

    let name: String
    let rows: [Row]

    /// The real encoder and the bundled head, loaded once for every evaluation in the run.
    static let screen = Task { () throws -> EscalatingScreener in
        var logger = Logger(label: "safety-tests")
        logger.logLevel = .warning
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let encoder = try await SentenceEncoder.load(
            path: root.appendingPathComponent(".cache/models/all-MiniLM-L6-v2.f16.gguf").path, threads: 2, logger: logger)
        let head = try CrisisClassifierHead.bundled()
        return EscalatingScreener(secondOpinion: LearnedSecondOpinion(head: head) { try await encoder.embed($0) })
    }

    init(name: String, items: [Item]) async throws {
        let screen = try await Self.screen.value
        let rules = CrisisScreener()
        var rows: [Row] = []
        for item in items {
            rows.append(Row(item: item, rules: rules.assess(item.text).level, combined: await screen.assess(item.text)))
        }
        self.name = name
        self.rows = rows
    }

    init(name: String, messages: [LabelledMessage]) async throws {
        try await self.init(name: name, items: messages.map { Item(level: $0.level, tag: $0.tag.rawValue, text: $0.text) })
    }

    /// A JSONL file of `{level, tag, text}` objects under Tests/SafetyData.
    static func items(fromJSONL relativePath: String) throws -> [Item] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("SafetyData/\(relativePath)"), encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.isEmpty }.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            guard let levelName = object["level"] as? String, let tag = object["tag"] as? String, let text = object["text"] as? String,
                  let level = RiskLevel.allCases.first(where: { $0.description == levelName }) else {
                throw CocoaError(.fileReadCorruptFile)
            }
            return Item(level: level, tag: tag, text: text)
        }
    }

    // MARK: - Figures

    /// Recall at >= crisis over items labelled crisis or imminent (optionally of one tag).
    func crisisRecall(tag: String? = nil, rulesOnly: Bool = false) -> Double? {
        let positives = rows.filter { $0.item.level >= .crisis && (tag == nil || $0.item.tag == tag) }
        return ratio(positives.filter { (rulesOnly ? $0.rules : $0.combined.level) >= .crisis }.count, positives.count)
    }

    func crisisPrecision(rulesOnly: Bool = false) -> Double? {
        let flagged = rows.filter { (rulesOnly ? $0.rules : $0.combined.level) >= .crisis }
        return ratio(flagged.filter { $0.item.level >= .crisis }.count, flagged.count)
    }

    /// Calm messages (hyperbole, everyday) flagged at `level` or above.
    func calmFalseAlarms(at level: RiskLevel = .crisis, rulesOnly: Bool = false) -> (count: Int, of: Int) {
        let calm = rows.filter { Self.calmTags.contains($0.item.tag) && $0.item.level < level }
        return (calm.filter { (rulesOnly ? $0.rules : $0.combined.level) >= level }.count, calm.count)
    }

    var raisedBySecondOpinion: Int { rows.filter { $0.combined.matchedRules.contains("second-opinion") }.count }

    // MARK: - Printing

    func render() -> String {
        var lines = ["== \(name): \(rows.count) messages, rules alone -> rules + learned second opinion =="]
        lines.append("  >= crisis recall \(percent(crisisRecall(rulesOnly: true))) -> \(percent(crisisRecall())), precision \(percent(crisisPrecision(rulesOnly: true))) -> \(percent(crisisPrecision()))")
        let calmRules = calmFalseAlarms(rulesOnly: true), calm = calmFalseAlarms()
        let calmConcern = calmFalseAlarms(at: .concern)
        lines.append("  calm (hyperbole, everyday) false alarms >= crisis \(calmRules.count)/\(calmRules.of) -> \(calm.count)/\(calm.of); >= concern now \(calmConcern.count)/\(calmConcern.of)")
        lines.append("  raised by the second opinion: \(raisedBySecondOpinion)")
        lines.append("  per level (label -> predicted by rules + model): none / concern / crisis / imminent")
        for level in RiskLevel.allCases {
            let scope = rows.filter { $0.item.level == level }
            guard !scope.isEmpty else { continue }
            let counts = RiskLevel.allCases.map { predicted in scope.filter { $0.combined.level == predicted }.count }
            lines.append("    " + pad(level.description, 10) + counts.map { pad("\($0)", 6) }.joined())
        }
        lines.append("  per tag: n, >= crisis recall rules -> combined, false alarms >= crisis on items labelled below crisis")
        for tag in Set(rows.map(\.item.tag)).sorted() {
            let scope = rows.filter { $0.item.tag == tag }
            let below = scope.filter { $0.item.level < .crisis }
            let alarms = below.filter { $0.combined.level >= .crisis }.count
            lines.append("    " + pad(tag, 16) + pad("\(scope.count)", 5)
                + pad(percent(crisisRecall(tag: tag, rulesOnly: true)), 8) + "-> " + pad(percent(crisisRecall(tag: tag)), 9)
                + (below.isEmpty ? "" : "\(alarms)/\(below.count)"))
        }
        let misses = rows.enumerated().filter { $1.item.level >= .crisis && $1.combined.level < .crisis }
        lines.append("  crisis misses: " + misses.map { "#\($0) [\($1.item.tag)]" }.joined(separator: " "))
        let alarms = rows.enumerated().filter { $1.item.level < .crisis && $1.combined.level >= .crisis }
        lines.append("  false alarms >= crisis: " + alarms.map { "#\($0) [\($1.item.tag), \($1.item.level)]" }.joined(separator: " "))
        return lines.joined(separator: "\n")
    }
}
