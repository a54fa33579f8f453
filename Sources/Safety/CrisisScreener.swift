/// Screens a user message for suicide, self-harm, harm to others, danger and abuse, and low mood.
///
/// Rule-based on purpose: it is fast, deterministic, testable against a labelled set, and every
/// verdict names the rules that produced it. It is a safety net, not a diagnosis; see
/// docs/safety.md for the method and its limits. To add a model-based check, wrap it in
/// `EscalatingScreener`, which can only raise the level this screener returns.
///
/// How a message is assessed:
/// 1. normalise it (`TextNormalizer`);
/// 2. match every rule in `CrisisRules`; guards near a match cancel it (hyperbole such as
///    "dying of laughter") or soften it to `concern` (a dark joke with a trivial cause, a past
///    event);
/// 3. negation ("I'm not going to kill myself") softens to `concern`, never to `none`:
///    the topic still needs care;
/// 4. a timeframe next to intent ("tonight", "after everyone's asleep"), or means plus intent,
///    makes it `imminent`; context-only rules let vague phrases count when they appear together.
public struct CrisisScreener: Sendable {
    public init() {}

    /// Identifiers of every rule that can appear in `SafetyAssessment.matchedRules` (before any
    /// `:negated`, `:softened`, `:third-person` or `:timeframe` suffix), for dashboards and tests.
    public static var ruleIdentifiers: [String] {
        CrisisRules.all.filter { $0.level > .none }.map(\.id) + ["combination.means-and-intent"]
    }

    public func assess(_ text: String) -> SafetyAssessment {
        evaluate(text, context: []).assessment
    }

    /// Assesses `text` as the latest message of a conversation whose earlier user messages
    /// (oldest first) are `earlier`.
    ///
    /// Vague phrases need context to count ("I'm going to do it tonight"); context a person gave
    /// a few messages ago counts as if it were in this message: a stated wish to die, means they
    /// hold, a farewell. Rules that fired only because of it carry a `:context` suffix. The earlier
    /// messages are never assessed again themselves: only what they set up is carried.
    public func assess(_ text: String, earlier: [String]) -> SafetyAssessment {
        var carried: Set<ScreeningRule.Signal> = []
        for message in earlier {
            carried.formUnion(evaluate(message, context: []).signals.intersection(Self.carriedSignals))
        }
        return evaluate(text, context: carried).assessment
    }

    /// What an earlier message can lend a later one; `history` and `negated` describe only
    /// their own sentence.
    static let carriedSignals: Set<ScreeningRule.Signal> = [.suicideContext, .means, .farewell]

    private func evaluate(_ text: String, context: Set<ScreeningRule.Signal>) -> Evaluation {
        let tokens = TextNormalizer.tokens(of: text)
        var evaluation = Evaluation(tokens: tokens)
        guard !tokens.isEmpty else { return evaluation }
        let rules = CrisisRules.all
        let candidates = CrisisRules.index.candidates(in: tokens)
        for (index, rule) in rules.enumerated() where candidates[index] && rule.needs.isEmpty {
            evaluation.apply(rule)
        }
        for (index, rule) in rules.enumerated() where candidates[index] && !rule.needs.isEmpty {
            if !rule.needs.isDisjoint(with: evaluation.signals) {
                evaluation.apply(rule)
            } else if !rule.needs.isDisjoint(with: context) {
                evaluation.apply(rule, fromContext: true)
            }
        }
        evaluation.combineMeansWithIntent(context: context)
        return evaluation
    }
}

/// The working state for one message.
private struct Evaluation {
    struct Hit {
        let id: String
        let level: RiskLevel
        let categories: Set<RiskCategory>
        /// True when the hit stands as written (not negated, softened or escalated by context).
        let plain: Bool
    }

    let tokens: [Token]
    /// Sentence number of each token, for timeframe reach.
    let sentenceOf: [Int]
    let sentenceLength: [Int]
    var hits: [Hit] = []
    var signals: Set<ScreeningRule.Signal> = []
    var meansRules: Set<String> = []
    private var timeframes: [Range<Int>]?

