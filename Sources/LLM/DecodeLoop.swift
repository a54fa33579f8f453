import CLlama
import DequeModule
import Foundation
import Logging

/// Continuous batching on one dedicated thread.
///
/// Each step builds ONE `llama_batch` holding, for every active sequence, either its next chunk of
/// prompt tokens or its one newly sampled token, calls `llama_decode` once, then samples each
/// sequence from its own logits row. New requests join between steps; cancelled ones leave between
/// steps. The loop owns the llama context, the batch, the slots and the waiting queue, and only its
/// thread touches them: the class is `@unchecked Sendable` solely so the `Thread` can carry it there.
final class DecodeLoop: @unchecked Sendable {
    private struct QueuedRequest {
        let request: GenerationRequest
        var reportedPosition: Int?
    }

    private let model: LlamaModel
    private let context: OpaquePointer
    /// Token budget of one sequence (prompt + reply).
    let contextSize: Int
    private let cacheReuse: PromptCacheReuse
    private let batch: TokenBatch
    private let slots: [SequenceSlot]
    private var waiting = Deque<QueuedRequest>()
    private let inbox: RequestInbox
    private let statistics: Locked<EngineStatistics>
    private let keptStarts: KeptHistoryStarts
    private var promptShare: PromptTimeShare
    private let parked: ParkedConversations
    private let logger: Logger
    private var tick: UInt64 = 0
    private var admissions: UInt64 = 0
    private var released = false

    init(
        model: LlamaModel, configuration: LlamaConfiguration,
        inbox: RequestInbox, statistics: Locked<EngineStatistics>, keptStarts: KeptHistoryStarts, logger: Logger
    ) throws(LLMError) {
        let trained = model.trainingContextSize
        let perSequence = trained > 0 ? min(configuration.contextSize, trained) : configuration.contextSize
        if perSequence < configuration.contextSize {
            logger.warning(
                "contextSize clamped to the model's training context",
                metadata: ["requested": "\(configuration.contextSize)", "used": "\(perSequence)"])
        }
        var params = llama_context_default_params()
        // Every slot gets its full window: the cache holds contextSize tokens per sequence.
        params.n_ctx = UInt32(perSequence * configuration.parallelSequences)
        params.n_batch = UInt32(configuration.batchSize)
        params.n_ubatch = UInt32(min(configuration.batchSize, 512))
        params.n_seq_max = UInt32(configuration.parallelSequences)
        params.n_threads = Int32(configuration.threads)
        params.n_threads_batch = Int32(configuration.batchThreads ?? configuration.threads)
        params.flash_attn_type = switch configuration.flashAttention {
        case .auto: LLAMA_FLASH_ATTN_TYPE_AUTO
        case .on: LLAMA_FLASH_ATTN_TYPE_ENABLED
        case .off: LLAMA_FLASH_ATTN_TYPE_DISABLED
        }
        params.kv_unified = configuration.kvUnified
        // Full-size sliding-window cache (Gemma 3): partial removal, hence prefix reuse, stays possible.
        params.swa_full = true
        params.no_perf = true
        guard let context = llama_init_from_model(model.pointer, params) else { throw .contextCreationFailed }
        guard let memory = llama_get_memory(context) else {
            llama_free(context)
            throw .contextCreationFailed
        }
        self.model = model
        self.context = context
        self.contextSize = perSequence
        self.cacheReuse = PromptCacheReuse(memory: memory, kvUnified: configuration.kvUnified, logger: logger)
        self.batch = TokenBatch(capacity: configuration.batchSize)
        self.slots = (0..<configuration.parallelSequences).map { SequenceSlot(sequenceID: llama_seq_id($0)) }
        self.inbox = inbox
        self.statistics = statistics
        self.keptStarts = keptStarts
        self.promptShare = PromptTimeShare(share: configuration.promptShareWhileGenerating)
        self.parked = ParkedConversations(byteLimit: configuration.parkedCacheBytes)
        self.logger = logger
    }

    deinit {
        if !released { llama_free(context) }
    }

    // MARK: - Loop

