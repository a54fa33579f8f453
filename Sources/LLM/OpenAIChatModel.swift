import AsyncHTTPClient
import Foundation
import Logging

/// Backend that streams replies from an OpenAI-compatible server:
/// `POST {baseURL}/v1/chat/completions` with `stream: true`, read as Server-Sent Events.
public final class OpenAIChatModel: ChatModel {
    public let configuration: OpenAIConfiguration
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

    public var status: ModelStatus {
        get async {
            let name = configuration.model
            guard !closed.current else { return ModelStatus(state: .shutDown, backend: "openai", modelName: name) }
            var request = HTTPClientRequest(url: configuration.modelsURL)
            if let apiKey = configuration.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
            let state: ModelStatus.State
            do {
                let response = try await httpClient.execute(request, timeout: .seconds(3), logger: logger)
                state = (200..<300).contains(response.status.code)
                    ? .ready : .failed(reason: "upstream answered HTTP \(response.status.code)")
                _ = try? await response.body.collect(upTo: 1 << 20)
            } catch {
                state = .failed(reason: Self.map(error, afterResponseHead: false).description)
            }
            return ModelStatus(state: state, backend: "openai", modelName: name, details: configuration.baseURL)
        }
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
            topK: configuration.sendsLlamaServerParameters ? parameters.topK : nil,
            maxTokens: parameters.maxNewTokens,
            seed: parameters.seed,
            ignoreEos: configuration.sendsLlamaServerParameters && parameters.ignoresEndOfGeneration ? true : nil)
        var request = HTTPClientRequest(url: configuration.chatCompletionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let apiKey = configuration.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(Array(try encoder.encode(body)))
        let preparedRequest = request

        continuation.yield(.started)
        let firstTokenSeen = Locked(false)
        let progress = Locked(StreamProgress())
        let firstTokenTimeout = configuration.firstTokenTimeout
        let requestTimeout = configuration.requestTimeout

        // The stream races two watchdogs: no first token within firstTokenTimeout, and the whole
        // request past requestTimeout (AsyncHTTPClient's own deadline stops at the response head).
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
            group.addTask {
                try await Task.sleep(for: requestTimeout)
                return .requestDeadline
            }
            race: while let outcome = try await group.next() {
                switch outcome {
                case .streamEnded: break race
                case .firstTokenDeadline: if !firstTokenSeen.current { throw LLMError.upstreamTimeout }
                case .requestDeadline: throw LLMError.upstreamTimeout
                }
            }
            group.cancelAll()
        }

        let state = progress.current
        guard let reason = state.finishReason else { throw LLMError.upstreamDisconnected }
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
                "conversation": "\(conversationID)", "reason": "\(reason.rawValue)",
                "promptTokens": "\(stats.promptTokens)", "generatedTokens": "\(stats.generatedTokens)",
                "ttftMs": "\(Int(stats.timeToFirstToken.seconds * 1000))",
            ])
    }

    private enum RaceOutcome: Sendable {
        case streamEnded, firstTokenDeadline, requestDeadline
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
