@testable import App
import Chat
import Fluent
import Foundation
import LLM
import Testing
import Vapor

/// The chat protocol over a real WebSocket, through the real router, with the real SmolLM2 model.
@Suite("Chat over WebSocket", .serialized)
struct ChatWebSocketTests {
    @Test("a reply streams one message per token, then is_complete once, between typing indicators",
          arguments: TestDatabase.allCases)
    func messageSequence(database: TestDatabase) async throws {
        let model = RecordingChatModel(try SharedModels.chatModel())
        let services = try await AppServices.test().with(chatModel: model)
        try await withRunningApp(database: database, services: services) { app, port in
            let client = try await TestChatClient.connect(port: port)
            let greeting = try await client.next()
            #expect(greeting["type"]?.string == "system_message")
            #expect(greeting["content"]?.string?.isEmpty == false)
            let conversationID = try #require(greeting["conversation_id"]?.string.flatMap(UUID.init(uuidString:)))

            try await client.sendChat("Hi. I have been feeling a bit tired lately.")
            let reply = try await client.collectReply()
            #expect(!reply.contains { $0["type"]?.string == "error" }, "\(reply.filter { $0["type"]?.string == "error" })")

            #expect(reply.first?["type"]?.string == "ai_typing")
            #expect(reply.first?["is_typing"]?.bool == true)
            let streamed = reply.filter { $0["type"]?.string == "streaming_response" }
            let partials = streamed.compactMap { $0["partial_content"]?.string }
            #expect(streamed.count >= 3)
            #expect(Set(streamed.compactMap { $0["message_id"]?.string }).count == 1)
            #expect(streamed.allSatisfy { $0["mood"]?.string == "caring" })
            // The small model's sampled reply is sometimes caught by the output screen (about 1 in 30
            // here); the closing message then carries the fixed replacement instead of the text so far.
            let replaced = streamed.last?["note"]?.string == "replaced"
            let generated = Array(partials.dropLast())
            // partial_content only grows, by whole sentences: the one being written is held back
            // until the screen has cleared it.
            for (earlier, later) in zip(generated, generated.dropFirst()) {
                #expect(later.hasPrefix(earlier))
            }
            #expect(generated.allSatisfy { $0.isEmpty || ".!?;\n\u{2026}".contains($0.trimmingCharacters(in: .whitespaces).last!) })
            // The closing message carries what the person keeps: the reply so far, without an
            // unfinished sentence the cap cut off (ReplyShaper), or the screen's replacement.
            if !replaced, let closing = partials.last, let lastPartial = generated.last {
                #expect(closing.hasPrefix(lastPartial.trimmingCharacters(in: .whitespaces)) || closing == ReplyShaper.fallback)
                #expect(!closing.isEmpty)
            }
            let completes = streamed.filter { $0["is_complete"]?.bool == true }
            #expect(completes.count == 1)
            #expect(streamed.last?["is_complete"]?.bool == true)
            // One streaming message per generated token, plus the closing one; a replaced reply
            // never shows the token that was caught (unless only the finished text was caught).
            let tokens = try #require(model.calls.last?.tokens)
            if replaced {
                #expect(streamed.count - 1 <= tokens)
            } else {
                #expect(streamed.count - 1 == tokens)
            }
            #expect(reply.last?["type"]?.string == "ai_typing")

            // Both turns are stored, the reply as complete: the server stores it before typing ends.
            let stored = try await ConversationMessage.query(on: app.db)
                .filter(\.$conversation.$id == conversationID).sort(\.$createdAt).all()
            #expect(stored.map(\.role) == [.user, .assistant])
            #expect(stored.last?.status == .complete)
            #expect(stored.last?.content == partials.last)
            try await client.close()
        }
    }

    @Test("a fact from turn 1 is in the prompt of turn 3, each turn keeps its own mood, and a reconnect continues the conversation")
    func memory() async throws {
        let model = RecordingChatModel(try SharedModels.chatModel())
        let services = try await AppServices.test().with(chatModel: model)
        try await withRunningApp(services: services) { app, port in
            let token = try await TestChatClient.guestToken(port: port)
            let client = try await TestChatClient.connect(port: port, token: token)
            let conversationID = try #require(try await client.next()["conversation_id"]?.string)
            try await client.sendChat("My dog is called Biscuit and he makes me smile.")
            _ = try await client.collectReply()
            try await client.sendChat("Work has been stressful this week.", mood: "anxious")
            _ = try await client.collectReply()
            try await client.close()
            // A change of mood changes only the new message: the system prompt and turn 1 stay as
            // they were, so the model's cache of the conversation is still valid.
            let (first, second) = (model.calls[0].messages, model.calls[1].messages)
            #expect(second.first == first.first)
            #expect(Array(second.prefix(first.count)) == first)
            #expect(first.last?.content == "[feeling sad] My dog is called Biscuit and he makes me smile.")
            #expect(second.last?.content == "[feeling anxious] Work has been stressful this week.")

            // The same client reconnects and names its conversation.
            let again = try await TestChatClient.connect(port: port, query: "?conversation_id=\(conversationID)", token: token)
            let greeting = try await again.next()
            #expect(greeting["conversation_id"]?.string == conversationID)
            try await again.sendChat("Do you remember what I told you about my dog?")
            _ = try await again.collectReply()
            let third = try #require(model.calls.last)
            #expect(third.messages.first?.role == .system)
            #expect(third.messages.contains { $0.role == .user && $0.content.contains("Biscuit") })
            #expect(third.messages.filter { $0.role == .user }.count == 3)
            try await again.close()

            // Another account naming this conversation gets a new one of its own, never this one.
            let stranger = try await TestChatClient.connect(port: port, query: "?conversation_id=\(conversationID)")
            let strangersGreeting = try await stranger.next()
            #expect(strangersGreeting["conversation_id"]?.string != conversationID)
            try await stranger.close()
        }
    }

