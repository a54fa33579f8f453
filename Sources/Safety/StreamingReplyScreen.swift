/// A `ReplyScreen` for one streamed reply that re-checks only the sentence still being written.
///
/// No reply rule reaches across a sentence boundary, so a sentence that was checked with at
/// least one word after it never needs checking again. Feed it the full reply so far on every
/// chunk, as with `ReplyScreen.check`; the cost per call stays roughly constant however long the
/// reply grows. Once blocked, it stays blocked. Use one value per reply.
public struct StreamingReplyScreen: Sendable {
    public let screen: ReplyScreen
    /// The settled part of the reply: sentences already checked with a word after them.
    private var settled = ""
    private var blocked: ReplyViolation?
    /// The person asked whether they are talking to a human or a professional, and the reply's
    /// first sentence has not been judged yet (`IdentityQuestion`).
    private var identityQuestionPending: Bool

    /// The start of the reply that has been fully checked and that later text cannot get
    /// blocked: whole sentences so far, or everything once a complete reply is allowed.
    /// Forward only this much to the person if a blocked sentence must never appear, even
    /// briefly; it trails the generated text by at most one sentence.
    public var approvedPrefix: String { blocked == nil ? settled : "" }

    /// - Parameter question: the person's message this reply answers, when a question in it
    ///   changes what the reply may say ("Are you a real person?" must not be answered "Yes").
    public init(screen: ReplyScreen = ReplyScreen(), answering question: String? = nil) {
        self.screen = screen
        self.identityQuestionPending = question.map(IdentityQuestion.isAsked(in:)) ?? false
    }

    /// - Parameters:
    ///   - text: the full reply so far (each call's text should extend the previous one; if it
    ///     does not, checking restarts from the beginning).
    ///   - isComplete: true for the final check of a finished reply.
    public mutating func check(_ text: String, isComplete: Bool = false) -> ReplyScreenVerdict {
        if let blocked { return .blocked(reason: blocked) }
        if identityQuestionPending, let affirms = IdentityQuestion.affirms(text, isComplete: isComplete) {
            identityQuestionPending = false
            if affirms {
                blocked = .claimsHumanOrProfessional
                return .blocked(reason: .claimsHumanOrProfessional)
            }
        }
        if !text.utf8.starts(with: settled.utf8) { settled = "" }
        let start = text.utf8.index(text.startIndex, offsetBy: settled.utf8.count)
        let verdict = screen.check(text[...], from: start, isComplete: isComplete)
        if case .blocked(let reason) = verdict {
            blocked = reason
            return verdict
        }
        if isComplete {
            settled = text
        } else if let next = Self.lastSentenceStart(in: text, from: start) {
            settled = String(text[..<next])
        }
        return verdict
    }

    /// The start of the last sentence that has a word in it, if after `start`: everything
    /// before it was checked with a following word, so no pending match can end there.
    static func lastSentenceStart(in text: String, from start: String.Index) -> String.Index? {
        var candidate: String.Index?
        var index = start
        var afterBoundary = false
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if ".!?;\n\u{2026}".contains(character), next == text.endIndex || text[next].isWhitespace {
                afterBoundary = true
            } else if afterBoundary, character.isLetter || character.isNumber {
                candidate = index
                afterBoundary = false
            }
            index = next
        }
        return candidate
    }
}
