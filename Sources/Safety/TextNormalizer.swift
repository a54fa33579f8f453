/// Turns free text into a canonical word sequence so that rules can be written once, in plain
/// English, and still match how people actually type when they are upset.
///
/// Steps, in order:
/// 1. lowercase, and fold typographic apostrophes (’ ‘ ʼ ` ´) to `'`;
/// 2. split into words; `. ! ? ; :` and new lines become a sentence boundary `.`, commas a
///    clause boundary `,`; hyphens and other punctuation only separate words; laughing emoji
///    become the word `lol`;
/// 3. squash runs of three or more identical letters to two ("soooo" → "soo");
/// 4. expand contractions, with or without apostrophes ("im", "dont", "cant", "wont", "ive");
/// 5. correct known misspellings, slang and euphemisms ("suicde", "kms", "unalive", "sewer slide"),
///    and join risk words spelled out letter by letter ("d i e");
/// 6. join split words ("my self" → "myself", "no one" → "nobody") and resolve "ill", "id" and
///    "dye" from context ("ill kill myself", "id rather die", "i wanna dye").
///
/// Matching then compares spelling skeletons (see `Token`), which also forgives dropped or
/// doubled letters ("kil", "killl").
public enum TextNormalizer {
    /// The normalised text, words separated by single spaces (boundaries appear as `.` and `,`).
    public static func normalize(_ text: String) -> String {
        tokens(of: text).map(\.text).joined(separator: " ")
    }

    static func tokens(of text: String) -> [Token] {
        var words = expand(joinSpelledOut(split(text)))
        words = joinPairs(words)
        words = resolveAmbiguous(words)
        return words.map(Token.init)
    }

    // MARK: - Steps

    private static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        func flush() {
            while current.last == "'" || current.last == "*" { current.removeLast() }
            if !current.isEmpty { words.append(squashRepeats(current)) }
            current = ""
        }
        func boundary(_ mark: String) {
            flush()
            if let last = words.last, last == "." || last == "," {
                if mark == "." { words[words.count - 1] = "." }
            } else if !words.isEmpty {
                words.append(mark)
            }
        }
        for scalar in text.lowercased().unicodeScalars {
            switch scalar {
            case "'", "\u{2019}", "\u{2018}", "\u{02BC}", "`", "\u{00B4}", "\u{2032}":
                if !current.isEmpty { current.append("'") }
            case "*":
                // Keeps masked swearing ("sh*t") as one word instead of two fragments.
                if !current.isEmpty { current.append("*") }
            case ".", "!", "?", ";", ":", "\n", "\r", "\u{2026}":
                boundary(".")
            case ",":
                boundary(",")
            default:
                if NormalizationTables.laughingEmoji.contains(scalar) {
                    flush()
                    words.append("lol")
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    current.unicodeScalars.append(scalar)
                } else {
                    flush()
                }
            }
        }
        flush()
        if words.last == "." || words.last == "," { words.removeLast() }
        return words
    }

    /// Joins runs of single letters that spell a risk word ("d i e" → "die"); other runs stay.
    private static func joinSpelledOut(_ words: [String]) -> [String] {
        var out: [String] = []
        var index = 0
        while index < words.count {
            var end = index
            while end < words.count, words[end].count == 1, words[end].first?.isLetter == true { end += 1 }
            if end - index >= 3 {
                // Longest spelled-out risk word starting anywhere in the run.
                var position = index
                while position < end {
                    var matched = false
                    for length in stride(from: end - position, through: 3, by: -1) {
                        let joined = words[position..<(position + length)].joined()
                        if NormalizationTables.spelledOut.contains(joined) {
                            out.append(joined)
                            position += length
                            matched = true
                            break
                        }
                    }
                    if !matched { out.append(words[position]); position += 1 }
                }
                index = end
            } else {
                out.append(words[index])
                index += 1
            }
        }
        return out
    }

    /// Squashes runs of three or more identical characters to two ("noooo" → "noo").
    static func squashRepeats(_ word: String) -> String {
        var out = ""
        var previous: Character?
        var run = 0
        for character in word {
            run = character == previous ? run + 1 : 1
            previous = character
            if run <= 2 { out.append(character) }
        }
        return out
    }

    private static func expand(_ words: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(words.count + 8)
        for word in words {
            let key = Token.skeleton(of: word)
            if let replacement = NormalizationTables.contractions[key] ?? NormalizationTables.spellings[key] {
                out.append(contentsOf: replacement.split(separator: " ").map(String.init))
            } else if isLaughter(key) {
                out.append("lol")
            } else if let expanded = expandApostrophe(word) {
                out.append(contentsOf: expanded)
            } else {
                out.append(word)
            }
        }
        return out
    }

    /// Generic apostrophe forms not in the table: "couldn't" → "could not", "mom's" → "mom".
    private static func expandApostrophe(_ word: String) -> [String]? {
        guard let index = word.lastIndex(of: "'") else { return nil }
        let stem = String(word[..<index])
        let suffix = String(word[word.index(after: index)...])
        switch suffix {
        case "t" where stem.hasSuffix("n"): return [String(stem.dropLast()), "not"]
        case "re": return [stem, "are"]
        case "ve": return [stem, "have"]
        case "ll": return [stem, "will"]
        case "d": return [stem, "would"]
        case "m": return [stem, "am"]
        case "s": return [stem]
        default: return [word.replacingApostrophes()]
        }
    }

    private static func isLaughter(_ key: String) -> Bool {
        // "haha", "hahaha", "hehe", "lol", "lool" (keys are already de-duplicated).
        if key == "lol" || key == "lolol" { return true }
        guard key.count >= 4 else { return false }
        let letters = Array(key)
        guard letters[0] == "h", letters[1] == "a" || letters[1] == "e" else { return false }
        for (offset, letter) in letters.enumerated() where letter != (offset % 2 == 0 ? "h" : letters[1]) {
            return false
        }
        return true
    }

    private static func joinPairs(_ words: [String]) -> [String] {
        guard words.count > 1 else { return words }
        var out: [String] = []
        out.reserveCapacity(words.count)
        var index = 0
        while index < words.count {
            if index + 1 < words.count {
                let key = Token.skeleton(of: words[index]) + " " + Token.skeleton(of: words[index + 1])
                if let joined = NormalizationTables.pairs[key] {
                    out.append(contentsOf: joined.split(separator: " ").map(String.init))
                    index += 2
                    continue
                }
            }
            out.append(words[index])
            index += 1
        }
        return out
    }

    /// "ill" and "id" are real words, so they are read as "I'll"/"I'd" only at the start of a
    /// clause and before a word that fits ("ill kill myself", "id rather die"); "dye" without an
    /// object is read as "die".
    private static func resolveAmbiguous(_ words: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(words.count + 4)
        for (index, word) in words.enumerated() {
            let atClauseStart = index == 0 || words[index - 1] == "." || words[index - 1] == ","
            let next = index + 1 < words.count ? Token.skeleton(of: words[index + 1]) : ""
            if atClauseStart, word == "ill", NormalizationTables.willVerbs.contains(next) {
                out.append(contentsOf: ["i", "will"])
            } else if atClauseStart, word == "id", NormalizationTables.wouldVerbs.contains(next) {
                out.append(contentsOf: ["i", "would"])
            } else if word == "dye", !NormalizationTables.dyeObjects.contains(next) {
                // "i wanna dye" is "die"; "dye my hair" keeps its object.
                out.append("die")
            } else {
                out.append(word)
            }
        }
        return out
    }
}

private extension String {
    func replacingApostrophes() -> String { String(filter { $0 != "'" }) }
}