    @Test("two sockets stream at once, batched together by the engine")
    func twoSocketsAtOnce() async throws {
        let model = try SharedModels.makeLlama(parallelSequences: 2)
        let services = try await AppServices.test().with(chatModel: model)
        try await withRunningApp(services: services) { _, port in
            let first = try await TestChatClient.connect(port: port)
            let second = try await TestChatClient.connect(port: port)
            _ = try await first.next()
            _ = try await second.next()
            try await first.sendChat("Tell me something calming about the sea.")
            try await second.sendChat("Tell me something calming about forests.")
            async let a = first.collectReply()
            async let b = second.collectReply()
            let (replyA, replyB) = try await (a, b)
            for reply in [replyA, replyB] {
                #expect(reply.filter { $0["type"]?.string == "streaming_response" && $0["is_complete"]?.bool == true }.count == 1)
            }
            #expect(model.statistics.maxSequencesPerDecode == 2)
            try await first.close()
            try await second.close()
        }
        await model.shutdown()
    }

    @Test("a disconnect cancels the reply at once, frees its slot and stores it as interrupted")
    func cancellationOnDisconnect() async throws {
        let model = try SharedModels.makeLlama(parallelSequences: 1)
        let services = try await AppServices.test().with(chatModel: model)
        try await withRunningApp(services: services, configure: { $0.llm.maxNewTokens = 400 }) { app, port in
            let leaving = try await TestChatClient.connect(port: port)
            let leavingConversation = try #require(try await leaving.next()["conversation_id"]?.string.flatMap(UUID.init(uuidString:)))
            try await leaving.sendChat("Please write me a very long story about a lighthouse keeper.")
            _ = try await leaving.collect(until: { $0["type"]?.string == "streaming_response" })
            try await leaving.close()

            // The only slot is free again: the next person is served without waiting in the queue.
            let staying = try await TestChatClient.connect(port: port)
            _ = try await staying.next()
            try await staying.sendChat("Hello")
            let opening = try await staying.collect(until: { $0["type"]?.string == "streaming_response" })
            // That slot was the leaving reply's, so its cancellation was counted before this reply
            // could start (read now: this reply may end early at a sentence, another cancellation).
            #expect(model.statistics.cancelledRequests == 1)
            let reply = try await opening + staying.collectReply()
            #expect(!reply.contains { $0["type"]?.string == "queue_status" })
            #expect(reply.contains { $0["is_complete"]?.bool == true })

            let interrupted = try await ConversationMessage.query(on: app.db)
                .filter(\.$conversation.$id == leavingConversation).filter(\.$role == .assistant).all()
            #expect(interrupted.map(\.status) == [.interrupted])
            try await staying.close()
        }
        await model.shutdown()
    }

