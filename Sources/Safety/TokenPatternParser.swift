/// Compiles the `TokenPattern` syntax. Patterns are written by developers and compiled once at
/// start-up, so a malformed pattern is a programming error and stops the process immediately.
///
/// `|` has two meanings, told apart by spacing so that rules stay short and readable:
/// - written tight (`want|wish`), it joins its two neighbours into a choice and binds tighter
///   than sequence: `want|wish to die` is "(want or wish) to die";
/// - written with spaces (`( be here | be around )`), it separates whole sequences inside brackets.
struct TokenPatternParser {
    private enum Symbol: Equatable {
        case open, close, openOptional, closeOptional
        /// Tight `|`: choice between neighbours.
        case join
        /// Spaced `|`: next alternative sequence.
        case separator
        case atom(String)
    }

    private var symbols: [Symbol] = []
    private var index = 0
    private let source: String

    init(_ source: String) {
        self.source = source
        let characters = Array(source)
        var current = ""
        func flush() {
            if !current.isEmpty { symbols.append(.atom(current)); current = "" }
        }
        for (offset, character) in characters.enumerated() {
            switch character {
            case "(": flush(); symbols.append(.open)
            case ")": flush(); symbols.append(.close)
            case "[": flush(); symbols.append(.openOptional)
            case "]": flush(); symbols.append(.closeOptional)
            case "|":
                flush()
                let spacedBefore = offset > 0 && characters[offset - 1] == " "
                let spacedAfter = offset + 1 < characters.count && characters[offset + 1] == " "
                symbols.append(spacedBefore || spacedAfter ? .separator : .join)
            case " ": flush()
            default: current.append(character)
            }
        }
        flush()
    }

    mutating func parse() -> [TokenPattern.Element] {
        let alternatives = parseAlternatives(until: nil)
        precondition(index == symbols.count, "Unbalanced pattern: \(source)")
        return alternatives.count == 1 ? alternatives[0] : [.choice(alternatives)]
    }

    private mutating func parseAlternatives(until closing: Symbol?) -> [[TokenPattern.Element]] {
        var alternatives: [[TokenPattern.Element]] = [[]]
        var joinNext = false
        while index < symbols.count {
            let symbol = symbols[index]
            if let closing, symbol == closing {
                index += 1
                precondition(!joinNext && !alternatives.contains(where: \.isEmpty), "Empty alternative in pattern: \(source)")
                return alternatives
            }
            switch symbol {
            case .separator:
                precondition(!joinNext, "Misplaced | in pattern: \(source)")
                index += 1
                alternatives.append([])
            case .join:
                precondition(!joinNext && !alternatives[alternatives.count - 1].isEmpty, "Misplaced | in pattern: \(source)")
                index += 1
                joinNext = true
            case .close, .closeOptional:
                preconditionFailure("Unbalanced pattern: \(source)")
            default:
                let item = parseItem()
                if joinNext {
                    let previous = alternatives[alternatives.count - 1].removeLast()
                    alternatives[alternatives.count - 1].append(.choice(Self.alternatives(of: previous) + Self.alternatives(of: item)))
                    joinNext = false
                } else {
                    alternatives[alternatives.count - 1].append(item)
                }
            }
        }
        precondition(closing == nil, "Unbalanced pattern: \(source)")
        precondition(!joinNext && !alternatives.contains(where: \.isEmpty), "Empty alternative in pattern: \(source)")
        return alternatives
    }

    private mutating func parseItem() -> TokenPattern.Element {
        let symbol = symbols[index]
        index += 1
        switch symbol {
        case .open:
            let group = parseAlternatives(until: .close)
            return group.count == 1 && group[0].count == 1 ? group[0][0] : .choice(group)
        case .openOptional:
            let group = parseAlternatives(until: .closeOptional)
            return .optional(group.count == 1 ? group[0] : [.choice(group)])
        case .atom(let word):
            return atom(word)
        default:
            preconditionFailure("Unexpected symbol in pattern: \(source)")
        }
    }

    private static func alternatives(of element: TokenPattern.Element) -> [[TokenPattern.Element]] {
        if case .choice(let alternatives) = element { return alternatives }
        return [[element]]
    }

    private func atom(_ word: String) -> TokenPattern.Element {
        switch word {
        case "^": return .clauseStart
        case "$": return .clauseEnd
        case "#num": return .word(.number)
        case "#many": return .word(.many)
        case "#dose": return .word(.dose)
        default: break
        }
        if word.hasPrefix("~") {
            guard let limit = Int(word.dropFirst()) else { preconditionFailure("Bad gap in pattern: \(source)") }
            return .gap(limit)
        }
        if word.hasPrefix("@") {
            let name = String(word.dropFirst())
            guard let definition = PatternLexicon.classes[name] else {
                preconditionFailure("Unknown class @\(name) in pattern: \(source)")
            }
            var parser = TokenPatternParser(definition)
            let elements = parser.parse()
            return elements.count == 1 ? elements[0] : .choice([elements])
        }
        if word.hasPrefix("=") { return .word(.exact(String(word.dropFirst()))) }
        if word.hasSuffix("*") { return .word(.prefix(Token.skeleton(of: String(word.dropLast())))) }
        return .word(.key(Token.skeleton(of: word)))
    }
}
