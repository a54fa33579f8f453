/// Picks, for one text, the patterns that could match at all.
///
/// With a few hundred patterns and a streamed reply re-checked on every chunk, trying every
/// pattern at every position is too slow. Each pattern lists sets of words that must appear
/// (`TokenPattern.requiredKeys`); one pass over the text's words marks which sets are met, and
/// only patterns with every set met are tried.
struct PatternIndex: Sendable {
    /// For each key, the (pattern, set) pairs it satisfies.
    private let byKey: [String: [Int]]
    /// Number of required sets per pattern.
    private let setCounts: [Int]
    /// Offset of each pattern's first set in the flat set numbering.
    private let setOffsets: [Int]
    private let setOwner: [Int]

    init(_ patterns: [TokenPattern]) {
        var byKey: [String: [Int]] = [:]
        var setCounts: [Int] = []
        var setOffsets: [Int] = []
        var setOwner: [Int] = []
        for (patternIndex, pattern) in patterns.enumerated() {
            setOffsets.append(setOwner.count)
            setCounts.append(pattern.requiredKeys.count)
            for keys in pattern.requiredKeys {
                let setIndex = setOwner.count
                setOwner.append(patternIndex)
                for key in keys { byKey[key, default: []].append(setIndex) }
            }
        }
        self.byKey = byKey
        self.setCounts = setCounts
        self.setOffsets = setOffsets
        self.setOwner = setOwner
    }

    /// A flag per pattern: true when it may match somewhere in `tokens`.
    func candidates(in tokens: [Token]) -> [Bool] {
        var met = [Bool](repeating: false, count: setOwner.count)
        var seen: Set<String> = []
        for token in tokens where seen.insert(token.key).inserted {
            if let sets = byKey[token.key] {
                for set in sets { met[set] = true }
            }
        }
        return setCounts.indices.map { pattern in
            let offset = setOffsets[pattern]
            return (offset..<(offset + setCounts[pattern])).allSatisfy { met[$0] }
        }
    }
}
