import AsyncHTTPClient
import Foundation
import Logging

/// Backend that streams replies from an OpenAI-compatible server:
/// `POST {baseURL}/v1/chat/completions` with `stream: true`, read as Server-Sent Events.
public final class OpenAIChatModel: ChatModel {
    public let configuration: OpenAIConfiguration
    /// The upstreams replies are spread over; `/ready` reports it.
    public let pool: UpstreamPool
    private let httpClient: HTTPClient
    private let ownsHTTPClient: Bool
    private let logger: Logger
    private let closed = Locked(false)
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    /// The caller owns `httpClient` and shuts it down after this model. Tip: with the default
    /// `connectionPool.retryConnectionEstablishment = true`, AsyncHTTPClient keeps retrying a
    /// refused connection until the deadline, so an unreachable upstream surfaces as
    /// `upstreamTimeout` after `firstTokenTimeout` instead of `upstreamUnreachable` at once.
    public convenience init(configuration: OpenAIConfiguration, httpClient: HTTPClient, logger: Logger) {
        self.init(configuration: configuration, httpClient: httpClient, ownsHTTPClient: false, logger: logger)
    }

    /// Creates (and shuts down in `shutdown()`) its own client that fails fast when the upstream
    /// refuses connections.
    public convenience init(configuration: OpenAIConfiguration, logger: Logger) {
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        clientConfiguration.timeout.connect = .seconds(10)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        self.init(configuration: configuration, httpClient: client, ownsHTTPClient: true, logger: logger)
    }

    private init(configuration: OpenAIConfiguration, httpClient: HTTPClient, ownsHTTPClient: Bool, logger: Logger) {
        self.configuration = configuration
        self.pool = UpstreamPool(baseURLs: configuration.baseURLs.isEmpty ? [""] : configuration.baseURLs,
                                 cooldown: configuration.upstreamCooldown)
        self.httpClient = httpClient
        self.ownsHTTPClient = ownsHTTPClient
        self.logger = logger
    }

    deinit {
        if ownsHTTPClient, !closed.current {
            let client = httpClient
            Task { try? await client.shutdown() }
        }
    }

    public func generate(
        conversationID: UUID,
        messages: [ChatMessage],
        parameters: GenerationParameters = GenerationParameters()
    ) -> AsyncThrowingStream<GenerationEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<GenerationEvent, any Error>.makeStream()
        guard !closed.current else {
            continuation.finish(throwing: LLMError.shuttingDown)
            return stream
        }
        let submittedAt = ContinuousClock.now
        let task = Task {
            do {
                try await self.stream(
                    conversationID: conversationID, messages: messages, parameters: parameters,
                    submittedAt: submittedAt, continuation: continuation)
                continuation.finish()
            } catch {
                let mapped = Task.isCancelled ? LLMError.shuttingDown : Self.map(error, afterResponseHead: true)
                if !Task.isCancelled {
                    logger.warning(
                        "upstream generation failed",
                        metadata: ["conversation": "\(conversationID)", "error": "\(mapped.logSummary)"])
                }
                continuation.finish(throwing: mapped)
            }
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return stream
    }

    /// Probes every upstream (`GET /v1/models`, which llama-server, vLLM and OpenAI all answer) and
    /// records the result in the pool, so a recovered upstream comes back before its cool-down
    /// ends. Ready when at least one upstream answers; the details name each one.
    public var status: ModelStatus {
        get async {
            let name = configuration.model
            guard !closed.current else { return ModelStatus(state: .shutDown, backend: "openai", modelName: name) }
            let failures = await withTaskGroup(of: (Int, String?).self) { group in
                for index in 0..<pool.count {
                    group.addTask { (index, await self.probe(upstream: index)) }
                }
                var failures = [String?](repeating: nil, count: pool.count)
                for await (index, failure) in group { failures[index] = failure }
                return failures
            }
            for (index, failure) in failures.enumerated() {
                if let failure { pool.markDown(index, reason: failure) } else { pool.markUp(index) }
            }
            let snapshot = pool.snapshot()
            let details = snapshot.enumerated().map { index, upstream in
                "\(upstream.baseURL) " + (failures[index].map { "down: \($0)" } ?? "up, \(upstream.inFlight) in flight")
            }.joined(separator: "; ")
            let upCount = failures.filter { $0 == nil }.count
            let state: ModelStatus.State = upCount > 0
                ? .ready : .failed(reason: failures.count == 1 ? failures[0] ?? "" : "no upstream answers")
            let summary = snapshot.count > 1 ? "\(upCount)/\(snapshot.count) upstreams up: " : ""
            return ModelStatus(state: state, backend: "openai", modelName: name, details: summary + details)
        }
    }

