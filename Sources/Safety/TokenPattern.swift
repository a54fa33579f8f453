/// A small pattern language over normalised tokens, used by every rule in this module.
///
/// Token patterns instead of regular expressions because they are cheap (no regex engine, no
/// per-call compilation, fine to run on every streamed chunk of a model reply), they cannot span
/// a sentence or clause boundary by accident, and they read like the phrases they catch.
///
/// Syntax (items separated by spaces):
/// - `word`: one token whose spelling skeleton equals the word's (`kill` matches "kil", "killl");
/// - `word*`: a token starting with `word` (`suicid*`);
/// - `=word`: exact spelling, for short words whose skeleton collides ("=od" must not match "odd");
/// - `a|b`: either neighbour (outside brackets `|` binds tightest, see `TokenPatternParser`);
/// - `(x y | z)`: a choice of sequences; `[x y]`: an optional sequence;
/// - `@name`: a word class from `PatternLexicon`;
/// - `#num`: a number, in digits or words; `#many`: ten or more; `#dose`: "50mg";
/// - `~N`: skip up to N tokens (never across a boundary);
/// - `^` / `$`: start / end of a clause.
struct TokenPattern: Sendable {
    indirect enum Element: Sendable {
        case word(WordTest)
        case choice([[Element]])
        case optional([Element])
        case gap(Int)
        case clauseStart
        case clauseEnd
    }

    enum WordTest: Sendable, Equatable {
        case key(String)
        case prefix(String)
        case exact(String)
        case number
        case many
        /// A dose written as one word: "50mg", "0.5mg", "10ml".
        case dose
    }

    let source: String
    let elements: [Element]
    /// True when the pattern itself spells out a negation ("not want to live"), so a negator
    /// inside a match is part of the risk, not a denial of it.
    let containsNegation: Bool

    /// Keys one of which every match starts with; nil when a match could start with anything
    /// (prefix, number or gap first). Lets callers skip rules and start positions cheaply.
    let firstKeys: Set<String>?

    /// Sets of keys that must each be represented in the text for any match: one set per
    /// mandatory element, taken from its content words ("a failure" contributes "failure").
    /// A text lacking any one set cannot match, so the pattern is skipped without trying.
    let requiredKeys: [Set<String>]

    init(_ source: String) {
        self.source = source
        var parser = TokenPatternParser(source)
        self.elements = parser.parse()
        self.containsNegation = Self.mentionsNegation(elements)
        self.firstKeys = Self.firstKeys(of: elements[...])
        self.requiredKeys = elements.compactMap(Self.anchorKeys)
    }

    /// Keys of which at least one must appear for `element` to match; nil if not determinable
    /// (optional, gap, anchor, prefix or number elements).
    private static func anchorKeys(_ element: Element) -> Set<String>? {
        switch element {
        case .word(.key(let key)): return [key]
        case .word(.exact(let text)): return [Token.skeleton(of: text)]
        case .word, .gap, .optional, .clauseStart, .clauseEnd: return nil
        case .choice(let alternatives):
            var keys: Set<String> = []
            for alternative in alternatives {
                // The last determinable element of each alternative: content words come last.
                guard let anchor = alternative.reversed().lazy.compactMap(anchorKeys).first else { return nil }
                keys.formUnion(anchor)
            }
            return keys
        }
    }

    private static func firstKeys(of elements: ArraySlice<Element>) -> Set<String>? {
        guard let first = elements.first else { return nil }
        let rest = elements.dropFirst()
        switch first {
        case .word(.key(let key)): return [key]
        case .word(.exact(let text)): return [Token.skeleton(of: text)]
        case .word: return nil
        case .gap: return nil
        case .clauseStart, .clauseEnd: return firstKeys(of: rest)
        case .choice(let alternatives):
            var keys: Set<String> = []
            for alternative in alternatives {
                guard let more = firstKeys(of: (alternative + rest)[...]) else { return nil }
                keys.formUnion(more)
            }
            return keys
        case .optional(let sequence):
            guard let taken = firstKeys(of: (sequence + rest)[...]), let skipped = firstKeys(of: rest) else { return nil }
            return taken.union(skipped)
        }
    }

