/// Decides whether a rule match is negated ("I'm not going to kill myself", "I have never self
/// harmed").
///
/// A negated match is softened to `concern`, never cleared: people often deny risk while still
/// needing a careful conversation, and a screener that trusted every "not" would be trivial to
/// defeat. Only short, plain negations count: a negator followed by filler words ("not going to",
/// "would never") — anything else in between ("can't stop thinking about killing myself") keeps
/// the match as written.
enum Negation {
    static let negators: Set<String> = keys(["not", "never", "nor"])

    /// Words allowed between a negator and the phrase it negates.
    static let fillers: Set<String> = keys([
        "going", "to", "will", "would", "could", "should", "ever", "really", "actually", "seriously",
        "honestly", "truly", "planning", "plan", "plans", "want", "wanting", "trying", "try", "about",
        "thinking", "think", "of", "do", "does", "did", "anything", "i", "am", "be", "just", "even",
        "intention", "intentions", "intend", "desire", "wish", "urge", "thoughts", "have", "had",
        "any", "feel", "feeling", "considering", "consider", "like", "that", "it", "gonna", "been",
        "ever", "again", "myself", "physically",
    ])

    /// After "no", these make it a negation ("no intention of", "no plans to").
    static let nounsAfterNo: Set<String> = keys([
        "intention", "intentions", "plan", "plans", "desire", "wish", "urge", "interest", "thoughts", "way",
    ])

    /// Words that, right after a negator, turn it back into risk ("can't stop", "can't help").
    static let reversers: Set<String> = keys(["stop", "help", "resist", "shake", "control", "fight", "escape", "ignore", "quit"])

    static func isNegated(_ range: Range<Int>, in tokens: [Token], patternNegates: Bool) -> Bool {
        if !patternNegates {
            for index in range where negators.contains(tokens[index].key) {
                return !(index + 1 < range.upperBound && reversers.contains(tokens[index + 1].key))
            }
        }
        var index = range.lowerBound - 1
        var steps = 0
        while index >= 0, steps < 6, !tokens[index].isBoundary {
            let key = tokens[index].key
            if negators.contains(key) { return true }
            if key == "no", index + 1 < tokens.count, nounsAfterNo.contains(tokens[index + 1].key) { return true }
            guard fillers.contains(key) else { return false }
            index -= 1
            steps += 1
        }
        return false
    }

    private static func keys(_ words: [String]) -> Set<String> { Set(words.map(Token.skeleton(of:))) }
}
