import CLlama

/// A reusable `llama_batch` of up to `capacity` tokens, each belonging to one sequence.
final class TokenBatch {
    private(set) var raw: llama_batch
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        raw = llama_batch_init(Int32(capacity), 0, 1)
    }

    deinit {
        llama_batch_free(raw)
    }

    var count: Int { Int(raw.n_tokens) }
    var remaining: Int { capacity - count }

    func clear() {
        raw.n_tokens = 0
    }

    /// Appends a token and returns its index (the logits index when `wantsLogits`).
    @discardableResult
    func add(_ token: llama_token, position: Int, sequence: llama_seq_id, wantsLogits: Bool) -> Int32 {
        let index = Int(raw.n_tokens)
        precondition(index < capacity, "TokenBatch overflow")
        raw.token[index] = token
        raw.pos[index] = llama_pos(position)
        raw.n_seq_id[index] = 1
        raw.seq_id[index]![0] = sequence
        raw.logits[index] = wantsLogits ? 1 : 0
        raw.n_tokens += 1
        return Int32(index)
    }
}
