/// One reply-screen rule: a phrase pattern over normalised model output and what it violates.
struct ReplyRule: Sendable {
    let id: String
    let violation: ReplyViolation
    let pattern: TokenPattern
    let guards: [ScreeningRule.Guard]
    /// False when the negation is the violation ("I am not an AI") or cannot make it safe.
    let negatable: Bool

    init(_ id: String, _ violation: ReplyViolation, _ pattern: String, guards: [ScreeningRule.Guard] = [], negatable: Bool = true) {
        self.id = id
        self.violation = violation
        self.pattern = TokenPattern(pattern)
        self.guards = guards
        self.negatable = negatable
    }
}
