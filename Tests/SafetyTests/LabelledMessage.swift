import Safety

/// One hand-labelled user message for the evaluation sets.
///
/// `level` is what a careful human reviewer would want the screener to return;
/// `tag` says what kind of phrasing it is, so the report can show where the
/// screener is weak (e.g. indirect ideation vs. everyday hyperbole).
struct LabelledMessage: Sendable {
    enum Tag: String, Sendable, CaseIterable {
        /// Explicit statements of suicidal ideation, intent, plan, self-harm, harm to others, danger or abuse.
        case explicit
        /// Indirect or passive ideation ("everyone would be better off without me").
        case indirect
        /// Risk language under a negation ("I'm not going to kill myself").
        case negation
        /// Misspellings, slang, shorthand, odd spacing or unicode punctuation.
        case misspelling
        /// Everyday hyperbole that uses death/kill words ("this exam is killing me").
        case hyperbole
        /// Ordinary messages, including ones with trigger words in a harmless sense.
        case everyday
        /// Low mood that needs care but is not a crisis (hopelessness, worthlessness).
        case lowMood
        /// Risk concerning someone else, or bereavement by suicide.
        case thirdParty
        /// Past self-harm or attempts, described as past.
        case history
        /// Dark jokes about wanting to die: not a crisis, but worth a gentle check-in.
        case joking
    }

    let level: RiskLevel
    let tag: Tag
    let text: String

    init(_ level: RiskLevel, _ tag: Tag, _ text: String) {
        self.level = level
        self.tag = tag
        self.text = text
    }
}
