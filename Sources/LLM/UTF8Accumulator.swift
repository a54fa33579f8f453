/// Joins token pieces into valid UTF-8 text. A piece may end inside a multi-byte character; those
/// trailing bytes are held until the character is complete, so every emitted delta is valid text.
struct UTF8Accumulator: Sendable {
    private var pending: [UInt8] = []

    /// Adds the bytes of one piece and returns the text that is complete so far (nil if none).
    mutating func append<Bytes: Sequence>(_ bytes: Bytes) -> String? where Bytes.Element == UInt8 {
        pending.append(contentsOf: bytes)
        let cut = Self.completePrefixLength(pending)
        guard cut > 0 else { return nil }
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// Returns whatever is left (an unfinished character becomes U+FFFD), e.g. at end of generation.
    mutating func flush() -> String? {
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    var hasPendingBytes: Bool { !pending.isEmpty }

    /// Length of the prefix that does not end in an unfinished multi-byte sequence. Invalid bytes
    /// count as complete (they decode to U+FFFD) so a broken piece can never stall the stream.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        let count = bytes.count
        var index = count - 1
        // Walk back over at most 3 continuation bytes (10xxxxxx) to the last lead byte.
        while index >= 0, index >= count - 4, bytes[index] & 0xC0 == 0x80 {
            index -= 1
        }
        guard index >= 0, index >= count - 4 else { return count }
        let lead = bytes[index]
        let expected: Int
        switch lead {
        case 0x00...0x7F: expected = 1
        case 0xC2...0xDF: expected = 2
        case 0xE0...0xEF: expected = 3
        case 0xF0...0xF4: expected = 4
        default: return count  // invalid lead byte: emit as is
        }
        return count - index < expected ? index : count
    }
}