    /// nil when the upstream answers 2xx, else why not. Like a reply, a probe that fails before
    /// any response is tried once more: llama-server closes pooled keep-alive connections.
    private func probe(upstream index: Int) async -> String? {
        var request = HTTPClientRequest(url: OpenAIConfiguration.endpoint("models", of: pool.baseURL(at: index)))
        if let apiKey = configuration.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        var failure = "not probed"
        for attempt in 1...2 {
            do {
                let response = try await httpClient.execute(request, timeout: .seconds(3), logger: logger)
                _ = try? await response.body.collect(upTo: 1 << 20)
                return (200..<300).contains(response.status.code) ? nil : "upstream answered HTTP \(response.status.code)"
            } catch {
                let mapped = Self.map(error, afterResponseHead: false)
                failure = mapped.description
                guard attempt == 1, case .upstreamUnreachable = mapped else { break }
            }
        }
        return failure
    }

    /// Refuses new requests; running streams end with their tasks. A caller-provided HTTP client
    /// stays the caller's to shut down.
    public func shutdown() async {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        if ownsHTTPClient, !wasClosed {
            try? await httpClient.shutdown()
        }
    }

    /// What this backend would send for `messages` (character budget, oldest turns dropped first).
    public func fitPrompt(messages: [ChatMessage], parameters: GenerationParameters = GenerationParameters()) throws
        -> PromptFit
    {
        let budget = configuration.maxPromptCharacters ?? Int.max
        let fitter = ContextWindowFitter<Void>(budget: budget) { kept in
            ((), kept.reduce(0) { $0 + $1.content.count })
        }
        let result = try fitter.fit(messages)
        return PromptFit(messages: result.kept, droppedMessages: result.dropped, size: result.size, text: "")
    }

    // MARK: - Streaming

    private func stream(
        conversationID: UUID, messages: [ChatMessage], parameters: GenerationParameters,
        submittedAt: ContinuousClock.Instant, continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation
    ) async throws {
        let fit = try fitPrompt(messages: messages, parameters: parameters)
        let body = OpenAIWireFormat.Request(
            model: configuration.model,
            messages: fit.messages.map { OpenAIWireFormat.Message(role: $0.role.rawValue, content: $0.content) },
            stream: true,
            streamOptions: .init(includeUsage: true),
            temperature: parameters.temperature,
            topP: parameters.topP,
            maxTokens: parameters.maxNewTokens,
            seed: parameters.seed,
            extensions: configuration.sendsLlamaServerParameters ? parameters : nil)
        let bodyBytes = Array(try encoder.encode(body))

        continuation.yield(.started)
        // Nothing reaches the client before the first token, so until then a failing upstream is
        // replaced by the next one; after it, a failure ends the reply with its error.
        var lastError = LLMError.upstreamUnreachable("no upstream configured")
        var outcome: (progress: StreamProgress, upstream: Int)?
        for index in pool.attemptOrder() where outcome == nil {
            let firstTokenSeen = Locked(false)
            let progress = Locked(StreamProgress())
            pool.begin(index)
            do {
                try await attempt(
                    upstream: index, body: bodyBytes, continuation: continuation, firstTokenSeen: firstTokenSeen,
                    progress: progress, submittedAt: submittedAt)
                pool.end(index)
                pool.markUp(index)
                outcome = (progress.current, index)
            } catch {
                pool.end(index)
                let mapped = Self.map(error, afterResponseHead: true)
                guard !Task.isCancelled, !firstTokenSeen.current, Self.isWorthAnotherUpstream(mapped) else { throw mapped }
                pool.markDown(index, reason: mapped.logSummary)
                logger.warning(
                    "upstream failed before the first token",
                    metadata: [
                        "conversation": "\(conversationID)", "upstream": "\(index)", "error": "\(mapped.logSummary)",
                        "cooldownMs": "\(Int(pool.cooldown.seconds * 1000))",
                    ])
                lastError = mapped
            }
        }
        guard let (state, upstream) = outcome else { throw lastError }
        let reason = state.finishReason ?? .stop
        let finishedAt = ContinuousClock.now
        var speed = 0.0
        if state.deltas > 1, let first = state.firstTokenAt, let last = state.lastTokenAt, last > first {
            speed = Double((state.completionTokens ?? state.deltas) - 1) / (last - first).seconds
        }
        let stats = GenerationStats(
            promptTokens: state.promptTokens ?? 0,
            reusedPromptTokens: state.cachedTokens ?? 0,
            generatedTokens: state.completionTokens ?? state.deltas,
            droppedMessages: fit.droppedMessages,
            queueDuration: .zero,
            timeToFirstToken: (state.firstTokenAt ?? finishedAt) - submittedAt,
            tokensPerSecond: speed,
            peakBatchedSequences: 1)
        continuation.yield(.finished(reason, stats))
        logger.info(
            "upstream generation finished",
            metadata: [
                "conversation": "\(conversationID)", "upstream": "\(upstream)", "reason": "\(reason.rawValue)",
                "promptTokens": "\(stats.promptTokens)", "generatedTokens": "\(stats.generatedTokens)",
                "ttftMs": "\(Int(stats.timeToFirstToken.seconds * 1000))",
            ])
    }