    private static func mentionsNegation(_ elements: [Element]) -> Bool {
        elements.contains { element in
            switch element {
            case .word(let test): test == .key("not") || test == .key("never") || test == .key("no")
            case .choice(let alternatives): alternatives.contains(where: mentionsNegation)
            case .optional(let sequence): mentionsNegation(sequence)
            case .gap, .clauseStart, .clauseEnd: false
            }
        }
    }

    /// The first match starting at `start`, as the index just past its last token.
    func match(_ tokens: [Token], at start: Int) -> Int? {
        var end: Int?
        _ = Self.match(elements[...], tokens, start) { position in
            end = position
            return true
        }
        return end
    }

    /// Every match, as token ranges; overlapping matches starting at different tokens are all kept.
    func matches(in tokens: [Token], within range: Range<Int>? = nil) -> [Range<Int>] {
        let range = range ?? 0..<tokens.count
        var found: [Range<Int>] = []
        for start in range {
            if let firstKeys, !firstKeys.contains(tokens[start].key) { continue }
            if let end = match(tokens, at: start), end <= range.upperBound {
                found.append(start..<end)
            }
        }
        return found
    }


    // MARK: - Matching (backtracking with a continuation)

    private static func match(
        _ elements: ArraySlice<Element>, _ tokens: [Token], _ position: Int, _ next: (Int) -> Bool
    ) -> Bool {
        guard let first = elements.first else { return next(position) }
        let rest = elements.dropFirst()
        switch first {
        case .word(let test):
            guard position < tokens.count, !tokens[position].isBoundary, test.accepts(tokens[position]) else {
                return false
            }
            return match(rest, tokens, position + 1, next)
        case .choice(let alternatives):
            for alternative in alternatives {
                let matched = match(alternative[...], tokens, position) { after in
                    match(rest, tokens, after, next)
                }
                if matched { return true }
            }
            return false
        case .optional(let sequence):
            let matched = match(sequence[...], tokens, position) { after in
                match(rest, tokens, after, next)
            }
            return matched || match(rest, tokens, position, next)
        case .gap(let limit):
            var after = position
            while true {
                if match(rest, tokens, after, next) { return true }
                guard after < tokens.count, after - position < limit, !tokens[after].isBoundary else { return false }
                after += 1
            }
        case .clauseStart:
            guard position == 0 || tokens[position - 1].isBoundary else { return false }
            return match(rest, tokens, position, next)
        case .clauseEnd:
            guard position >= tokens.count || tokens[position].isBoundary else { return false }
            return match(rest, tokens, position, next)
        }
    }
}

extension TokenPattern.WordTest {
    static let numberWords: Set<String> = Set([
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        "hundred", "dozen", "dozens", "hundreds",
    ].map(Token.skeleton(of:)))

    static let manyWords: Set<String> = Set([
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        "hundred", "dozen", "dozens", "hundreds", "all",
    ].map(Token.skeleton(of:)))

    static let doseUnits = ["mg", "mcg", "ml", "µg", "ug", "milligrams", "milligram", "micrograms"]

    static func isDose(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.numericType != nil else { return false }
        let unit = text.drop { $0.isNumber || $0 == "." }
        return doseUnits.contains(String(unit))
    }

    func accepts(_ token: Token) -> Bool {
        switch self {
        case .key(let key): token.key == key
        case .prefix(let prefix): token.key.hasPrefix(prefix)
        case .exact(let text): token.text == text
        case .number:
            token.text.unicodeScalars.allSatisfy { $0.properties.numericType != nil }
                || Self.numberWords.contains(token.key)
        case .many:
            (Int(token.text).map { $0 >= 10 } ?? false) || Self.manyWords.contains(token.key)
        case .dose:
            Self.isDose(token.text)
        }
    }
}
