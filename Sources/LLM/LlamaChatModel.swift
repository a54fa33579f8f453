import CLlama
import Foundation
import Logging

/// The in-process llama.cpp backend: the model is loaded once, and one dedicated decode thread
/// serves every conversation with continuous batching and per-conversation KV-cache reuse.
///
/// Thread-safety: this facade holds only immutable or lock-protected state; all llama.cpp context
/// work happens on the decode thread (see `DecodeLoop`), fed through a `RequestInbox`.
public final class LlamaChatModel: ChatModel {
    public let configuration: LlamaConfiguration
    /// Effective per-sequence context window (after clamping to the model's training context).
    public let contextSize: Int
    private let model: LlamaModel
    private let template: ChatTemplate
    private let inbox = RequestInbox()
    private let engineStatistics = Locked(EngineStatistics())
    private let keptStarts = KeptHistoryStarts()
    private let logger: Logger
    private let modelName: String

    /// Loads the model and starts the decode thread. Blocks for the load (about 0.1-2 s for small
    /// models); from async code prefer `load(configuration:logger:)`.
    public init(configuration: LlamaConfiguration, logger: Logger) throws {
        try configuration.validate()
        let loadStart = ContinuousClock.now
        let model = try LlamaModel(path: configuration.modelPath)
        guard let templateSource = configuration.chatTemplate ?? model.embeddedChatTemplate else {
            throw LLMError.unsupportedChatTemplate(
                "the model has no embedded chat template; set chatTemplate (for example \"chatml\" or \"gemma\")")
        }
        let template = try ChatTemplate(source: templateSource)
        let loop = try DecodeLoop(
            model: model, configuration: configuration, inbox: inbox,
            statistics: engineStatistics, keptStarts: keptStarts, logger: logger)
        self.configuration = configuration
        self.contextSize = loop.contextSize
        self.model = model
        self.template = template
        self.logger = logger
        self.modelName =
            configuration.displayName
            ?? URL(fileURLWithPath: configuration.modelPath).deletingPathExtension().lastPathComponent

        let thread = Thread { loop.run() }
        thread.name = "llm-decode"
        thread.stackSize = 8 << 20
        thread.start()
        logger.info(
            "llama model loaded",
            metadata: [
                "model": "\(modelName)", "description": "\(model.summary)",
                "slots": "\(configuration.parallelSequences)", "contextSize": "\(contextSize)",
                "kvUnified": "\(configuration.kvUnified)", "threads": "\(configuration.threads)",
                "loadMs": "\(Int((ContinuousClock.now - loadStart).seconds * 1000))",
            ])
    }

    /// Loads the model off Swift concurrency's cooperative pool.
    public static func load(configuration: LlamaConfiguration, logger: Logger) async throws -> LlamaChatModel {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try LlamaChatModel(configuration: configuration, logger: logger) })
            }
            thread.name = "llm-load"
            thread.start()
        }
    }

    deinit {
        inbox.requestShutdown()
    }

    public func generate(
        conversationID: UUID,
        messages: [ChatMessage],
        parameters: GenerationParameters = GenerationParameters()
    ) -> AsyncThrowingStream<GenerationEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<GenerationEvent, any Error>.makeStream()
        guard parameters.maxNewTokens >= 1 else {
            continuation.finish(throwing: LLMError.invalidConfiguration("maxNewTokens must be at least 1"))
            return stream
        }
        let prompt: PreparedPrompt
        do {
            prompt = try preparePrompt(conversationID: conversationID, messages: messages, parameters: parameters)
        } catch {
            engineStatistics.withLock { $0.failedRequests += 1 }
            let failure = (error as? LLMError) ?? .tokenizationFailed
            logger.warning("generation failed", metadata: ["conversation": "\(conversationID)", "error": "\(failure.logSummary)"])
            continuation.finish(throwing: failure)
            return stream
        }
        let request = GenerationRequest(
            id: UUID(), conversationID: conversationID, prompt: prompt, parameters: parameters,
            continuation: continuation, submittedAt: .now)
        let inbox = self.inbox
        continuation.onTermination = { termination in
            if case .cancelled = termination { inbox.cancel(request.id) }
        }
        if !inbox.submit(request) {
            continuation.finish(throwing: LLMError.shuttingDown)
        }
        return stream
    }

    /// Fits and tokenizes the history on the caller's thread, starting where the conversation's
    /// last prompt started its kept history (a stable prefix keeps its KV cache reusable).
    private func preparePrompt(conversationID: UUID, messages: [ChatMessage], parameters: GenerationParameters) throws
        -> PreparedPrompt
    {
        let head = ContextWindowFitter<[llama_token]>.protectedHeadCount(messages)
        var minimumDrop = 0
        if let start = keptStarts.start(of: conversationID), let index = start.locate(in: messages, from: head) {
            minimumDrop = index - head
        }
        let fitted = try DecodeLoop.fitPrompt(
            messages, parameters: parameters, minimumDrop: minimumDrop, contextSize: contextSize,
            template: template, model: model)
        guard !fitted.measured.isEmpty else { throw LLMError.tokenizationFailed }
        return PreparedPrompt(
            tokens: fitted.measured, droppedMessages: fitted.dropped,
            keptStart: KeptHistoryStart(messages, at: head + fitted.dropped),
            sampler: LlamaSampler(parameters: parameters, model: model, prompt: fitted.measured))
    }

    public var status: ModelStatus {
        get async {
            ModelStatus(
                state: inbox.isClosed ? .shutDown : .ready,
                backend: "llama.cpp",
                modelName: modelName,
                details: "\(configuration.parallelSequences) slots x \(contextSize) tokens, \(model.summary)")
        }
    }

    public func shutdown() async {
        await inbox.shutdown()
    }

    /// Counters of the decode loop (batching, reuse), readable from any thread.
    public var statistics: EngineStatistics {
        engineStatistics.current
    }

    /// The prompt text the model would see for `messages`, rendered with the configured template
    /// (whole history, no fitting).
    public func renderPrompt(messages: [ChatMessage]) throws -> String {
        try template.render(messages)
    }

    /// What a fresh conversation would send for `messages`: the kept messages, their prompt text
    /// and token count after dropping the oldest turns that do not fit the context window.
    public func fitPrompt(messages: [ChatMessage], parameters: GenerationParameters = GenerationParameters()) throws
        -> PromptFit
    {
        let result = try DecodeLoop.fitPrompt(
            messages, parameters: parameters, contextSize: contextSize, template: template, model: model)
        return PromptFit(
            messages: result.kept, droppedMessages: result.dropped, size: result.size,
            text: try template.render(result.kept))
    }

    /// Token count of `text` as this model tokenizes it (BOS included when the model adds one).
    public func tokenCount(of text: String) throws -> Int {
        try model.tokenize(text).count
    }
}

extension LlamaChatModel: InferenceThread {
    /// Runs `work` on the decode thread between two decode steps. A streaming reply pauses for the
    /// few milliseconds the work takes, instead of a third thread competing with llama.cpp's
    /// spinning decode threads for two cores (which measured up to a 25x slower reply).
    public func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = inbox.submit(errand: { continuation.resume(with: Result { try work() }) })
            if !accepted { continuation.resume(throwing: LLMError.shuttingDown) }
        }
    }
}
