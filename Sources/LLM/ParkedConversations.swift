import CLlama
import Foundation

/// The KV caches of conversations whose slot was given to another, kept in memory so a person who
/// comes back is not made to wait for their whole history to be processed again: on 2 cores that
/// is about 6 s per 1,500 tokens (bench/admission), a copy back is milliseconds. Least recently
/// parked first out once `byteLimit` is reached. Confined to the decode thread.
final class ParkedConversations {
    private struct Parked {
        var tokens: [llama_token]
        var state: [UInt8]
    }

    let byteLimit: Int
    private var parked: [UUID: Parked] = [:]
    private var order: [UUID] = []
    private var bytes = 0

    init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// Copies the slot's sequence out before another conversation takes the slot.
    func park(_ slot: SequenceSlot, context: OpaquePointer) {
        guard byteLimit > 0, let conversationID = slot.conversationID, !slot.cachedTokens.isEmpty else { return }
        let size = llama_state_seq_get_size(context, slot.sequenceID)
        guard size > 0, size <= byteLimit else { return }
        var state = [UInt8](repeating: 0, count: size)
        let written = state.withUnsafeMutableBufferPointer {
            llama_state_seq_get_data(context, $0.baseAddress, size, slot.sequenceID)
        }
        guard written > 0 else { return }
        remove(conversationID)
        parked[conversationID] = Parked(tokens: slot.cachedTokens, state: Array(state.prefix(written)))
        order.append(conversationID)
        bytes += written
        while bytes > byteLimit, let oldest = order.first {
            remove(oldest)
        }
    }

    /// Puts a parked conversation back into `slot` when it serves more of `prompt` than the slot
    /// already does; returns whether it did. The slot's previous content is gone either way then.
    func restore(_ conversationID: UUID, into slot: SequenceSlot, for prompt: [llama_token], context: OpaquePointer,
                 memory: OpaquePointer) -> Bool {
        guard let entry = parked[conversationID] else { return false }
        let gain = PromptCacheReuse.commonPrefixLength(entry.tokens, prompt)
        guard gain > PromptCacheReuse.commonPrefixLength(slot.cachedTokens, prompt) else { return false }
        remove(conversationID)
        _ = llama_memory_seq_rm(memory, slot.sequenceID, -1, -1)
        let read = entry.state.withUnsafeBufferPointer {
            llama_state_seq_set_data(context, $0.baseAddress, $0.count, slot.sequenceID)
        }
        guard read > 0 else {
            _ = llama_memory_seq_rm(memory, slot.sequenceID, -1, -1)
            slot.cachedTokens.removeAll()
            return false
        }
        slot.cachedTokens = entry.tokens
        return true
    }

    private func remove(_ conversationID: UUID) {
        guard let entry = parked.removeValue(forKey: conversationID) else { return }
        bytes -= entry.state.count
        order.removeAll { $0 == conversationID }
    }
}
