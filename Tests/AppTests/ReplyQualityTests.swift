@testable import App
import Chat
import Fluent
import Foundation
import Testing
import Vapor

/// What a person reads, with the real SmolLM2 model and the conversation sampler (seeded).
@Suite("Replies a person can read", .serialized)
struct ReplyQualityTests {
    /// Words of a reply, lowercased, for spotting repeated phrases.
    private func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "'") }).map(String.init)
    }

    private func repeatsAPhrase(_ text: String) -> Bool {
        let words = words(text)
        guard words.count >= 3 else { return false }
        var counts: [String: Int] = [:]
        for index in 0...(words.count - 3) {
            counts[words[index..<index + 3].joined(separator: " "), default: 0] += 1
        }
        return counts.values.contains { $0 >= 3 }
    }

    @Test("a looping reply already in the history does not come back in the next reply", arguments: TestDatabase.allCases)
    func degenerateHistory(database: TestDatabase) async throws {
        try await withRunningApp(database: database, configure: { $0.llm.maxNewTokens = 120 }) { app, port in
            let client = try await TestChatClient.connect(port: port)
            let conversationID = try #require(try await client.next()["conversation_id"]?.string.flatMap(UUID.init(uuidString:)))
            // A conversation as replies were stored before the loop guard: one looping reply.
            let loop = "I'm just a just a just a just a just a just a just a just a just a just a just a just a"
            for (role, content) in [(ConversationMessage.Role.user, "I stayed in bed all day again."),
                                    (.assistant, "That sounds exhausting. " + loop),
                                    (.user, "I don't know why I can't get up.")] {
                try await ConversationMessage(conversationID: conversationID, role: role, content: content,
                                              mood: role == .user ? "sad" : nil, status: .complete).create(on: app.db)
            }
            try await client.sendChat("What can I do tomorrow morning?")
            let reply = try await client.collectReply()
            let final = try #require(reply.last { $0["is_complete"]?.bool == true }?["partial_content"]?.string)
            #expect(!final.isEmpty)
            #expect(!final.lowercased().contains("just a just"), "\(final)")
            #expect(!repeatsAPhrase(final), "\(final)")
            try await client.close()
        }
    }

    @Test("every reply ends at a sentence end, and what is stored is exactly what the person saw last",
          arguments: TestDatabase.allCases)
    func wholeSentences(database: TestDatabase) async throws {
        // A cap of 40 tokens cuts most replies mid-sentence; the target of 24 ends them earlier.
        try await withRunningApp(database: database, configure: { $0.llm.maxNewTokens = 40; $0.llm.replyTargetTokens = 24 }) { app, port in
            let client = try await TestChatClient.connect(port: port)
            let conversationID = try #require(try await client.next()["conversation_id"]?.string.flatMap(UUID.init(uuidString:)))
            var shown: [String] = []
            for message in ["Work has been really stressful and I can't switch off at night.",
                            "My manager keeps adding deadlines.",
                            "I feel like I'm failing at everything."] {
                try await client.sendChat(message, mood: "anxious")
                let reply = try await client.collectReply()
                let final = try #require(reply.last { $0["is_complete"]?.bool == true })
                let text = try #require(final["partial_content"]?.string)
                #expect(final["note"] == nil, "\(final)")
                let last = try #require(text.last(where: { !$0.isWhitespace }))
                #expect(".!?\u{2026}\"')".contains(last) || last.unicodeScalars.first!.properties.isEmojiPresentation, "\(text)")
                shown.append(text)
            }
            try await client.close()
            let stored = try await ConversationMessage.query(on: app.db)
                .filter(\.$conversation.$id == conversationID).filter(\.$role == .assistant).sort(\.$createdAt).all()
            #expect(stored.map(\.content) == shown)
        }
    }
}
