import Foundation

/// Sentences and words of a reply, as the loop guard and the sentence trimming read them.
///
/// Deliberately simple: a sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or
/// brackets after it) followed by whitespace or the end of the text, or at a line break. A word
/// is a run of letters, digits and apostrophes, lowercased.
enum ReplyText {
    static let terminators: Set<Character> = [".", "!", "?", "\u{2026}"]
    static let closers: Set<Character> = ["\"", "'", ")", "]", "\u{201D}", "\u{2019}", "*"]

    /// Emoticons that close a sentence as an emoji would ("Take care :)").
    static let emoticons = [":)", ":-)", ":(", ":-(", ":D", ";)", ";-)", ":P", "<3", "^^"]

    /// True when the text, ignoring trailing whitespace, ends a sentence.
    static func endsSentence(_ text: Substring) -> Bool {
        let quotes: Set<Character> = ["\"", "'", "\u{201D}", "\u{2019}"]
        let trimmedEnd = text.reversed().drop(while: { $0.isWhitespace || quotes.contains($0) }).reversed()
        if emoticons.contains(where: { String(trimmedEnd).hasSuffix($0) }) { return true }
        guard var index = text.lastIndex(where: { !$0.isWhitespace }) else { return false }
        while closers.contains(text[index]), index > text.startIndex {
            index = text.index(before: index)
        }
        let last = text[index]
        return terminators.contains(last) || last.isEmoji
    }

    /// Indices just past each sentence end, in order (the text up to one of them is whole sentences).
    static func sentenceEnds(in text: Substring) -> [String.Index] {
        var ends: [String.Index] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            var next = text.index(after: index)
            if terminators.contains(character) || character.isEmoji {
                while next < text.endIndex, terminators.contains(text[next]) || closers.contains(text[next]) {
                    next = text.index(after: next)
                }
                if next == text.endIndex || text[next].isWhitespace { ends.append(next) }
            } else if character == "\n", index > text.startIndex {
                ends.append(index)
            }
            index = next
        }
        return ends
    }

    /// The whole sentences at the start of `text`, up to the last sentence end at or before `limit`.
    static func wholeSentences(of text: Substring, before limit: String.Index) -> Substring {
        let end = sentenceEnds(in: text).last(where: { $0 <= limit }) ?? text.startIndex
        return trimmed(text[..<end])
    }

    /// Lowercased words with where each starts in the text.
    static func words(of text: Substring) -> [(word: String, start: String.Index)] {
        var words: [(String, String.Index)] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isLetter || character.isNumber || character == "'" || character == "\u{2019}" {
                if start == nil { start = index }
            } else if let begun = start {
                words.append((normalizedWord(text[begun..<index]), begun))
                start = nil
            }
            index = text.index(after: index)
        }
        if let begun = start { words.append((normalizedWord(text[begun...]), begun)) }
        return words
    }

    /// A sentence reduced to its words, for comparing sentences across replies.
    static func normalizedSentence(_ sentence: Substring) -> String {
        words(of: sentence).map(\.word).joined(separator: " ")
    }

    /// The sentences of a text (for the history: which sentences a reply has already said).
    static func sentences(of text: String) -> [Substring] {
        let whole = text[...]
        var sentences: [Substring] = []
        var start = whole.startIndex
        for end in sentenceEnds(in: whole) + [whole.endIndex] where end > start {
            let sentence = trimmed(whole[start..<end])
            if !sentence.isEmpty { sentences.append(sentence) }
            start = end
        }
        return sentences
    }

    static func trimmed(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace }) else { return text[text.startIndex..<text.startIndex] }
        return text[first...last]
    }

    private static func normalizedWord(_ word: Substring) -> String {
        word.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
    }
}

private extension Character {
    /// Emoji that end a sentence as punctuation would ("Take care 💙").
    var isEmoji: Bool {
        unicodeScalars.contains { $0.properties.isEmojiPresentation || ($0.properties.isEmoji && $0.value > 0x238C) }
    }
}
