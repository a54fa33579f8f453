import LLM

/// Turns a streamed reply into what a person can read, whatever the model or its sampler does.
///
/// - Past `targetTokens` the reply ends at its next sentence end, so it stays short and whole
///   (the hard cap, `maxNewTokens`, is the engine's).
/// - A reply the cap cuts loses its trailing fragment (`finalText(after:)`).
/// - A reply that starts repeating itself is stopped at the last whole sentence before the
///   repetition: a word 3-gram seen for the third time ("I'm just a just a just a"), a sentence
///   said twice, or a sentence of six or more words copied from an earlier reply of the
///   conversation (small models copy one reply's sentence into every later one).
///
/// Feed it every token as it arrives; it rescans the reply each time, which stays far below a
/// millisecond for replies of a few hundred tokens.
public struct ReplyShaper: Sendable {
    public enum Decision: Sendable, Equatable {
        case proceed
        /// Stop generating; `text` is what the person should see last, and what is stored.
        case stop(text: String, reason: StopReason)
    }

    public enum StopReason: String, Sendable {
        /// Past the target length, at a sentence end.
        case reachedTarget = "target"
        /// The reply began to repeat itself.
        case loop
    }

    /// Said instead when a reply repeats itself before its first sentence is done: nothing of it
    /// is worth keeping, and an empty bubble would read as being ignored.
    public static let fallback = "I'm sorry, I lost my train of thought there. Could you tell me a little more about how you're feeling?"

    static let copiedSentenceWords = 6
    static let repeatedSentenceWords = 4

    public let targetTokens: Int
    public private(set) var text = ""
    public private(set) var tokens = 0
    private let earlierSentences: Set<String>

    /// - Parameter earlierReplies: the conversation's earlier assistant replies, whose long
    ///   sentences must not be copied.
    public init(targetTokens: Int, earlierReplies: [String] = []) {
        self.targetTokens = targetTokens
        self.earlierSentences = Set(earlierReplies.flatMap(ReplyText.sentences(of:)).map(ReplyText.normalizedSentence)
            .filter { $0.split(separator: " ").count >= Self.copiedSentenceWords })
    }

    public mutating func append(_ delta: String) -> Decision {
        text += delta
        tokens += 1
        if let start = repetitionStart() {
            return .stop(text: Self.kept(text, before: start), reason: .loop)
        }
        if tokens >= targetTokens, ReplyText.endsSentence(text[...]) {
            return .stop(text: String(ReplyText.trimmed(text[...])), reason: .reachedTarget)
        }
        return .proceed
    }

    /// What the person sees when the model itself ended the reply: a trailing fragment goes, cut
    /// by the cap (`.length`) or by an end-of-generation token mid-sentence; a reply with no whole
    /// sentence keeps its words (with an ellipsis when the cap cut it).
    public func finalText(after reason: FinishReason) -> String {
        let whole = ReplyText.trimmed(text[...])
        guard !whole.isEmpty, !ReplyText.endsSentence(whole) else { return String(whole) }
        let sentences = ReplyText.wholeSentences(of: whole, before: whole.endIndex)
        guard sentences.isEmpty else { return String(sentences) }
        return reason == .length ? whole + "\u{2026}" : String(whole)
    }

    /// A stored reply as it should re-enter the prompt: cut before any repetition (replies stored
    /// before this guard existed may loop), empty when nothing whole is left.
    public static func historyText(of reply: String, earlierReplies: [String]) -> String {
        var shaper = ReplyShaper(targetTokens: .max, earlierReplies: earlierReplies)
        shaper.text = reply + "\n"
        guard let start = shaper.repetitionStart() else { return reply }
        return String(ReplyText.wholeSentences(of: shaper.text[...], before: start))
    }

    private static func kept(_ text: String, before start: String.Index) -> String {
        let kept = ReplyText.wholeSentences(of: text[...], before: start)
        return kept.isEmpty ? fallback : String(kept)
    }

    /// Where the repetition begins, if the reply repeats itself.
    func repetitionStart() -> String.Index? {
        let whole = text[...]
        var words = ReplyText.words(of: whole)
        if let last = whole.last, last.isLetter || last.isNumber || last == "'" { words.removeLast() }
        var starts: [String.Index] = []

        // A word 3-gram for the third time: the repetition began at its second occurrence.
        var seen: [String: [Int]] = [:]
        if words.count >= 3 {
            for index in 0...(words.count - 3) {
                let key = words[index].word + " " + words[index + 1].word + " " + words[index + 2].word
                seen[key, default: []].append(index)
                if let positions = seen[key], positions.count == 3 { starts.append(words[positions[1]].start) }
            }
        }

        // Whole sentences said twice in this reply, or copied from an earlier one.
        var sentenceStart = whole.startIndex
        var said: Set<String> = []
        for end in ReplyText.sentenceEnds(in: whole) {
            let sentence = ReplyText.trimmed(whole[sentenceStart..<end])
            sentenceStart = end
            let normalized = ReplyText.normalizedSentence(sentence)
            let count = normalized.split(separator: " ").count
            if count >= Self.repeatedSentenceWords, !said.insert(normalized).inserted
                || count >= Self.copiedSentenceWords && earlierSentences.contains(normalized) {
                starts.append(sentence.startIndex)
                break
            }
        }
        return starts.min()
    }
}
