/// The screener's verdict on one message.
///
/// Holds rule identifiers, never message text, so it can be logged, stored and sent to
/// metrics without leaking what a person in distress wrote.
public struct SafetyAssessment: Sendable, Equatable, Codable {
    public var level: RiskLevel
    public var categories: Set<RiskCategory>
    /// Identifiers of the rules that fired, e.g. `ideation.kill-self` or `ideation.kill-self:negated`.
    public var matchedRules: [String]

    public init(level: RiskLevel, categories: Set<RiskCategory> = [], matchedRules: [String] = []) {
        self.level = level
        self.categories = categories
        self.matchedRules = matchedRules
    }

    /// An assessment with no risk found.
    public static let none = SafetyAssessment(level: .none)

    /// True when the chat should send the fixed crisis reply instead of a generated one.
    public var needsCrisisResponse: Bool { level >= .crisis }

    /// This assessment with its level raised to `other` if that is higher; never lowered.
    ///
    /// `rule` is recorded only when the level actually changes, so `matchedRules`
    /// shows who escalated.
    public func raised(to other: RiskLevel?, rule: String) -> SafetyAssessment {
        guard let other, other > level else { return self }
        var copy = self
        copy.level = other
        copy.matchedRules.append(rule)
        return copy
    }
}
