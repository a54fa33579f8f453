import Foundation
import LLM
import Testing

/// The OpenAI-compatible backend against a scripted loopback HTTP peer: chunking, errors, stalls.
@Suite("OpenAI backend over a scripted peer")
struct OpenAIChatModelTests {
    private func model(_ server: ScriptedHTTPServer, _ tweak: (inout OpenAIConfiguration) -> Void = { _ in })
        -> OpenAIChatModel
    {
        var configuration = OpenAIConfiguration(
            baseURL: server.baseURL, model: "test-model", apiKey: "secret", requestTimeout: .seconds(10),
            firstTokenTimeout: .seconds(5))
        tweak(&configuration)
        return OpenAIChatModel(configuration: configuration, logger: TestModels.logger)
    }

    private let messages: [ChatMessage] = [.system("Be kind."), .user("Hello there")]

    @Test("deltas split at odd byte boundaries stream as tokens, then finished with usage")
    func streamsDeltas() async throws {
        let body =
            ": keep-alive\r\n\r\n" + ScriptedHTTPServer.delta("Hel") + ScriptedHTTPServer.delta("")
            + ScriptedHTTPServer.delta("lo 💙") + ScriptedHTTPServer.delta(" there", finish: "stop")
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}\n\n" + "data: [DONE]\n\n"
        // Cut inside JSON, inside the emoji's UTF-8 bytes and between a CR and its LF.
        let bytes = Array(body.utf8)
        let emoji = bytes.indices.first { bytes[$0] == 0xF0 }!
        let cuts = [5, 15, 17, 40, emoji + 2, bytes.count / 2, bytes.count - 9]
        let server = try ScriptedHTTPServer(script: Self.rawSteps(head: ScriptedHTTPServer.eventStreamHead(), body: bytes, cuts: cuts))
        defer { server.stop() }

        let transcript = try await Transcript.collect(
            model(server).generate(conversationID: UUID(), messages: messages, parameters: .init(maxNewTokens: 20)))
        #expect(transcript.events.first == .started)
        #expect(transcript.events.dropFirst().first == .token("Hel"))
        #expect(transcript.text == "Hello 💙 there")
        #expect(transcript.tokenEvents == 3)
        let (reason, stats) = try #require(transcript.finished)
        #expect(reason == .stop)
        #expect(stats.promptTokens == 12)
        #expect(stats.generatedTokens == 3)

