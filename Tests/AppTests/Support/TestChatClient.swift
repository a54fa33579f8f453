@testable import App
import Chat
import Foundation
import NIOCore
import NIOPosix
import Testing
import Vapor
import WebSocketKit

/// A real WebSocket client speaking the frontend's protocol to the running server.
final class TestChatClient: Sendable {
    let socket: WebSocket
    private let inbox: AsyncStream<[String: JSONValue]>
    private let iterator: Iterator

    private final class Iterator: @unchecked Sendable {
        // Used by one test task at a time.
        var base: AsyncStream<[String: JSONValue]>.Iterator
        init(_ base: AsyncStream<[String: JSONValue]>.Iterator) { self.base = base }
    }

    private init(socket: WebSocket, inbox: AsyncStream<[String: JSONValue]>) {
        self.socket = socket
        self.inbox = inbox
        self.iterator = Iterator(inbox.makeAsyncIterator())
    }

    /// A bearer token for a new guest account, as a non-browser client gets one.
    static func guestToken(port: Int) async throws -> String {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let response: HTTPClient.Response
        do {
            response = try await client.post(url: "http://127.0.0.1:\(port)/api/auth/guest").get()
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
        guard let body = response.body, case .object(let object)? = try? JSONValue(jsonString: String(buffer: body)),
              let token = object["token"]?.string else {
            throw TestSetupError("no guest token")
        }
        return token
    }

    static func connect(port: Int, query: String = "", token: String) async throws -> TestChatClient {
        try await connect(port: port, query: query, headers: ["Authorization": "Bearer \(token)"])
    }

    static func connect(port: Int, query: String = "", headers: HTTPHeaders = [:]) async throws -> TestChatClient {
        let (stream, continuation) = AsyncStream<[String: JSONValue]>.makeStream()
        let promise = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: WebSocket.self)
        startConnecting(url: "ws://127.0.0.1:\(port)/ws/chat/\(query)", headers: headers) { ws in
            // Called on the event loop: the synchronous callback keeps messages in order.
            ws.onText { _, text in
                if case .object(let object)? = try? JSONValue(jsonString: text) {
                    continuation.yield(object)
                }
            }
            ws.onClose.whenComplete { _ in continuation.finish() }
            promise.succeed(ws)
        }.whenFailure { promise.fail($0) }
        // A refused upgrade must fail the test, never hang it.
        let timeout = promise.futureResult.eventLoop.scheduleTask(in: .seconds(15)) {
            promise.fail(TestSetupError("WebSocket connection not established within 15 s"))
        }
        let socket = try await promise.futureResult.get()
        timeout.cancel()
        return TestChatClient(socket: socket, inbox: stream)
    }

    /// The future-based connect, so a failed upgrade can be observed without awaiting it.
    private static func startConnecting(url: String, headers: HTTPHeaders,
                                        onUpgrade: @escaping @Sendable (WebSocket) -> Void) -> EventLoopFuture<Void> {
        WebSocket.connect(to: url, headers: headers, on: MultiThreadedEventLoopGroup.singleton, onUpgrade: onUpgrade)
    }

    func send(_ object: [String: Any]) async throws {
        let data = try JSONSerialization.data(withJSONObject: object)
        try await socket.send(String(decoding: data, as: UTF8.self))
    }

    func sendRaw(_ text: String) async throws {
        try await socket.send(text)
    }

    func sendChat(_ content: String, mood: String = "sad") async throws {
        try await send(["type": "chat_message", "content": content, "mood": mood])
    }

    /// The next message, failing the test after `timeout`.
    func next(timeout: Duration = .seconds(60)) async throws -> [String: JSONValue] {
        let iterator = self.iterator
        return try await withThrowingTaskGroup(of: [String: JSONValue]?.self) { group in
            group.addTask { await iterator.base.next() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let message = first else {
                throw TestSetupError("no WebSocket message within \(timeout)")
            }
            return message
        }
    }

    /// Messages up to and including the first one `stop` accepts.
    func collect(until stop: ([String: JSONValue]) -> Bool, timeout: Duration = .seconds(120)) async throws -> [[String: JSONValue]] {
        var messages: [[String: JSONValue]] = []
        while true {
            let message = try await next(timeout: timeout)
            messages.append(message)
            if stop(message) { return messages }
        }
    }

    /// One whole reply: everything up to `ai_typing` false.
    func collectReply(timeout: Duration = .seconds(120)) async throws -> [[String: JSONValue]] {
        try await collect(until: { $0["type"]?.string == "ai_typing" && $0["is_typing"]?.bool == false }, timeout: timeout)
    }

    func close() async throws {
        try await socket.close()
    }

    /// True when the server closes the socket within `timeout`.
    func waitForClose(timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if socket.isClosed { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return socket.isClosed
    }
}

/// Runs `test` with the application serving on a free loopback port.
func withRunningApp(
    database: TestDatabase = .sqlite,
    services: AppServices? = nil,
    configure adjust: (inout AppConfiguration) -> Void = { _ in },
    _ test: (Application, Int) async throws -> Void
) async throws {
    try await withApp(database: database, services: services, configure: adjust) { app in
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            guard let port = app.http.server.shared.localAddress?.port else { throw TestSetupError("server has no port") }
            try await test(app, port)
        } catch {
            await app.server.shutdown()
            throw error
        }
        await app.server.shutdown()
    }
}
