/// Screens model output as it streams, before the person sees it.
///
/// Call `check(_:isComplete:)` with the whole reply so far each time it grows, and once more with
/// `isComplete: true` at the end. On `.blocked`, stop generation and send
/// `CrisisResponse.replacementForBlockedReply(reason:resources:)` instead of the partial reply.
///
/// Cheap enough to run on every chunk (about a millisecond for a 2,000-character reply in a
/// release build): one normalisation pass, and only rules whose key words occur are tried. For
/// long replies, `StreamingReplyScreen` re-checks only the unfinished sentence. While streaming, the last (possibly unfinished)
/// word is ignored and a match is only judged once a word follows it, so "I am a human" is not
/// blocked while "I am a human rights…" might still be coming, and "call 116" is not judged
/// before "123" arrives.
public struct ReplyScreen: Sendable {
    /// Crisis numbers the model may mention (digits only); any other number offered as a crisis
    /// contact is blocked, because an invented hotline number is worse than none.
    public let knownNumbers: Set<String>

    public init(directory: CrisisResourceDirectory = .standard) {
        self.knownNumbers = directory.knownNumbers
    }

    public init(knownNumbers: Set<String>) {
        self.knownNumbers = Set(knownNumbers.map { String($0.filter(\.isNumber)) })
    }

    /// - Parameters:
    ///   - text: the full reply generated so far.
    ///   - isComplete: true for the final check of a finished reply.
    public func check(_ text: String, isComplete: Bool = false) -> ReplyScreenVerdict {
        check(text[...], from: text.startIndex, isComplete: isComplete)
    }

    /// Checks `text[start...]`; text before `start` is only used as context for phone numbers.
    /// `start` must be a sentence start, since no rule reaches across a sentence boundary.
    func check(_ text: Substring, from start: String.Index, isComplete: Bool) -> ReplyScreenVerdict {
        let settled = isComplete ? text[start...] : Self.settledPrefix(of: text[start...])
        let tokens = TextNormalizer.tokens(of: String(settled))
        // Punctuation after the last word settles it: nothing more can attach to that sentence.
        let settledByPunctuation = settled.last(where: { !$0.isWhitespace }).map { ".!?;:,\n\u{2026}".contains($0) } ?? false
        let candidates = ReplyRules.index.candidates(in: tokens)
        for (index, rule) in ReplyRules.all.enumerated() where candidates[index] {
            for range in rule.pattern.matches(in: tokens) {
                if !isComplete, !settledByPunctuation, range.upperBound >= tokens.count { continue }
                if rule.guards.contains(where: { $0.effect == .cancel && $0.applies(to: range, in: tokens) }) { continue }
                if rule.negatable, Negation.isNegated(range, in: tokens, patternNegates: rule.pattern.containsNegation) { continue }
                return .blocked(reason: rule.violation)
            }
        }
        if CrisisNumberScanner.containsUnknownContact(in: text[..<settled.endIndex], from: start, known: knownNumbers, isComplete: isComplete) {
            return .blocked(reason: .unsafeCrisisGuidance)
        }
        return .allowed
    }

    /// The text without a trailing word that may still be growing.
    static func settledPrefix(of text: Substring) -> Substring {
        guard let last = text.last, last.isLetter || last.isNumber || last == "'" || last == "\u{2019}" else { return text }
        guard let cut = text.lastIndex(where: { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "\u{2019}") }) else { return text[text.startIndex..<text.startIndex] }
        return text[...cut]
    }
}