    @Test("a new message on the same socket cancels the running reply")
    func newMessageCancels() async throws {
        try await withRunningApp(configure: { $0.llm.maxNewTokens = 400 }) { _, port in
            let client = try await TestChatClient.connect(port: port)
            _ = try await client.next()
            try await client.sendChat("Please write me a very long story about a lighthouse keeper.")
            _ = try await client.collect(until: { $0["type"]?.string == "streaming_response" })
            try await client.sendChat("Actually, never mind. How are you?")
            let rest = try await client.collect(until: { $0["note"]?.string == "interrupted" })
            #expect(rest.last?["is_complete"]?.bool == true)
            let next = try await client.collectReply()  // typing false of the first reply
            #expect(next.last?["is_typing"]?.bool == false)
            let second = try await client.collectReply()
            // The new reply runs to its end. Its note may be "replaced" when the output screen catches
            // what the small test model sampled; it is never cut short like the first.
            let closing = second.filter { $0["type"]?.string == "streaming_response" && $0["is_complete"]?.bool == true }
            #expect(closing.count == 1)
            #expect(closing.allSatisfy { $0["note"] == nil || $0["note"]?.string == "replaced" },
                    "the second reply closed with note \(closing.map { $0["note"]?.string ?? "none" })")
            try await client.close()
        }
    }

    @Test("bad input gets an error message and the socket stays open")
    func badInput() async throws {
        try await withRunningApp(configure: { $0.chat.maxMessageCharacters = 50 }) { _, port in
            let client = try await TestChatClient.connect(port: port)
            _ = try await client.next()
            let cases: [(String, String)] = [
                ("{not json", "malformed_json"),
                (#"{"type":"dance"}"#, "unknown_type"),
                (#"{"content":"no type"}"#, "unknown_type"),
                (#"{"type":"chat_message"}"#, "missing_field"),
                (#"{"type":"chat_message","content":"   "}"#, "empty_message"),
                (#"{"type":"chat_message","content":"\#(String(repeating: "a", count: 51))"}"#, "message_too_long"),
                (#"{"type":"analysis_request"}"#, "missing_field"),
                (#"{"type":"analysis_request","file_id":"not-a-uuid","file_type":"image"}"#, "analysis_not_found"),
                (#"{"type":"analysis_request","file_id":"\#(UUID().uuidString)","file_type":"image"}"#, "analysis_not_found"),
            ]
            for (frame, code) in cases {
                try await client.sendRaw(frame)
                let answer = try await client.next()
                #expect(answer["type"]?.string == "error", "\(frame)")
                #expect(answer["code"]?.string == code, "\(frame)")
                #expect(answer["message"]?.string?.isEmpty == false)
            }
            try await client.socket.send(raw: [0x01, 0x02], opcode: .binary)
            #expect(try await client.next()["code"]?.string == "binary_not_supported")
            // Still open and serving.
            try await client.sendChat("Hello")
            let reply = try await client.collectReply()
            #expect(reply.contains { $0["is_complete"]?.bool == true })
            try await client.close()
        }
    }

    @Test("a flood of messages is rate limited with an error message")
    func flood() async throws {
        try await withRunningApp(configure: { $0.chat.messagesPerMinute = 3 }) { _, port in
            let client = try await TestChatClient.connect(port: port)
            _ = try await client.next()
            for index in 0..<6 {
                try await client.sendChat("message \(index)")
            }
            let messages = try await client.collect(until: { $0["code"]?.string == "rate_limited" }, timeout: .seconds(120))
            #expect(messages.last?["message"]?.string?.isEmpty == false)
            try await client.close()
        }
    }

    @Test("a foreign browser origin cannot open the chat socket")
    func foreignOrigin() async throws {
        try await withRunningApp { app, port in
            await #expect(throws: (any Error).self) {
                _ = try await TestChatClient.connect(port: port, headers: ["Origin": "http://evil.example"])
            }
            // The refusal is a plain 403, as a browser's handshake would see it.
            let handshake = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/ws/chat/"), headers: [
                "Origin": "http://evil.example", "Connection": "Upgrade", "Upgrade": "websocket",
                "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            ])
            #expect(handshake.status == .forbidden)
            let allowed = try await TestChatClient.connect(port: port, headers: ["Origin": "http://localhost:3000"])
            #expect(try await allowed.next()["type"]?.string == "system_message")
            try await allowed.close()
        }
    }

    @Test("an upgrade refused by the new-session limit is answered 429 with Retry-After, not a dropped connection")
    func rateLimitedUpgrade() async throws {
        try await withRunningApp(configure: { $0.rateLimits.guestsPerAddressPerMinute = 2 }) { app, port in
            for _ in 0..<2 {
                let client = try await TestChatClient.connect(port: port)
                #expect(try await client.next()["type"]?.string == "system_message")
                try await client.close()
            }
            let handshake = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/ws/chat/"), headers: [
                "Connection": "Upgrade", "Upgrade": "websocket",
                "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            ])
            #expect(handshake.status == .tooManyRequests)
            #expect(Int(handshake.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
            #expect(handshake.body.map { String(buffer: $0) }?.contains("rate_limited") == true)
        }
    }

    @Test("a message sent the instant the socket opens, before the greeting arrives, is answered")
    func sendsAtOnceOnOpen() async throws {
        let services = try await AppServices.test().with(chatModel: ScriptedChatModel(tokens: ["I", " hear", " you", "."]))
        try await withRunningApp(services: services) { _, port in
            for _ in 0..<3 {
                let client = try await TestChatClient.connect(port: port)
                // As a React app flushes a queued message in `onopen`: no wait for system_message.
                try await client.sendChat("Hello, is anyone there?")
                #expect(try await client.next()["type"]?.string == "system_message")
                let reply = try await client.collectReply(timeout: .seconds(20))
                #expect(reply.first?["type"]?.string == "ai_typing")
                #expect(reply.last { $0["is_complete"]?.bool == true }?["partial_content"]?.string == "I hear you.")
                try await client.close()
            }
        }
    }
}
