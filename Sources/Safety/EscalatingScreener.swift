/// Combines the rule screener with a `SecondOpinion` so that the second opinion can only RAISE
/// the level, never lower it.
///
/// Rules are predictable and audited; a model is not. Letting a model clear a message the rules
/// flagged would make the safety floor only as good as the model, so the result is always
/// `max(rules, second opinion)`. When the rules already say `imminent` the second opinion is not
/// consulted, which also keeps the most urgent case fast.
public struct EscalatingScreener: Sendable {
    public let screener: CrisisScreener
    public let secondOpinion: any SecondOpinion

    public init(screener: CrisisScreener = CrisisScreener(), secondOpinion: any SecondOpinion) {
        self.screener = screener
        self.secondOpinion = secondOpinion
    }

    /// The rule assessment (with the conversation's `earlier` user messages as context, see
    /// `CrisisScreener.assess(_:earlier:)`), raised to the second opinion's level if that is
    /// higher; the rule id `second-opinion` is added when it was. The second opinion reads the
    /// latest message alone: it was trained on single messages.
    public func assess(_ text: String, earlier: [String] = []) async -> SafetyAssessment {
        let primary = screener.assess(text, earlier: earlier)
        guard primary.level < .imminent else { return primary }
        return primary.raised(to: await secondOpinion.level(for: text), rule: "second-opinion")
    }
}
