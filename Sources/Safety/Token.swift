/// One normalised word, or a clause boundary (`.` or `,`).
///
/// `key` is the spelling skeleton used for matching: every run of a repeated character counts
/// once, so "kill", "kil" and "killll" share the key "kil". This absorbs stretched words and the
/// commonest misspelling (a dropped double letter) without listing them one by one.
struct Token: Sendable, Equatable {
    let text: String
    let key: String

    init(_ text: String) {
        self.text = text
        self.key = Token.skeleton(of: text)
    }

    /// `.` ends a sentence; `,` ends a clause. Patterns and negation never reach across either.
    var isBoundary: Bool { text == "." || text == "," }
    var isSentenceEnd: Bool { text == "." }

    static func skeleton(of word: String) -> String {
        var out = ""
        out.reserveCapacity(word.utf8.count)
        var previous: Character?
        for character in word where character != previous {
            out.append(character)
            previous = character
        }
        return out
    }
}
