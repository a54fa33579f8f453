/// The PHQ-9 and PHQ-2 depression questionnaires (Kroenke, Spitzer & Williams 2001; 2003) and the
/// GAD-7 anxiety questionnaire (Spitzer, Kroenke, Williams & Löwe 2006), scored as published. Each
/// item is answered 0 ("not at all") to 3 ("nearly every day") for the last two weeks; the score is
/// the sum.
public enum Questionnaire {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case phq9
        case phq2
        case gad7

        public var itemCount: Int {
            switch self {
            case .phq9: 9
            case .phq2: 2
            case .gad7: 7
            }
        }

        public var maxScore: Int { itemCount * 3 }
    }

    public enum Severity: String, Codable, Sendable {
        // PHQ-9 bands at 5, 10, 15 and 20.
        case minimal
        case mild
        case moderate
        case moderatelySevere = "moderately_severe"
        case severe
        // PHQ-2: 3 or more is a positive screen, to be followed by the PHQ-9.
        case negative
        case positive

        public var label: String {
            switch self {
            case .minimal: "Minimal"
            case .mild: "Mild"
            case .moderate: "Moderate"
            case .moderatelySevere: "Moderately severe"
            case .severe: "Severe"
            case .negative: "Negative screen"
            case .positive: "Positive screen"
            }
        }
    }

    public enum InvalidAnswers: Error, Equatable {
        case wrongCount(expected: Int, got: Int)
        case outOfRange(item: Int)
    }

    public struct Score: Sendable, Equatable {
        public var kind: Kind
        public var total: Int
        public var severity: Severity
        /// PHQ-9 item 9 (thoughts that you would be better off dead, or of hurting yourself)
        /// answered above 0: this always starts the crisis flow, whatever the total.
        public var selfHarmItemPositive: Bool
    }

    public static func score(_ kind: Kind, answers: [Int]) throws(InvalidAnswers) -> Score {
        guard answers.count == kind.itemCount else {
            throw .wrongCount(expected: kind.itemCount, got: answers.count)
        }
        if let bad = answers.firstIndex(where: { !(0...3).contains($0) }) {
            throw .outOfRange(item: bad + 1)
        }
        let total = answers.reduce(0, +)
        switch kind {
        case .phq9:
            return Score(kind: kind, total: total, severity: phq9Severity(total), selfHarmItemPositive: answers[8] > 0)
        case .phq2:
            return Score(kind: kind, total: total, severity: total >= 3 ? .positive : .negative, selfHarmItemPositive: false)
        case .gad7:
            return Score(kind: kind, total: total, severity: gad7Severity(total), selfHarmItemPositive: false)
        }
    }

    /// GAD-7 bands at 5, 10 and 15 (Spitzer et al. 2006): minimal 0-4, mild 5-9, moderate 10-14,
    /// severe 15-21.
    static func gad7Severity(_ total: Int) -> Severity {
        switch total {
        case ..<5: .minimal
        case ..<10: .mild
        case ..<15: .moderate
        default: .severe
        }
    }

    static func phq9Severity(_ total: Int) -> Severity {
        switch total {
        case ..<5: .minimal
        case ..<10: .mild
        case ..<15: .moderate
        case ..<20: .moderatelySevere
        default: .severe
        }
    }
}