    func run() {
        logger.debug("decode thread started", metadata: ["slots": "\(slots.count)", "contextSize": "\(contextSize)"])
        while true {
            let idle = waiting.isEmpty && slots.allSatisfy(\.isIdle)
            let mail = inbox.take(wait: idle)
            for request in mail.submitted {
                waiting.append(QueuedRequest(request: request))
            }
            for requestID in mail.cancelled {
                cancel(requestID)
            }
            // Errands run even on the way out: each one resumes a waiting caller.
            for errand in mail.errands {
                errand()
            }
            if mail.shutdownRequested { break }
            admitWaiting()
            reportQueuePositions()
            if slots.contains(where: { !$0.isIdle }) {
                step()
            }
            publishCounts()
        }
        failEverything(with: .shuttingDown)
        for slot in slots { slot.active = nil }
        llama_free(context)
        released = true
        publishCounts()
        logger.debug("decode thread stopped")
        inbox.markFinished()
    }

    private func nextTick() -> UInt64 {
        tick += 1
        return tick
    }

    private func publishCounts() {
        let active = slots.count { !$0.isIdle }
        let queued = waiting.count
        statistics.withLock {
            $0.activeSequences = active
            $0.queuedRequests = queued
        }
    }

    // MARK: - Queue and admission

    private func cancel(_ requestID: UUID) {
        if let index = waiting.firstIndex(where: { $0.request.id == requestID }) {
            let queued = waiting.remove(at: index)
            statistics.withLock { $0.cancelledRequests += 1 }
            queued.request.continuation.finish()
            logger.debug("request cancelled while queued", metadata: ["request": "\(requestID)"])
            return
        }
        guard let slot = slots.first(where: { $0.active?.request.id == requestID }), let generation = slot.active else {
            return
        }
        // The cache keeps exactly the tokens decoded so far, so the next turn can still reuse them.
        slot.active = nil
        slot.lastUsed = nextTick()
        statistics.withLock { $0.cancelledRequests += 1 }
        generation.request.continuation.finish()
        logger.info(
            "generation cancelled",
            metadata: [
                "request": "\(requestID)", "sequence": "\(slot.sequenceID)",
                "generatedTokens": "\(generation.generatedTokens)",
            ])
    }

    private func admitWaiting() {
        while let next = waiting.first, let slot = chooseSlot(for: next.request.conversationID) {
            waiting.removeFirst()
            admit(next.request, into: slot)
        }
    }

    /// An idle slot: the conversation's own (its cache is there), else a never-used one, else the
    /// least recently used one. Any prefix shared with the evicted tokens (typically the system
    /// prompt) is still reused.
    private func chooseSlot(for conversationID: UUID) -> SequenceSlot? {
        let idle = slots.filter(\.isIdle)
        if let own = idle.filter({ $0.conversationID == conversationID }).max(by: { $0.lastUsed < $1.lastUsed }) {
            return own
        }
        if let fresh = idle.first(where: { $0.conversationID == nil && $0.cachedTokens.isEmpty }) {
            return fresh
        }
        return idle.min(by: { $0.lastUsed < $1.lastUsed })
    }

    private func reportQueuePositions() {
        for index in waiting.indices {
            let position = index + 1
            if waiting[index].reportedPosition != position {
                waiting[index].reportedPosition = position
                waiting[index].request.continuation.yield(.queued(position: position))
            }
        }
    }

    /// Binds a prepared request to a slot: the prompt was fitted and tokenized by the caller, so
    /// what runs here is the cache lookup and bookkeeping, not template or tokenizer work.
    private func admit(_ request: GenerationRequest, into slot: SequenceSlot) {
        let startedAt = ContinuousClock.now
        var sameConversation = slot.conversationID == request.conversationID
        let prompt = request.prompt
        if !sameConversation {
            // The slot's conversation keeps its cache in memory; this one may find its own there.
            parked.park(slot, context: context)
            if parked.restore(request.conversationID, into: slot, for: prompt.tokens, context: context, memory: cacheReuse.memory) {
                sameConversation = true
                statistics.withLock { $0.conversationsRestored += 1 }
            }
        }
        let reuse = cacheReuse.prepare(slot, for: prompt.tokens, sameConversation: sameConversation, among: slots)

        keptStarts.bind(request.conversationID, start: prompt.keptStart, evicting: slot.conversationID)
        slot.conversationID = request.conversationID
        slot.lastUsed = nextTick()
        admissions += 1
        slot.active = ActiveGeneration(
            request: request, sampler: prompt.sampler, prompt: prompt.tokens, reusedTokens: reuse,
            droppedMessages: prompt.droppedMessages, admissionOrder: admissions, startedAt: startedAt)
        statistics.withLock { $0.promptTokensReused += reuse }
        request.continuation.yield(.started)
        logger.debug(
            "generation started",
            metadata: [
                "request": "\(request.id)", "conversation": "\(request.conversationID)",
                "sequence": "\(slot.sequenceID)", "promptTokens": "\(prompt.tokens.count)",
                "reusedTokens": "\(reuse)", "droppedMessages": "\(prompt.droppedMessages)",
            ])
    }

