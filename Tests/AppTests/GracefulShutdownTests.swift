@testable import App
import Chat
import Fluent
import Foundation
import LLM
import Testing
import Vapor

/// What SIGTERM does to chats: Vapor runs the lifecycle handlers, ChatConnectionsLifecycle first.
/// The tests call that handler directly, as `app.asyncShutdown()` does after a signal.
@Suite("Graceful shutdown", .serialized)
struct GracefulShutdownTests {
    private static func paced(_ count: Int) -> PacedChatModel {
        PacedChatModel(tokens: (0..<count).map { "w\($0) " }, interval: .milliseconds(50))
    }

    @Test("a reply longer than the grace period is cut at the bound, stored as interrupted with its partial text, and the socket closes with 1001")
    func cutAtBound() async throws {
        let services = try await AppServices.test().with(chatModel: Self.paced(200))  // 10 s of reply
        try await withRunningApp(services: services, configure: { $0.shutdownGraceSeconds = 1 }) { app, port in
            let client = try await TestChatClient.connect(port: port)
            let conversationID = try #require(try await client.next()["conversation_id"]?.string.flatMap(UUID.init(uuidString:)))
            try await client.sendChat("Tell me something long.")
            _ = try await client.collect(until: { $0["type"]?.string == "streaming_response" })

            let started = ContinuousClock.now
            await ChatConnectionsLifecycle().shutdownAsync(app)
            let took = ContinuousClock.now - started
            #expect(took >= .milliseconds(900))
            #expect(took < .seconds(5))

            try await client.socket.onClose.get()
            #expect(client.socket.closeCode == .goingAway)
            let stored = try await ConversationMessage.query(on: app.db)
                .filter(\.$conversation.$id == conversationID).sort(\.$createdAt).all()
            #expect(stored.map(\.role) == [.user, .assistant])
            #expect(stored.last?.status == .interrupted)
            let partial = try #require(stored.last?.content)
            #expect(partial.hasPrefix("w0 w1 "))
            #expect(partial.count < Self.paced(200).tokens.joined().count)

            // The listener is closed: nobody new is accepted while the instance drains.
            await #expect(throws: (any Error).self) { _ = try await TestChatClient.connect(port: port) }
        }
    }

    @Test("a reply shorter than the grace period finishes, is stored complete, then the socket closes with 1001")
    func finishesWithinGrace() async throws {
        let services = try await AppServices.test().with(chatModel: Self.paced(12))  // 0.6 s of reply
        try await withRunningApp(services: services, configure: { $0.shutdownGraceSeconds = 5 }) { app, port in
            let client = try await TestChatClient.connect(port: port)
            let conversationID = try #require(try await client.next()["conversation_id"]?.string.flatMap(UUID.init(uuidString:)))
            try await client.sendChat("Tell me something short.")
            _ = try await client.collect(until: { $0["type"]?.string == "streaming_response" })

            let started = ContinuousClock.now
            async let shutdown: Void = ChatConnectionsLifecycle().shutdownAsync(app)
            let rest = try await client.collectReply(timeout: .seconds(10))
            await shutdown
            #expect(ContinuousClock.now - started < .seconds(4))
            #expect(rest.contains { $0["is_complete"]?.bool == true && $0["note"] == nil })

            try await client.socket.onClose.get()
            #expect(client.socket.closeCode == .goingAway)
            let stored = try await ConversationMessage.query(on: app.db)
                .filter(\.$conversation.$id == conversationID).filter(\.$role == .assistant).all()
            #expect(stored.map(\.status) == [.complete])
            // What the person saw last: the reply without its trailing space (ReplyShaper).
            #expect(stored.first?.content == Self.paced(12).tokens.joined().trimmingCharacters(in: .whitespaces))
        }
    }
}
