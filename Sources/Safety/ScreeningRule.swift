/// One detection rule: a phrase pattern, the level and categories it implies, and the guards
/// that stop it firing on harmless uses of the same words.
struct ScreeningRule: Sendable {
    /// Context a rule contributes to the message, so that vague phrases ("I know what I'm going to
    /// do") and means ("I bought a rope") only count when they appear together.
    enum Signal: Sendable, Hashable {
        case suicideContext
        case means
        case farewell
        case history
        /// A negated self-directed risk statement ("I'm not going to…"), for "…but I wish I could".
        case negated
    }

    /// A pattern that, near a match, either cancels it (hyperbole, harmless object) or softens it
    /// to `concern` (a dark joke with a stated trivial cause, or something described as past).
    struct Guard: Sendable {
        enum Effect: Sendable { case cancel, soften }
        /// `.near`: within a few tokens of the match; `.sentence`: anywhere in its sentence.
        enum Scope: Sendable { case near, sentence }

        let pattern: TokenPattern
        let effect: Effect
        let scope: Scope
        let signal: Signal?

        static func cancel(_ source: String, scope: Scope = .near) -> Guard {
            Guard(pattern: TokenPattern(source), effect: .cancel, scope: scope, signal: nil)
        }

        static func soften(_ source: String, scope: Scope = .sentence, signal: Signal? = nil) -> Guard {
            Guard(pattern: TokenPattern(source), effect: .soften, scope: scope, signal: signal)
        }

        /// Whether this guard's pattern occurs near `range` (a few tokens either side) or in
        /// its sentence, depending on `scope`.
        func applies(to range: Range<Int>, in tokens: [Token]) -> Bool {
            let lower: Int
            let upper: Int
            switch scope {
            case .near:
                lower = max(0, range.lowerBound - 4)
                upper = min(tokens.count, range.upperBound + 6)
            case .sentence:
                var start = range.lowerBound
                while start > 0, !tokens[start - 1].isSentenceEnd { start -= 1 }
                var end = range.upperBound
                while end < tokens.count, !tokens[end].isSentenceEnd { end += 1 }
                lower = start
                upper = end
            }
            return !pattern.matches(in: tokens, within: lower..<upper).isEmpty
        }
    }

    let id: String
    /// `.none` marks a context-only rule: it never raises the level by itself.
    let level: RiskLevel
    let categories: Set<RiskCategory>
    let pattern: TokenPattern
    let guards: [Guard]
    /// False when negation is part of the risk itself ("I don't want to live").
    let negatable: Bool
    /// True when a nearby timeframe ("tonight", "after everyone's asleep") makes it `imminent`.
    let escalates: Bool
    /// Context this rule adds when it fires un-negated.
    let signal: Signal?
    /// When non-empty, the rule only fires if one of these signals is present in the message.
    let needs: Set<Signal>

    init(
        _ id: String, _ level: RiskLevel, _ categories: Set<RiskCategory>, _ pattern: String,
        guards: [Guard] = [], negatable: Bool = true, escalates: Bool = false,
        signal: Signal? = nil, needs: Set<Signal> = []
    ) {
        self.id = id
        self.level = level
        self.categories = categories
        self.pattern = TokenPattern(pattern)
        self.guards = guards
        self.negatable = negatable
        self.escalates = escalates
        self.needs = needs
        let suicidal: Set<RiskCategory> = [.suicidalIdeation, .suicidalIntent, .suicidePlanOrMeans, .indirectIdeation]
        self.signal = signal ?? (level >= .crisis && !categories.isDisjoint(with: suicidal) ? .suicideContext : nil)
    }
}
