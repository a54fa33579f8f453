/// Where the kept history of a conversation's last prompt began, recognisable in a later request
/// even when the caller's own history window has moved on: a chat that loads its last N messages
/// loses the oldest ones as turns are added, so "how many were dropped" no longer names the same
/// message. Starting the next prompt at the same message keeps its prefix, hence the KV cache.
struct KeptHistoryStart: Equatable, Sendable {
    /// Messages hashed from the start of the kept history: enough to tell repeated short messages apart.
    static let span = 4
    let fingerprint: Int
    let length: Int

    init?(_ messages: [ChatMessage], at index: Int) {
        guard index >= 0, index < messages.count else { return nil }
        let end = min(messages.count, index + Self.span)
        length = end - index
        fingerprint = Self.hash(messages[index..<end])
    }

    /// The first index from `head` on where the kept history began, if it is still there.
    func locate(in messages: [ChatMessage], from head: Int) -> Int? {
        guard length > 0, head >= 0, messages.count >= head + length else { return nil }
        for index in head...(messages.count - length) where Self.hash(messages[index..<(index + length)]) == fingerprint {
            return index
        }
        return nil
    }

    private static func hash(_ slice: ArraySlice<ChatMessage>) -> Int {
        var hasher = Hasher()
        for message in slice { hasher.combine(message) }
        return hasher.finalize()
    }
}
