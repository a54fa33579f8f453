/// Tells whether a self-directed risk phrase is about someone else ("my friend wants to die").
///
/// Risk about another person still needs care, so such matches are softened to `concern`
/// rather than dropped; the crisis reply ("you're not alone…") would be addressed to the wrong
/// person.
enum Subject {
    static let firstPerson: Set<String> = keys(["i", "me", "my", "myself"])
    static let thirdPerson: Set<String> = keys([
        "he", "she", "they", "someone", "somebody", "friend", "friends", "brother", "sister", "mom", "mum",
        "dad", "mother", "father", "son", "daughter", "partner", "husband", "wife", "boyfriend",
        "girlfriend", "bf", "gf", "cousin", "uncle", "aunt", "classmate", "roommate", "kid", "child",
        "student", "patient", "client", "colleague", "coworker", "teen", "teenager",
    ])

    /// True when the nearest subject before the match, within its clause, is someone else and
    /// the match itself does not name the speaker ("they'd be glad if I was gone" is first person).
    static func isThirdPerson(_ range: Range<Int>, in tokens: [Token]) -> Bool {
        if tokens[range].contains(where: { firstPerson.contains($0.key) }) { return false }
        let start = range.lowerBound
        guard start < tokens.count else { return false }
        var index = start - 1
        var steps = 0
        while index >= 0, steps < 4, !tokens[index].isBoundary {
            // Exact text, not skeletons: "soon" must not be read as "son".
            let word = tokens[index].text
            if firstPerson.contains(word) { return false }
            if thirdPerson.contains(word) { return true }
            index -= 1
            steps += 1
        }
        return false
    }

    private static func keys(_ words: [String]) -> Set<String> { Set(words) }
}
