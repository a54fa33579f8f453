/// Finds phone numbers that model output offers as someone to call or text, and reports any
/// that are not in the crisis resource directory.
///
/// Models invent plausible hotline numbers. Only numbers reviewed into the directory may reach a
/// person in crisis, so an unknown number next to "call", "text", "hotline" and the like blocks
/// the reply.
enum CrisisNumberScanner {
    static let contactWords = ["call", "text", "dial", "phone", "hotline", "helpline", "lifeline", "line", "number", "contact", "reach", "sms", "whatsapp", "ring", "crisis"]

    /// Scans numbers starting at or after `start`; up to 40 characters before each number are
    /// read for contact words, even from before `start`.
    static func containsUnknownContact(in text: Substring, from start: String.Index, known: Set<String>, isComplete: Bool) -> Bool {
        let contextStart = text.index(start, offsetBy: -40, limitedBy: text.startIndex) ?? text.startIndex
        let characters = Array(text[contextStart...])
        let firstOwn = text.distance(from: contextStart, to: start)
        var index = firstOwn
        while index < characters.count {
            guard characters[index].isNumber else { index += 1; continue }
            let start = index
            var digits = ""
            var end = index
            while end < characters.count {
                let character = characters[end]
                if character.isNumber {
                    digits.append(character)
                    end += 1
                } else if " -.()".contains(character), end + 1 < characters.count,
                          characters[end + 1].isNumber || (characters[end + 1] == "(" && end + 2 < characters.count && characters[end + 2].isNumber) {
                    end += 1
                } else {
                    break
                }
            }
            index = end
            // While streaming, a number touching the end may still be growing.
            if !isComplete, end >= characters.count - 1 { continue }
            guard digits.count >= 3, !known.contains(digits) else { continue }
            let contextStart = max(0, start - 40)
            let before = String(characters[contextStart..<start]).lowercased()
            if contactWords.contains(where: before.contains) { return true }
        }
        return false
    }
}