    /// One try on one upstream: the stream raced by two watchdogs, no first token within
    /// firstTokenTimeout and the whole request past requestTimeout (AsyncHTTPClient's own deadline
    /// stops at the response head). Returns only once the reply is complete.
    private func attempt(
        upstream index: Int, body: [UInt8], continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation,
        firstTokenSeen: Locked<Bool>, progress: Locked<StreamProgress>, submittedAt: ContinuousClock.Instant
    ) async throws {
        var request = HTTPClientRequest(
            url: OpenAIConfiguration.endpoint("chat/completions", of: pool.baseURL(at: index)))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "text/event-stream")
        // A fresh connection per reply: llama-server closes the connection after every stream
        // although it answers Keep-Alive, so pooled connections go stale; under load a request
        // met several stale ones in a row and failed as unreachable. A reply lasts seconds, a
        // connection costs milliseconds.
        request.headers.add(name: "Connection", value: "close")
        if let apiKey = configuration.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(body)
        let preparedRequest = request
        let firstTokenTimeout = configuration.firstTokenTimeout
        let silenceTimeout = configuration.silenceTimeout
        let requestTimeout = configuration.requestTimeout

        try await withThrowingTaskGroup(of: RaceOutcome.self) { group in
            group.addTask {
                try await self.receive(
                    preparedRequest, continuation: continuation, firstTokenSeen: firstTokenSeen, progress: progress,
                    submittedAt: submittedAt)
                return .streamEnded
            }
            group.addTask {
                try await Task.sleep(for: firstTokenTimeout)
                return .firstTokenDeadline
            }
            if let silenceTimeout {
                // Wakes at each token's deadline: the last token's time plus the allowed silence.
                group.addTask {
                    while true {
                        let now = ContinuousClock.now
                        guard firstTokenSeen.current, let last = progress.current.lastTokenAt else {
                            try await Task.sleep(for: min(silenceTimeout, .milliseconds(250)))
                            continue
                        }
                        if now - last >= silenceTimeout { return .silenceDeadline }
                        try await Task.sleep(until: last + silenceTimeout, clock: .continuous)
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: requestTimeout)
                return .requestDeadline
            }
            race: while let outcome = try await group.next() {
                switch outcome {
                case .streamEnded: break race
                case .firstTokenDeadline: if !firstTokenSeen.current { throw LLMError.upstreamTimeout }
                case .requestDeadline, .silenceDeadline: throw LLMError.upstreamTimeout
                }
            }
            group.cancelAll()
        }
        guard progress.current.finishReason != nil else { throw LLMError.upstreamDisconnected }
    }

    /// Failures of the upstream rather than of the request: another upstream may well answer.
    /// A 4xx (bad request, prompt too long) would fail the same everywhere, except 429 (busy).
    static func isWorthAnotherUpstream(_ error: LLMError) -> Bool {
        switch error {
        case .upstreamUnreachable, .upstreamTimeout, .upstreamDisconnected: return true
        case .upstreamHTTP(let status, _): return status >= 500 || status == 429
        default: return false
        }
    }

    private enum RaceOutcome: Sendable {
        case streamEnded, firstTokenDeadline, silenceDeadline, requestDeadline
    }

    private struct StreamProgress: Sendable {
        var deltas = 0
        var firstTokenAt: ContinuousClock.Instant?
        var lastTokenAt: ContinuousClock.Instant?
        var finishReason: FinishReason?
        var promptTokens: Int?
        var cachedTokens: Int?
        var completionTokens: Int?
    }

