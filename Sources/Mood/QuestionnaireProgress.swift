import Foundation

/// What a series of PHQ-9 or GAD-7 scores means, by the definitions clinicians use in
/// measurement-based care, so a person reads "that is a response", not a bare number.
///
/// - Response: the latest score at least 50% below the first (PHQ-9: the usual definition in
///   treatment trials; applied to the GAD-7 the same way).
/// - Remission: the latest score below 5 (the top of the "minimal" band of both).
/// - Minimal clinically important difference: 5 points on the PHQ-9 (Löwe et al. 2004).
/// - Reliable change: 6 points on the PHQ-9 and 4 on the GAD-7, as NHS Talking Therapies use them
///   (a change larger than the questionnaire's own measurement error).
public struct QuestionnaireProgress: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var score: Int
        public var severity: Questionnaire.Severity
        public var date: Date

        public init(score: Int, severity: Questionnaire.Severity, date: Date) {
            self.score = score
            self.severity = severity
            self.date = date
        }
    }

    public var kind: Questionnaire.Kind
    /// Oldest first.
    public var history: [Point]
    public var first: Point? { history.first }
    public var latest: Point? { history.last }
    /// latest - first (negative is better); nil with fewer than two scores.
    public var change: Int? {
        guard history.count >= 2, let first, let latest else { return nil }
        return latest.score - first.score
    }
    public var response: Bool {
        guard let change, let first, first.score > 0 else { return false }
        return Double(-change) >= 0.5 * Double(first.score)
    }
    public var remission: Bool {
        guard history.count >= 2, let latest else { return false }
        return latest.score < 5
    }
    public var reliableImprovement: Bool { (change ?? 0) <= -Self.reliableChange(kind) }
    public var reliableDeterioration: Bool { (change ?? 0) >= Self.reliableChange(kind) }
    public var clinicallyImportantImprovement: Bool { kind == .phq9 && (change ?? 0) <= -5 }

    public init(kind: Questionnaire.Kind, history: [Point]) {
        self.kind = kind
        self.history = history.sorted { $0.date < $1.date }
    }

    /// Points a change must reach to be more than measurement error.
    public static func reliableChange(_ kind: Questionnaire.Kind) -> Int {
        switch kind {
        case .phq9: 6
        case .gad7: 4
        case .phq2: 3
        }
    }

    /// When the questionnaire is due again: `intervalDays` after the latest answer (now, when never answered).
    public func nextDue(intervalDays: Int, now: Date = Date()) -> Date {
        guard let latest else { return now }
        return latest.date.addingTimeInterval(Double(intervalDays) * 86_400)
    }

    /// One plain sentence, never a diagnosis: "Your PHQ-9 went from 20 to 8: that is a response."
    public var summary: String {
        let name = kind == .gad7 ? "GAD-7" : "PHQ-9"
        guard let first, let latest else { return "No \(name) answers yet." }
        guard history.count >= 2 else { return "Your first \(name) score is \(first.score). Answer it again later to see a change." }
        var findings: [String] = []
        if response { findings.append("a response (at least half lower than at the start)") }
        if remission { findings.append("in the minimal range now") }
        if reliableImprovement, !response { findings.append("a reliable improvement") }
        if reliableDeterioration { findings.append("a reliable worsening: it may help to talk to a doctor or therapist about it") }
        let verdict = findings.isEmpty ? "within the range a score moves by chance" : findings.joined(separator: ", ")
        return "Your \(name) went from \(first.score) to \(latest.score): \(verdict)."
    }
}
