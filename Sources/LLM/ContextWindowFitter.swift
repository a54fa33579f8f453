/// Chooses how many of the oldest turns to leave out so a conversation fits its budget.
///
/// Protected: the leading system messages and everything from the last user message on. Turns are
/// dropped oldest first, and the kept history always restarts at a user turn. When the history
/// overflows, the fitter drops down to `overflowTarget` rather than just under the budget, and a
/// caller may pass the previous turn's drop count as `minimumDrop`: together they keep the prompt's
/// prefix identical for several turns, so the KV cache stays reusable after an overflow.
struct ContextWindowFitter<Measured> {
    let budget: Int
    let overflowTarget: Int
    let measure: ([ChatMessage]) throws -> (Measured, Int)

    init(budget: Int, overflowTarget: Int? = nil, measure: @escaping ([ChatMessage]) throws -> (Measured, Int)) {
        self.budget = budget
        self.overflowTarget = min(overflowTarget ?? budget, budget)
        self.measure = measure
    }

    struct Result {
        var measured: Measured
        var size: Int
        var kept: [ChatMessage]
        var dropped: Int
    }

    /// Number of leading system messages (never dropped).
    static func protectedHeadCount(_ messages: [ChatMessage]) -> Int {
        messages.prefix { $0.role == .system }.count
    }

    func fit(_ messages: [ChatMessage], minimumDrop: Int = 0) throws -> Result {
        let head = Self.protectedHeadCount(messages)
        guard let lastUser = messages.lastIndex(where: { $0.role == .user }), lastUser >= head else {
            throw LLMError.invalidConversation("it has no user message")
        }
        // Drop counts that leave the kept history starting at a user turn (or dropping nothing).
        let candidates = (0...(lastUser - head)).filter { drop in
            drop == 0 || messages[head + drop].role == .user
        }
        let allowed = candidates.filter { $0 >= minimumDrop }
        let usable = allowed.isEmpty ? [candidates.last!] : allowed

        var cache: [Int: (Measured, Int)] = [:]
        func evaluate(_ drop: Int) throws -> (Measured, Int) {
            if let hit = cache[drop] { return hit }
            var kept = Array(messages[..<head])
            kept.append(contentsOf: messages[(head + drop)...])
            let value = try measure(kept)
            cache[drop] = value
            return value
        }
        func result(_ drop: Int) throws -> Result {
            let (measured, size) = try evaluate(drop)
            var kept = Array(messages[..<head])
            kept.append(contentsOf: messages[(head + drop)...])
            return Result(measured: measured, size: size, kept: kept, dropped: drop)
        }
        /// Smallest candidate whose size is at most `limit` (sizes shrink as more is dropped).
        func smallestDrop(within limit: Int) throws -> Int? {
            var low = 0
            var high = usable.count
            while low < high {
                let mid = (low + high) / 2
                if try evaluate(usable[mid]).1 <= limit { high = mid } else { low = mid + 1 }
            }
            return low < usable.count ? usable[low] : nil
        }

        if try evaluate(usable[0]).1 <= budget { return try result(usable[0]) }
        if let drop = try smallestDrop(within: overflowTarget) { return try result(drop) }
        if let drop = try smallestDrop(within: budget) { return try result(drop) }
        let smallest = try evaluate(usable.last!).1
        throw LLMError.promptTooLong(promptTokens: smallest, limit: budget)
    }
}
