/// How the in-process llama.cpp engine is set up. All sizes are in tokens.
public struct LlamaConfiguration: Sendable, Equatable {
    /// Path of the GGUF model file.
    public var modelPath: String
    /// Context window of ONE sequence (one conversation slot): prompt plus reply must fit in it.
    /// The KV cache holds `contextSize × parallelSequences` tokens in total, so every slot always
    /// has its full window, whatever the other slots hold. Clamped to the model's training context.
    public var contextSize: Int
    /// CPU threads for generation steps.
    public var threads: Int
    /// CPU threads for prompt processing; nil = `threads`.
    public var batchThreads: Int?
    /// Sequence slots decoded together by continuous batching (llama.cpp `n_seq_max`). Requests
    /// beyond this wait in a FIFO queue; idle conversations keep their slot (and KV cache) until
    /// a new conversation needs it (least recently used first).
    public var parallelSequences: Int
    /// Most tokens in one `llama_decode` call (llama.cpp `n_batch`); long prompts are processed
    /// in chunks of this size, interleaved with the other slots' generation steps. At least
    /// `parallelSequences`.
    public var batchSize: Int
    /// nil = the template embedded in the model; otherwise a llama.cpp built-in name ("chatml",
    /// "gemma", "llama3", ...) or a template source that llama.cpp recognises by pattern.
    public var chatTemplate: String?
    /// One KV buffer shared by all sequences (llama.cpp `kv_unified`). Off (default, as llama-server
    /// with `-np N`), each sequence has its own buffer and attends over its own cells only; on, every
    /// step's attention spans the cells of all sequences, including the idle conversations that
    /// keep their cache, so a long idle conversation slows every active one (bench/chat measured
    /// 8-12 % fewer tokens/s). On shares a common prefix without copying it; off copies the
    /// donor's buffer (see `PromptCacheReuse`).
    public var kvUnified: Bool
    /// llama.cpp's flash attention: `auto` lets llama.cpp decide (on for CPU). On CPU, off was
    /// faster over a long cached history: the fused kernel walks the whole cache once per query
    /// row, where the plain path uses matrix multiplication (measure with `bench/chat`).
    public var flashAttention: FlashAttention
    /// Name shown in `status`; nil = the model file's name.
    public var displayName: String?
    /// Most of the decode thread's time that prompt processing (admitting a new or returning
    /// conversation) may take while replies are streaming, in (0, 1]; 1 lets prompt chunks fill
    /// every batch. See `PromptTimeShare`.
    public var promptShareWhileGenerating: Double
    /// Bytes of RAM for the KV caches of conversations whose slot went to another (0: none), so a
    /// returning person's history need not be processed again (`ParkedConversations`).
    public var parkedCacheBytes: Int

    /// A streaming reply keeps about 95% of its speed while long conversations are admitted
    /// beside it (measured by bench/admission).
    public static let defaultPromptShareWhileGenerating = 0.05

    public enum FlashAttention: String, Sendable, Equatable, CaseIterable {
        case auto
        case on
        case off
    }

    public init(
        modelPath: String,
        contextSize: Int = 4096,
        threads: Int = 2,
        batchThreads: Int? = nil,
        parallelSequences: Int = 4,
        batchSize: Int = 512,
        chatTemplate: String? = nil,
        kvUnified: Bool = false,
        flashAttention: FlashAttention = .auto,
        displayName: String? = nil,
        promptShareWhileGenerating: Double = LlamaConfiguration.defaultPromptShareWhileGenerating,
        parkedCacheBytes: Int = 512 << 20
    ) {
        self.modelPath = modelPath
        self.contextSize = contextSize
        self.threads = threads
        self.batchThreads = batchThreads
        self.parallelSequences = parallelSequences
        self.batchSize = batchSize
        self.chatTemplate = chatTemplate
        self.kvUnified = kvUnified
        self.flashAttention = flashAttention
        self.displayName = displayName
        self.promptShareWhileGenerating = promptShareWhileGenerating
        self.parkedCacheBytes = parkedCacheBytes
    }

    func validate() throws(LLMError) {
        guard contextSize >= 64 else { throw .invalidConfiguration("contextSize must be at least 64") }
        guard threads >= 1, (batchThreads ?? 1) >= 1 else { throw .invalidConfiguration("threads must be at least 1") }
        guard parallelSequences >= 1, parallelSequences <= 256 else {
            throw .invalidConfiguration("parallelSequences must be between 1 and 256")
        }
        guard batchSize >= parallelSequences, batchSize >= 8 else {
            throw .invalidConfiguration("batchSize must be at least 8 and at least parallelSequences")
        }
        guard promptShareWhileGenerating > 0, promptShareWhileGenerating <= 1 else {
            throw .invalidConfiguration("promptShareWhileGenerating must be above 0 and at most 1")
        }
    }
}
