import CLlama
import Foundation

/// One llama.cpp sequence id, bound to the conversation whose KV cache it holds. The slot outlives
/// the reply: an idle slot keeps its conversation's tokens until another conversation evicts it.
/// Confined to the decode thread.
final class SequenceSlot {
    let sequenceID: llama_seq_id
    var conversationID: UUID?
    /// Exactly the tokens in this sequence's KV cache, at positions 0..<count.
    var cachedTokens: [llama_token] = []
    /// Tick of the last use, for least-recently-used eviction.
    var lastUsed: UInt64 = 0
    var active: ActiveGeneration?

    init(sequenceID: llama_seq_id) {
        self.sequenceID = sequenceID
    }

    var isIdle: Bool { active == nil }
}