    /// Fits the history into a sequence's window, leaving room for the reply (up to
    /// `maxNewTokens`, at most half the window). On overflow it drops down to 3/4 of the budget so
    /// the next turns keep a stable prefix. Runs on the caller's thread (see `PreparedPrompt`).
    static func fitPrompt(
        _ messages: [ChatMessage], parameters: GenerationParameters, minimumDrop: Int = 0, contextSize: Int,
        template: ChatTemplate, model: LlamaModel
    ) throws -> ContextWindowFitter<[llama_token]>.Result {
        let reserve = max(1, min(parameters.maxNewTokens, contextSize / 2))
        let budget = contextSize - reserve
        let fitter = ContextWindowFitter<[llama_token]>(budget: budget, overflowTarget: budget * 3 / 4) { kept in
            let tokens = try model.tokenize(try template.render(kept))
            return (tokens, tokens.count)
        }
        return try fitter.fit(messages, minimumDrop: minimumDrop)
    }

    // MARK: - One batching step

    private func step() {
        let began = ContinuousClock.now
        batch.clear()
        var participants: [SequenceSlot] = []
        var promptTokensInBatch = 0
        for slot in slots {
            slot.active?.outputIndex = nil
            slot.active?.tokensInBatch.removeAll()
        }

        // Generating sequences first: one token each, so a long prompt never starves them.
        for slot in slots {
            guard let generation = slot.active, case .generating(let token) = generation.phase else { continue }
            generation.outputIndex = batch.add(
                token, position: slot.cachedTokens.count, sequence: slot.sequenceID, wantsLogits: true)
            generation.tokensInBatch = [token]
            participants.append(slot)
        }
        // Then prompt chunks, oldest admission first, as far as the batch has room and, while
        // replies stream, long prompts as far as their share of time allows (`PromptTimeShare`).
        let prompting = slots.compactMap { slot -> SequenceSlot? in
            guard let generation = slot.active, case .prompt = generation.phase else { return nil }
            return slot
        }.sorted { $0.active!.admissionOrder < $1.active!.admissionOrder }
        let generating = !participants.isEmpty
        let long = prompting.filter { !PromptTimeShare.isShort(remaining: $0.active!.prompt.count - $0.active!.reusedTokens) }
        let longWaiting = long.reduce(0) { $0 + $1.active!.prompt.count - $1.active!.promptCursor }
        let longestWait = long.map { (began - $0.active!.startedAt).seconds }.max() ?? 0
        var longRoom = promptShare.longPromptLimit(generating: generating, waiting: longWaiting, batchRoom: batch.remaining)
        for slot in prompting where batch.remaining > 0 {
            let generation = slot.active!
            let short = PromptTimeShare.isShort(remaining: generation.prompt.count - generation.reusedTokens)
            let room = short ? batch.remaining : min(longRoom, batch.remaining)
            guard room > 0 else { continue }
            let start = generation.promptCursor
            let end = min(generation.prompt.count, start + room)
            if !short { longRoom -= end - start }
            for index in start..<end {
                let isLast = index == generation.prompt.count - 1
                let batchIndex = batch.add(
                    generation.prompt[index], position: slot.cachedTokens.count + (index - start),
                    sequence: slot.sequenceID, wantsLogits: isLast)
                if isLast { generation.outputIndex = batchIndex }
            }
            generation.tokensInBatch = Array(generation.prompt[start..<end])
            promptTokensInBatch += end - start
            participants.append(slot)
        }
        guard !participants.isEmpty else { return }

        let result = llama_decode(context, batch.raw)
        guard result == 0 else {
            handleDecodeFailure(code: result, participants: participants)
            return
        }

        let sequences = participants.count
        defer {
            promptShare.record(stepSeconds: (ContinuousClock.now - began).seconds, generating: generating,
                               promptTokens: promptTokensInBatch, longPromptWaiting: longWaiting > 0,
                               longestWait: longestWait)
        }
        statistics.withLock {
            $0.decodeCalls += 1
            $0.maxSequencesPerDecode = max($0.maxSequencesPerDecode, sequences)
            $0.promptTokensProcessed += promptTokensInBatch
        }
        for slot in participants {
            guard let generation = slot.active else { continue }
            slot.cachedTokens.append(contentsOf: generation.tokensInBatch)
            if case .prompt = generation.phase { generation.promptCursor += generation.tokensInBatch.count }
            generation.tokensInBatch.removeAll()
            generation.peakBatchedSequences = max(generation.peakBatchedSequences, sequences)
            guard let outputIndex = generation.outputIndex else { continue }
            generation.outputIndex = nil
            let token = generation.sampler.sample(context: context, index: outputIndex)
            accept(token, in: slot, generation: generation)
        }
    }