        let request = try #require(server.receivedRequests.first)
        #expect(request.hasPrefix("POST /v1/chat/completions HTTP/1.1"))
        #expect(request.lowercased().contains("authorization: bearer secret"))
        #expect(request.lowercased().contains("connection: close"))
        #expect(request.contains("\"stream\":true"))
        #expect(request.contains("\"model\":\"test-model\""))
        #expect(request.contains("\"max_tokens\":20"))
        #expect(request.contains("\"role\":\"system\""))
        #expect(!request.contains("top_k"))
    }

    /// Steps that write `body` cut at `cuts` as raw bytes (a cut may fall inside a character).
    static func rawSteps(head: String, body: [UInt8], cuts: [Int]) -> [ScriptedHTTPServer.Step] {
        var steps: [ScriptedHTTPServer.Step] = [.write(head)]
        var last = 0
        for cut in Set(cuts).sorted() + [body.count] where cut > last {
            steps.append(.writeBytes(Array(body[last..<cut])))
            steps.append(.pause(.milliseconds(20)))
            last = cut
        }
        return steps
    }

    @Test("finish_reason length maps to .length")
    func lengthFinish() async throws {
        let server = try ScriptedHTTPServer(script: [
            .write(ScriptedHTTPServer.eventStreamHead()),
            .write(ScriptedHTTPServer.delta("a") + ScriptedHTTPServer.delta("b", finish: "length") + "data: [DONE]\n\n"),
        ])
        defer { server.stop() }
        let transcript = try await Transcript.collect(
            model(server).generate(conversationID: UUID(), messages: messages, parameters: .init()))
        #expect(transcript.finished?.0 == .length)
    }

    @Test("llama-server's sampler fields go upstream when enabled, and only then")
    func samplerFields() async throws {
        let parameters = GenerationParameters(minP: 0.05, maxNewTokens: 30, seed: 9, repetitionPenalty: 1.15,
                                              repetitionWindow: 64, dry: DRYParameters())
        var requests: [String] = []
        for extended in [true, false] {
            let server = try ScriptedHTTPServer(script: [
                .write(ScriptedHTTPServer.eventStreamHead()),
                .write(ScriptedHTTPServer.delta("ok", finish: "stop") + "data: [DONE]\n\n"),
            ])
            defer { server.stop() }
            _ = try await Transcript.collect(
                model(server, { $0.sendsLlamaServerParameters = extended })
                    .generate(conversationID: UUID(), messages: messages, parameters: parameters))
            requests.append(try #require(server.receivedRequests.first))
        }
        for field in ["\"min_p\":0.05", "\"repeat_penalty\":1.15", "\"repeat_last_n\":64", "\"dry_multiplier\":0.8",
                      "\"dry_base\":1.75", "\"dry_allowed_length\":2", "\"dry_penalty_last_n\":2048", "\"top_k\":40",
                      "\"seed\":9"] {
            #expect(requests[0].contains(field), "\(field)")
        }
        #expect(requests[1].contains("\"seed\":9"))
        for field in ["min_p", "repeat_penalty", "dry_", "top_k"] {
            #expect(!requests[1].contains(field), "\(field)")
        }
    }

    @Test("a non-2xx answer fails with upstreamHTTP and a short excerpt of the error")
    func httpError() async throws {
        let body = "{\"error\":{\"message\":\"Model is overloaded,\\n  try later\",\"type\":\"server_error\"}}"
        let server = try ScriptedHTTPServer(script: [
            .write(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
                    + body)
        ])
        defer { server.stop() }
        await #expect(throws: LLMError.upstreamHTTP(status: 503, bodyExcerpt: "Model is overloaded, try later")) {
            _ = try await Transcript.collect(
                model(server).generate(conversationID: UUID(), messages: messages, parameters: .init()))
        }
    }

    @Test("a stream that ends before [DONE] or a finish reason fails with upstreamDisconnected")
    func disconnect() async throws {
        let server = try ScriptedHTTPServer(script: [
            .write(ScriptedHTTPServer.eventStreamHead()),
            .write(ScriptedHTTPServer.delta("partial")),
            .pause(.milliseconds(50)),
        ])
        defer { server.stop() }
        var tokens: [String] = []
        await #expect(throws: LLMError.upstreamDisconnected) {
            for try await event in model(server).generate(conversationID: UUID(), messages: messages, parameters: .init()) {
                if case .token(let text) = event { tokens.append(text) }
            }
        }
        #expect(tokens == ["partial"])
    }

    @Test("no first token within firstTokenTimeout fails with upstreamTimeout")
    func firstTokenTimeout() async throws {
        let server = try ScriptedHTTPServer(script: [
            .write(ScriptedHTTPServer.eventStreamHead()),
            .write(": still thinking\n\n"),
            .pause(.seconds(3)),
            .write(ScriptedHTTPServer.delta("late", finish: "stop")),
        ])
        defer { server.stop() }
        let started = ContinuousClock.now
        await #expect(throws: LLMError.upstreamTimeout) {
            _ = try await Transcript.collect(
                model(server, { $0.firstTokenTimeout = .milliseconds(300) }).generate(
                    conversationID: UUID(), messages: messages, parameters: .init()))
        }
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test("the whole-request deadline fails a stalled stream with upstreamTimeout")
    func requestTimeout() async throws {
        let server = try ScriptedHTTPServer(script: [
            .write(ScriptedHTTPServer.eventStreamHead()),
            .write(ScriptedHTTPServer.delta("first")),
            .pause(.seconds(3)),
        ])
        defer { server.stop() }
        await #expect(throws: LLMError.upstreamTimeout) {
            _ = try await Transcript.collect(
                model(server, { $0.requestTimeout = .milliseconds(500) }).generate(
                    conversationID: UUID(), messages: messages, parameters: .init()))
        }
    }

    @Test("a stream that stalls midway fails with upstreamTimeout after the silence timeout, and frees its upstream slot")
    func stallMidStream() async throws {
        let server = try ScriptedHTTPServer(script: [
            .write(ScriptedHTTPServer.eventStreamHead()),
            .write(ScriptedHTTPServer.delta("I")),
            .write(ScriptedHTTPServer.delta(" hear")),
            .pause(.seconds(5)),
        ])
        defer { server.stop() }
        // The whole-request bound is far away: only the silence may end this reply.
        let stalled = model(server, { $0.silenceTimeout = .seconds(1); $0.requestTimeout = .seconds(60) })
        let started = ContinuousClock.now
        var tokens = 0
        await #expect(throws: LLMError.upstreamTimeout) {
            for try await event in stalled.generate(conversationID: UUID(), messages: messages, parameters: .init()) {
                if case .token = event { tokens += 1 }
            }
        }
        let waited = ContinuousClock.now - started
        #expect(tokens == 2)
        #expect(waited >= .seconds(1) && waited < .seconds(2), "\(waited)")
        #expect(stalled.pool.snapshot().allSatisfy { $0.inFlight == 0 })
    }

    @Test("an event that is not a chat completion chunk fails with invalidUpstreamResponse")
    func invalidChunk() async throws {
        let server = try ScriptedHTTPServer(script: [
            .write(ScriptedHTTPServer.eventStreamHead()),
            .write("data: this is not json\n\n"),
        ])
        defer { server.stop() }
        await #expect(throws: LLMError.self) {
            _ = try await Transcript.collect(
                model(server).generate(conversationID: UUID(), messages: messages, parameters: .init()))
        }
    }

    @Test("a server that is not listening fails with upstreamUnreachable")
    func unreachable() async throws {
        let server = try ScriptedHTTPServer(script: [])
        server.stop()  // the port is now closed
        let model = OpenAIChatModel(
            configuration: OpenAIConfiguration(baseURL: server.baseURL, model: "m"), logger: TestModels.logger)
        do {
            _ = try await Transcript.collect(model.generate(conversationID: UUID(), messages: messages, parameters: .init()))
            Issue.record("expected an error")
        } catch let error as LLMError {
            guard case .upstreamUnreachable = error else {
                Issue.record("unexpected error \(error)")
                return
            }
        }
        #expect(await !model.status.isReady)
    }

    @Test("the history is fitted to maxPromptCharacters, oldest turns first")
    func fitsHistory() async throws {
        let server = try ScriptedHTTPServer(script: [
            .write(ScriptedHTTPServer.eventStreamHead()),
            .write(ScriptedHTTPServer.delta("ok", finish: "stop") + "data: [DONE]\n\n"),
        ])
        defer { server.stop() }
        let history: [ChatMessage] = [
            .system("Be kind."), .user("old question one"), .assistant("old answer one"), .user("newest question"),
        ]
        let transcript = try await Transcript.collect(
            model(server, { $0.maxPromptCharacters = 30 }).generate(
                conversationID: UUID(), messages: history, parameters: .init()))
        #expect(transcript.finished?.1.droppedMessages == 2)
        let request = try #require(server.receivedRequests.first)
        #expect(!request.contains("old question one"))
        #expect(request.contains("newest question"))
        #expect(request.contains("Be kind."))
    }

    @Test("the endpoint URL tolerates a trailing slash or /v1")
    func endpointURL() async throws {
        for suffix in ["", "/", "/v1", "/v1/"] {
            let server = try ScriptedHTTPServer(script: [
                .write(ScriptedHTTPServer.eventStreamHead()),
                .write(ScriptedHTTPServer.delta("ok", finish: "stop") + "data: [DONE]\n\n"),
            ])
            defer { server.stop() }
            let model = OpenAIChatModel(
                configuration: OpenAIConfiguration(baseURL: server.baseURL + suffix, model: "m"), logger: TestModels.logger)
            _ = try await Transcript.collect(model.generate(conversationID: UUID(), messages: messages, parameters: .init()))
            #expect(server.receivedRequests.first?.hasPrefix("POST /v1/chat/completions ") == true)
        }
    }
}