    private func receive(
        _ request: HTTPClientRequest, continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation,
        firstTokenSeen: Locked<Bool>, progress: Locked<StreamProgress>, submittedAt: ContinuousClock.Instant
    ) async throws {
        let timeout = configuration.requestTimeout.components
        var response: HTTPClientResponse?
        // One retry when the request fails before any response: a pooled keep-alive connection the
        // server already closed (llama-server closes after every stream despite `Keep-Alive`) fails
        // at once with "I/O on closed channel", and nothing was generated yet.
        for attempt in 1...2 where response == nil {
            do {
                response = try await httpClient.execute(
                    request,
                    timeout: .nanoseconds(timeout.seconds * 1_000_000_000 + timeout.attoseconds / 1_000_000_000),
                    logger: logger)
            } catch {
                let mapped = Self.map(error, afterResponseHead: false)
                guard attempt == 1, case .upstreamUnreachable = mapped, !Task.isCancelled else { throw mapped }
                logger.debug("retrying upstream request on a fresh connection", metadata: ["error": "\(mapped.logSummary)"])
            }
        }
        guard let response else { throw LLMError.upstreamUnreachable("no response") }
        guard (200..<300).contains(response.status.code) else {
            let bytes = (try? await Self.prefix(of: response.body, limit: 4096)) ?? []
            throw LLMError.upstreamHTTP(status: Int(response.status.code), bodyExcerpt: Self.excerpt(bytes))
        }

        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var parser = ServerSentEventParser()
        do {
            for try await buffer in response.body {
                for event in parser.parse(buffer.readableBytesView) {
                    if event.data == "[DONE]" {
                        // Complete: stop here rather than wait for a server that keeps the body open.
                        progress.withLock { $0.finishReason = $0.finishReason ?? .stop }
                        return
                    }
                    try handle(
                        event, decoder: decoder, continuation: continuation, firstTokenSeen: firstTokenSeen,
                        progress: progress)
                }
            }
            parser.finish()
        } catch let error as LLMError {
            throw error
        } catch {
            throw Self.map(error, afterResponseHead: true)
        }
    }

    private func handle(
        _ event: ServerSentEvent, decoder: JSONDecoder,
        continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation,
        firstTokenSeen: Locked<Bool>, progress: Locked<StreamProgress>
    ) throws {
        let chunk: OpenAIWireFormat.Chunk
        do {
            chunk = try decoder.decode(OpenAIWireFormat.Chunk.self, from: Data(event.data.utf8))
        } catch {
            throw LLMError.invalidUpstreamResponse("a stream event is not a chat completion chunk")
        }
        if let error = chunk.error {
            throw LLMError.invalidUpstreamResponse(
                "upstream error: " + Self.excerpt(Array((error.message ?? error.type ?? "unknown").utf8)))
        }
        let now = ContinuousClock.now
        if let choice = chunk.choices?.first {
            if let content = choice.delta?.content, !content.isEmpty {
                firstTokenSeen.withLock { $0 = true }
                progress.withLock {
                    $0.deltas += 1
                    if $0.firstTokenAt == nil { $0.firstTokenAt = now }
                    $0.lastTokenAt = now
                }
                continuation.yield(.token(content))
            }
            if let reason = choice.finishReason {
                progress.withLock { $0.finishReason = reason == "length" ? .length : .stop }
            }
        }
        if let usage = chunk.usage {
            progress.withLock {
                $0.promptTokens = usage.promptTokens ?? $0.promptTokens
                $0.completionTokens = usage.completionTokens ?? $0.completionTokens
                $0.cachedTokens = usage.promptTokensDetails?.cachedTokens ?? $0.cachedTokens
            }
        }
        if let timings = chunk.timings {
            progress.withLock {
                $0.cachedTokens = timings.cacheN ?? $0.cachedTokens
                if $0.promptTokens == nil, let processed = timings.promptN {
                    $0.promptTokens = processed + (timings.cacheN ?? 0)
                }
            }
        }
    }

    // MARK: - Helpers

    private static func prefix(of body: HTTPClientResponse.Body, limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in body {
            bytes.append(contentsOf: buffer.readableBytesView.prefix(limit - bytes.count))
            if bytes.count >= limit { break }
        }
        return bytes
    }

    /// A short, single-line excerpt of an error body: the JSON error message when there is one.
    static func excerpt(_ bytes: [UInt8], limit: Int = 200) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if let envelope = try? JSONDecoder().decode(OpenAIWireFormat.ErrorEnvelope.self, from: Data(bytes)),
            let message = envelope.error?.message ?? envelope.message
        {
            text = message
        }
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.count > limit ? String(collapsed.prefix(limit)) + "…" : collapsed
    }

    /// Maps transport errors to `LLMError`: timeouts, drops after the response started, and
    /// failures to connect at all.
    static func map(_ error: any Error, afterResponseHead: Bool) -> LLMError {
        if let error = error as? LLMError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return .upstreamTimeout
            case .remoteConnectionClosed, .cancelled:
                return afterResponseHead ? .upstreamDisconnected : .upstreamUnreachable("connection closed")
            default:
                break
            }
        }
        if error is CancellationError { return .shuttingDown }
        if afterResponseHead { return .upstreamDisconnected }
        let detail = String(describing: error)
        return .upstreamUnreachable(detail.count > 120 ? String(detail.prefix(120)) + "…" : detail)
    }
}
