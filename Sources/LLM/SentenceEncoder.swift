import CLlama
import Dispatch
import Foundation
import Logging

/// A sentence encoder (all-MiniLM-L6-v2 as GGUF) run in-process through the llama.cpp the chat
/// model already links: mean-pooled, L2-normalised embeddings, as sentence-transformers computes
/// them, for the crisis screen's learned second opinion.
///
/// One context, one text at a time on an `InferenceThread`: a message is ~20 tokens, which a
/// 6-layer encoder reads in a few milliseconds. With the in-process chat model that thread is its
/// decode thread (a reply pauses for those milliseconds rather than fight for the cores); with a
/// remote chat model, a queue of its own. Either way the work stays off Swift's cooperative pool.
public final class SentenceEncoder: @unchecked Sendable {
    /// sentence-transformers' `max_seq_length` for this model; longer texts keep [CLS], the first
    /// 254 pieces and [SEP], exactly as `scripts/encoder/minilm_numpy.truncate` does in training.
    public static let maxTokens = 256
    /// Texts encoded together in one pass (a message and its sentences), and the tokens one pass
    /// may hold; llama.cpp sizes its work buffers for this, so it stays small.
    static let maxSequences = 8
    static let batchTokens = 2 * maxTokens
    /// Bounds tokenising an absurd input; far more than 256 word pieces of any ordinary text.
    static let maxCharacters = 20_000

    public let dimensions: Int
    public let path: String
    private let model: LlamaModel
    private let context: OpaquePointer
    private let batch: TokenBatch
    private let thread: any InferenceThread

    /// Loads the encoder off Swift concurrency's cooperative pool. `threads` is llama.cpp's
    /// thread count for one text: the decode thread's count when sharing it (its threads are idle
    /// meanwhile), 1 on a queue of its own.
    public static func load(path: String, threads: Int = 1,
                            on thread: any InferenceThread = DedicatedInferenceQueue(label: "sentence-encoder"),
                            logger: Logger) async throws -> SentenceEncoder {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try SentenceEncoder(path: path, threads: threads, thread: thread, logger: logger) })
            }.start()
        }
    }

    init(path: String, threads: Int, thread: any InferenceThread, logger: Logger) throws {
        let start = ContinuousClock.now
        let model = try LlamaModel(path: path)
        var params = llama_context_default_params()
        params.n_ctx = UInt32(Self.batchTokens)
        params.n_batch = UInt32(Self.batchTokens)
        params.n_ubatch = UInt32(Self.batchTokens)
        params.n_seq_max = UInt32(Self.maxSequences)
        params.n_threads = Int32(max(1, threads))
        params.n_threads_batch = Int32(max(1, threads))
        params.embeddings = true
        params.pooling_type = LLAMA_POOLING_TYPE_MEAN
        guard let context = llama_init_from_model(model.pointer, params) else { throw LLMError.contextCreationFailed }
        guard llama_pooling_type(context) == LLAMA_POOLING_TYPE_MEAN else {
            llama_free(context)
            throw LLMError.modelLoadFailed(path: path)
        }
        self.model = model
        self.context = context
        self.path = path
        self.dimensions = Int(llama_model_n_embd(model.pointer))
        self.batch = TokenBatch(capacity: Self.batchTokens)
        self.thread = thread
        logger.info("sentence encoder loaded", metadata: [
            "model": "\(URL(fileURLWithPath: path).lastPathComponent)", "dimensions": "\(dimensions)", "threads": "\(threads)",
            "loadMs": "\(Int((ContinuousClock.now - start).seconds * 1000))",
        ])
    }

    deinit {
        llama_free(context)
    }

    /// The text's embedding: `dimensions` floats of unit length.
    public func embed(_ text: String) async throws -> [Float] {
        try await embed([text])[0]
    }

    /// One embedding per text, in order; texts are encoded several to a pass, each as its own
    /// sequence (they do not see each other), which is what each alone would give.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        try await thread.run { try self.embedNow(texts) }
    }

    /// Runs on `thread` only, one call at a time.
    private func embedNow(_ texts: [String]) throws -> [[Float]] {
        let tokenized = try texts.map { try Self.truncated(model.tokenize(String($0.prefix(Self.maxCharacters)))) }
        var vectors: [[Float]] = []
        var start = 0
        while start < tokenized.count {
            var end = start
            var total = 0
            while end < tokenized.count, end - start < Self.maxSequences, total + tokenized[end].count <= Self.batchTokens {
                total += tokenized[end].count
                end += 1
            }
            batch.clear()
            for (sequence, tokens) in tokenized[start..<end].enumerated() {
                for (position, token) in tokens.enumerated() {
                    batch.add(token, position: position, sequence: llama_seq_id(sequence), wantsLogits: true)
                }
            }
            llama_memory_clear(llama_get_memory(context), true)
            let code = llama_encode(context, batch.raw)
            guard code == 0 else { throw LLMError.decodeFailed(code: Int(code)) }
            for sequence in 0..<(end - start) {
                guard let pooled = llama_get_embeddings_seq(context, llama_seq_id(sequence)) else { throw LLMError.decodeFailed(code: -1) }
                var vector = Array(UnsafeBufferPointer(start: pooled, count: dimensions))
                let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
                if norm > 0 { vector = vector.map { $0 / norm } }
                vectors.append(vector)
            }
            start = end
        }
        return vectors
    }

    /// [CLS] + the first 254 pieces + [SEP] when the text is longer than the model reads.
    static func truncated(_ tokens: [llama_token]) -> [llama_token] {
        guard tokens.count > maxTokens, let last = tokens.last else { return tokens }
        return Array(tokens.prefix(maxTokens - 1)) + [last]
    }
}
