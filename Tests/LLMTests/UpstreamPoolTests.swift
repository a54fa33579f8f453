import Foundation
import LLM
import Testing

/// The upstream pool: choice of upstream, cool-down, and the OpenAI backend moving a reply to the
/// next upstream when one fails before the first token (scripted loopback peers).
@Suite("Upstream pool")
struct UpstreamPoolTests {
    private let messages: [ChatMessage] = [.system("Be kind."), .user("Hello there")]

    private static let okScript: [ScriptedHTTPServer.Step] = [
        .write(ScriptedHTTPServer.eventStreamHead()),
        .write(ScriptedHTTPServer.delta("from ") + ScriptedHTTPServer.delta("the second", finish: "stop") + "data: [DONE]\n\n"),
    ]

    private func model(_ baseURLs: [String], firstTokenTimeout: Duration = .seconds(5)) -> OpenAIChatModel {
        var configuration = OpenAIConfiguration(
            baseURLs: baseURLs, model: "m", requestTimeout: .seconds(10), firstTokenTimeout: firstTokenTimeout)
        configuration.upstreamCooldown = .seconds(30)
        return OpenAIChatModel(configuration: configuration, logger: TestModels.logger)
    }

    @Test("idle upstreams take turns; the least busy goes first; a down one goes last until its cool-down ends")
    func order() {
        let pool = UpstreamPool(baseURLs: ["a", "b", "c"], cooldown: .seconds(5))
        #expect(pool.attemptOrder() == [0, 1, 2])
        #expect(pool.attemptOrder() == [1, 2, 0])
        #expect(pool.attemptOrder() == [2, 0, 1])

        pool.begin(0)
        pool.begin(0)
        pool.begin(2)
        #expect(pool.attemptOrder().first == 1)
        pool.end(0)
        pool.end(0)
        pool.end(2)

        let now = ContinuousClock.now
        pool.markDown(1, reason: "upstreamUnreachable", now: now)
        #expect(pool.attemptOrder(now: now + .seconds(1)).last == 1)
        #expect(pool.snapshot(now: now + .seconds(1))[1].isUp == false)
        #expect(pool.snapshot(now: now + .seconds(1))[1].lastFailure == "upstreamUnreachable")
        // The cool-down has passed: tried again like any other.
        #expect(pool.snapshot(now: now + .seconds(6))[1].isUp)
        pool.markDown(0, reason: "upstreamTimeout", now: now + .seconds(2))
        // Every one down but 2: 2 first, then the soonest back.
        pool.markDown(2, reason: "upstreamTimeout", now: now + .seconds(3))
        #expect(pool.attemptOrder(now: now + .seconds(4)) == [1, 0, 2])
        pool.markUp(2)
        #expect(pool.attemptOrder(now: now + .seconds(4)).first == 2)
    }

    @Test("a refused connection moves the reply to the next upstream, which then serves alone during the cool-down")
    func refusedConnection() async throws {
        let dead = try ScriptedHTTPServer(script: [])
        dead.stop()
        let live = try ScriptedHTTPServer(script: Self.okScript)
        defer { live.stop() }
        let model = model([dead.baseURL, live.baseURL])

        let first = try await Transcript.collect(model.generate(conversationID: UUID(), messages: messages, parameters: .init()))
        #expect(first.text == "from the second")
        #expect(first.events.count { $0 == .started } == 1)
        #expect(model.pool.snapshot().map(\.isUp) == [false, true])

        _ = try await Transcript.collect(model.generate(conversationID: UUID(), messages: messages, parameters: .init()))
        #expect(live.receivedRequests.count == 2)
        #expect(model.pool.snapshot().allSatisfy { $0.inFlight == 0 })
        await model.shutdown()
    }

    @Test("a 5xx answer and a stall before the first token are retried on the next upstream")
    func serverErrorAndStall() async throws {
        let failing = try ScriptedHTTPServer(script: [
            .write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        ])
        defer { failing.stop() }
        let stalling = try ScriptedHTTPServer(script: [
            .write(ScriptedHTTPServer.eventStreamHead()), .pause(.seconds(3)),
        ])
        defer { stalling.stop() }
        let live = try ScriptedHTTPServer(script: Self.okScript)
        defer { live.stop() }
        let model = model([failing.baseURL, stalling.baseURL, live.baseURL], firstTokenTimeout: .milliseconds(500))

        let transcript = try await Transcript.collect(
            model.generate(conversationID: UUID(), messages: messages, parameters: .init()))
        #expect(transcript.text == "from the second")
        #expect(failing.receivedRequests.count >= 1)
        #expect(stalling.receivedRequests.count == 1)
        let snapshot = model.pool.snapshot()
        #expect(snapshot.map(\.isUp) == [false, false, true])
        #expect(snapshot[0].lastFailure == "upstreamHTTP(502)")
        #expect(snapshot[1].lastFailure == "upstreamTimeout")
        await model.shutdown()
    }

    @Test("after the first token an upstream failure ends the reply with its error, without a retry")
    func noRetryAfterFirstToken() async throws {
        let dropping = try ScriptedHTTPServer(script: [
            .write(ScriptedHTTPServer.eventStreamHead()), .write(ScriptedHTTPServer.delta("partial")),
            .pause(.milliseconds(50)),
        ])
        defer { dropping.stop() }
        let live = try ScriptedHTTPServer(script: Self.okScript)
        defer { live.stop() }
        let model = model([dropping.baseURL, live.baseURL])
        await #expect(throws: LLMError.upstreamDisconnected) {
            _ = try await Transcript.collect(model.generate(conversationID: UUID(), messages: messages, parameters: .init()))
        }
        #expect(live.receivedRequests.isEmpty)
        await model.shutdown()
    }

    @Test("a 4xx answer is the request's fault: no retry, the error as before")
    func clientErrorIsNotRetried() async throws {
        let refusing = try ScriptedHTTPServer(script: [
            .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        ])
        defer { refusing.stop() }
        let live = try ScriptedHTTPServer(script: Self.okScript)
        defer { live.stop() }
        let model = model([refusing.baseURL, live.baseURL])
        await #expect(throws: LLMError.upstreamHTTP(status: 400, bodyExcerpt: "")) {
            _ = try await Transcript.collect(model.generate(conversationID: UUID(), messages: messages, parameters: .init()))
        }
        #expect(live.receivedRequests.isEmpty)
        #expect(model.pool.snapshot().allSatisfy { $0.isUp })
        await model.shutdown()
    }
}
