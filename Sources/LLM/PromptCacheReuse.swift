import CLlama
import Logging

/// Makes a slot's KV cache hold the longest part of a new prompt that need not be decoded again:
/// the slot's own prefix, its own later turns moved back after an overflow, or a longer prefix
/// (typically the system prompt) borrowed from another slot. Confined to the decode thread.
struct PromptCacheReuse {
    let memory: OpaquePointer
    /// One KV buffer shared by all sequences: borrowing shares cells instead of copying a buffer.
    let kvUnified: Bool
    let logger: Logger

    /// Trims the slot's cache to the reusable prefix of `tokens` and returns its length. At least
    /// one token is always left to decode, for the logits of the first sample.
    func prepare(_ slot: SequenceSlot, for tokens: [llama_token], sameConversation: Bool, among slots: [SequenceSlot]) -> Int {
        var reuse = min(Self.commonPrefixLength(slot.cachedTokens, tokens), tokens.count - 1)
        if sameConversation, let closed = closeDroppedGap(in: slot, prefix: reuse, tokens: tokens) {
            reuse = closed
        }
        if let borrowed = borrowPrefix(for: tokens, into: slot, among: slots, beating: reuse) {
            reuse = borrowed
        } else if reuse < slot.cachedTokens.count {
            if !llama_memory_seq_rm(memory, slot.sequenceID, llama_pos(reuse), -1) {
                forget(slot)
                reuse = 0
            }
            slot.cachedTokens.removeLast(slot.cachedTokens.count - reuse)
        }
        if reuse > 0, llama_memory_seq_pos_min(memory, slot.sequenceID) > 0 {
            // A sliding-window cache that already forgot the start cannot serve a prefix.
            forget(slot)
            reuse = 0
        }
        return reuse
    }

    /// Empties the slot's cache, keeping `cachedTokens` true to it.
    func forget(_ slot: SequenceSlot) {
        _ = llama_memory_seq_rm(memory, slot.sequenceID, -1, -1)
        slot.cachedTokens.removeAll()
    }

    /// When some other slot holds a clearly longer prefix of this prompt (typically the common
    /// system prompt), take it from there instead of decoding it again. With a unified KV cache the
    /// cells are shared (`llama_memory_seq_cp`, no copy); with one buffer per sequence llama.cpp
    /// copies the donor's whole buffer and the tail past the prefix is dropped, which costs a
    /// memory copy of the window, so it is only done for a long prefix.
    /// Returns the new reuse length, or nil when borrowing is not worth it.
    private func borrowPrefix(
        for tokens: [llama_token], into slot: SequenceSlot, among slots: [SequenceSlot], beating reuse: Int
    ) -> Int? {
        var best: (donor: SequenceSlot, length: Int)?
        for other in slots where other !== slot {
            let length = min(Self.commonPrefixLength(other.cachedTokens, tokens), tokens.count - 1)
            if length > (best?.length ?? reuse) { best = (other, length) }
        }
        let worth = kvUnified ? Self.minimumBorrowedTokens : Self.minimumCopiedTokens
        guard let best, best.length >= reuse + worth else { return nil }
        _ = llama_memory_seq_rm(memory, slot.sequenceID, -1, -1)
        if kvUnified {
            llama_memory_seq_cp(memory, best.donor.sequenceID, slot.sequenceID, 0, llama_pos(best.length))
        } else {
            llama_memory_seq_cp(memory, best.donor.sequenceID, slot.sequenceID, -1, -1)
            guard llama_memory_seq_rm(memory, slot.sequenceID, llama_pos(best.length), -1) else {
                forget(slot)
                return 0
            }
        }
        slot.cachedTokens = Array(tokens[..<best.length])
        return best.length
    }

    /// After an overflow the prompt keeps the system prompt, leaves out the oldest turns and goes on
    /// with turns this slot already holds further along. Instead of decoding those again, the left-out
    /// turns' cells are removed and the rest moved back (llama.cpp re-rotates their keys), as
    /// llama-server's context shift does. The moved cells were computed with the left-out turns in
    /// view: the same approximation llama-server makes. Returns the new reuse length, or nil when
    /// the prompt does not continue further along in the cache or the cache cannot shift.
    private func closeDroppedGap(in slot: SequenceSlot, prefix: Int, tokens: [llama_token]) -> Int? {
        let cached = slot.cachedTokens
        let probe = Self.minimumShiftedTokens
        guard prefix + probe < tokens.count, prefix + 1 + probe <= cached.count, llama_memory_can_shift(memory) else {
            return nil
        }
        let needle = tokens[prefix..<(prefix + probe)]
        guard let start = (prefix + 1...(cached.count - probe)).first(where: { cached[$0..<($0 + probe)] == needle }) else {
            return nil
        }
        var length = probe
        while start + length < cached.count, prefix + length < tokens.count - 1, cached[start + length] == tokens[prefix + length] {
            length += 1
        }
        guard llama_memory_seq_rm(memory, slot.sequenceID, llama_pos(prefix), llama_pos(start)) else { return nil }
        llama_memory_seq_add(memory, slot.sequenceID, llama_pos(start), -1, llama_pos(prefix - start))
        let kept = prefix + length
        _ = llama_memory_seq_rm(memory, slot.sequenceID, llama_pos(kept), -1)
        slot.cachedTokens = Array(cached[..<prefix]) + Array(cached[start..<(start + length)])
        logger.debug("dropped turns removed from the cache", metadata: [
            "sequence": "\(slot.sequenceID)", "removedTokens": "\(start - prefix)", "keptTokens": "\(kept)",
        ])
        return kept
    }

    /// A shorter match between the new prompt and a later part of the cache may be chance.
    static let minimumShiftedTokens = 32

    /// Below this many extra tokens, borrowing is not worth dropping the slot's own cache.
    static let minimumBorrowedTokens = 16
    /// With one KV buffer per sequence a borrow copies the donor's whole buffer (for SmolLM2 and a
    /// 2048-token window, 47 MB: a few milliseconds, against ~3 ms per prompt token decoded).
    static let minimumCopiedTokens = 32

    static func commonPrefixLength(_ a: [llama_token], _ b: [llama_token]) -> Int {
        var index = 0
        let limit = min(a.count, b.count)
        while index < limit, a[index] == b[index] { index += 1 }
        return index
    }
}