    init(tokens: [Token]) {
        self.tokens = tokens
        var sentenceOf: [Int] = []
        var lengths: [Int] = [0]
        for token in tokens {
            sentenceOf.append(lengths.count - 1)
            if token.isSentenceEnd { lengths.append(0) } else { lengths[lengths.count - 1] += 1 }
        }
        self.sentenceOf = sentenceOf
        self.sentenceLength = lengths
    }

    static let selfDirected: Set<RiskCategory> = [
        .suicidalIdeation, .suicidalIntent, .suicidePlanOrMeans, .indirectIdeation, .selfHarm,
    ]

    mutating func apply(_ rule: ScreeningRule, fromContext: Bool = false) {
        for range in rule.pattern.matches(in: tokens) {
            var level = rule.level
            var suffix = ""
            var plain = true
            var guardSignal: ScreeningRule.Signal?
            var cancelled = false
            for ruleGuard in rule.guards where ruleGuard.applies(to: range, in: tokens) {
                if ruleGuard.effect == .cancel { cancelled = true; break }
                suffix = ":softened"
                guardSignal = guardSignal ?? ruleGuard.signal
            }
            if cancelled { continue }
            if let guardSignal { signals.insert(guardSignal) }
            if suffix.isEmpty, level >= .crisis, !rule.categories.isDisjoint(with: Self.selfDirected),
               Subject.isThirdPerson(range, in: tokens) {
                suffix = ":third-person"
            }
            if !suffix.isEmpty {
                level = min(level, .concern)
                plain = false
            } else if rule.negatable, Negation.isNegated(range, in: tokens, patternNegates: rule.pattern.containsNegation) {
                if level >= .crisis, !rule.categories.isDisjoint(with: Self.selfDirected) { signals.insert(.negated) }
                level = min(level, .concern)
                suffix = ":negated"
                plain = false
            } else if rule.escalates, level >= .crisis, hasTimeframe(near: range) {
                level = .imminent
                suffix = ":timeframe"
            }
            if plain, let signal = rule.signal {
                signals.insert(signal)
                if signal == .means { meansRules.insert(rule.id) }
            }
            if fromContext { suffix += ":context" }
            hits.append(Hit(id: rule.id + suffix, level: level, categories: rule.categories, plain: plain))
        }
    }

    /// Means ("I bought a rope", "I'm on the bridge") together with a separate statement of
    /// suicidal intent or ideation is a plan in progress, also when the means were named in an
    /// earlier message of the conversation.
    mutating func combineMeansWithIntent(context: Set<ScreeningRule.Signal>) {
        guard signals.contains(.means) || context.contains(.means) else { return }
        let suicidal: Set<RiskCategory> = [.suicidalIdeation, .suicidalIntent, .suicidePlanOrMeans, .indirectIdeation]
        let hasIntent = hits.contains { hit in
            hit.plain && hit.level >= .crisis && !hit.categories.isDisjoint(with: suicidal)
                && !meansRules.contains(hit.id)
        }
        guard hasIntent, !hits.contains(where: { $0.level == .imminent }) else { return }
        hits.append(Hit(id: "combination.means-and-intent", level: .imminent, categories: [.suicidePlanOrMeans], plain: true))
    }

    var assessment: SafetyAssessment {
        var level = RiskLevel.none
        var categories: Set<RiskCategory> = []
        var ids: [String] = []
        for hit in hits where hit.level > .none {
            level = max(level, hit.level)
            categories.formUnion(hit.categories)
            if !ids.contains(hit.id) { ids.append(hit.id) }
        }
        return SafetyAssessment(level: level, categories: categories, matchedRules: ids)
    }

    // MARK: - Helpers

    /// A timeframe in the same sentence, or in a very short neighbouring one ("… do it. Tonight.").
    private mutating func hasTimeframe(near range: Range<Int>) -> Bool {
        if timeframes == nil { timeframes = CrisisScreenerPatterns.timeframe.matches(in: tokens) }
        let sentence = sentenceOf[range.lowerBound]
        return timeframes!.contains { timeframe in
            let other = sentenceOf[timeframe.lowerBound]
            if other == sentence { return true }
            return abs(other - sentence) == 1 && sentenceLength[other] <= 4
        }
    }
}

/// Patterns the screener uses outside the rule table.
enum CrisisScreenerPatterns {
    static let timeframe = TokenPattern("@timeframe")
}