    private func accept(_ token: llama_token, in slot: SequenceSlot, generation: ActiveGeneration) {
        let now = ContinuousClock.now
        if model.isEndOfGeneration(token) {
            finish(slot, reason: .stop, at: now)
            return
        }
        generation.generatedTokens += 1
        if generation.firstTokenAt == nil { generation.firstTokenAt = now }
        generation.lastTokenAt = now
        statistics.withLock { $0.tokensGenerated += 1 }
        if let text = generation.utf8.append(model.piece(of: token)), !text.isEmpty {
            generation.request.continuation.yield(.token(text))
        }
        // The sampled token would be decoded at position cachedTokens.count next step.
        if generation.generatedTokens >= generation.request.parameters.maxNewTokens
            || slot.cachedTokens.count >= contextSize
        {
            finish(slot, reason: .length, at: now)
        } else {
            generation.phase = .generating(pendingToken: token)
        }
    }

    private func finish(_ slot: SequenceSlot, reason: FinishReason, at now: ContinuousClock.Instant) {
        guard let generation = slot.active else { return }
        let continuation = generation.request.continuation
        if let rest = generation.utf8.flush(), !rest.isEmpty {
            continuation.yield(.token(rest))
        }
        let stats = generation.stats(finishedAt: now)
        slot.active = nil
        slot.lastUsed = nextTick()
        // Counters first, so a consumer that reads them when its stream ends sees this reply.
        let active = slots.count { !$0.isIdle }
        statistics.withLock {
            $0.completedRequests += 1
            $0.activeSequences = active
        }
        continuation.yield(.finished(reason, stats))
        continuation.finish()
        logger.info(
            "generation finished",
            metadata: [
                "request": "\(generation.request.id)", "conversation": "\(generation.request.conversationID)",
                "sequence": "\(slot.sequenceID)", "reason": "\(reason.rawValue)",
                "promptTokens": "\(stats.promptTokens)", "reusedTokens": "\(stats.reusedPromptTokens)",
                "generatedTokens": "\(stats.generatedTokens)",
                "ttftMs": "\(Int(stats.timeToFirstToken.seconds * 1000))",
                "tokensPerSecond": "\(Int(stats.tokensPerSecond.rounded()))",
            ])
    }

    // MARK: - Failures

    private func fail(_ request: GenerationRequest, with error: LLMError) {
        statistics.withLock { $0.failedRequests += 1 }
        request.continuation.finish(throwing: error)
        logger.warning(
            "generation failed",
            metadata: ["request": "\(request.id)", "error": "\(error.logSummary)"])
    }

    private func handleDecodeFailure(code: Int32, participants: [SequenceSlot]) {
        logger.error("llama_decode failed", metadata: ["code": "\(code)", "sequences": "\(participants.count)"])
        if code == 1 {
            // No room in the KV cache: release idle conversations' caches and retry next step.
            var freed = false
            for slot in slots where slot.isIdle && !slot.cachedTokens.isEmpty {
                cacheReuse.forget(slot)
                freed = true
            }
            if freed { return }  // the next step rebuilds the same batch
        }
        let error: LLMError = code == 1 ? .contextFull : .decodeFailed(code: Int(code))
        for slot in participants {
            guard let generation = slot.active else { continue }
            // Part of the batch may be in the cache: forget the whole sequence to stay consistent.
            cacheReuse.forget(slot)
            slot.active = nil
            fail(generation.request, with: error)
        }
    }

    private func failEverything(with error: LLMError) {
        while let queued = waiting.popFirst() {
            fail(queued.request, with: error)
        }
        for slot in slots {
            guard let generation = slot.active else { continue }
            slot.active = nil
            fail(generation.request, with: error)
        }
    }
}
