@testable import App
import Chat
import Fluent
import Foundation
import Testing

/// Issue 16 over the socket: the screen reads the conversation, and its learned second opinion
/// catches phrasing no rule names.
@Suite("Conversation screening over the socket", .serialized)
struct ConversationScreeningTests {
    @Test("'I'm going to do it tonight' after an earlier disclosure gets the imminent reply, not the model",
          arguments: TestDatabase.allCases)
    func contextCarriesAcrossMessages(database: TestDatabase) async throws {
        let model = RecordingChatModel(ScriptedChatModel(tokens: ["I'm", " here", " with", " you", "."]))
        let services = try await AppServices.test().with(chatModel: model)
        try await withRunningApp(database: database, services: services) { app, port in
            let client = try await TestChatClient.connect(port: port)
            _ = try await client.next()
            try await client.sendChat("honestly I just want to die")
            #expect(try await client.collectReply().contains { $0["type"]?.string == "crisis_support" })
            // Six supportive turns later the same words still mean the same thing.
            for filler in ["ok", "I don't know", "maybe", "it's late", "whatever", "I'm tired"] {
                try await client.sendChat(filler)
                _ = try await client.collectReply()
            }
            let callsBefore = model.calls.count
            try await client.sendChat("I'm going to do it tonight")
            let reply = try await client.collectReply()
            let support = try #require(reply.first { $0["type"]?.string == "crisis_support" })
            #expect(support["level"]?.string == "imminent")
            #expect(model.calls.count == callsBefore, "the model must not answer")
            let levels = try await RiskEvent.query(on: app.db).sort(\.$createdAt).all().map(\.level)
            #expect(levels.first == "crisis" && levels.last == "imminent")
            try await client.close()
        }
    }

    @Test("without an earlier disclosure the same words are not imminent")
    func noContextNoEmergency() async throws {
        let model = RecordingChatModel(ScriptedChatModel(tokens: ["Have", " fun", "!"]))
        let services = try await AppServices.test().with(chatModel: model)
        try await withRunningApp(services: services) { app, port in
            let client = try await TestChatClient.connect(port: port)
            _ = try await client.next()
            try await client.sendChat("We're finally seeing the new Dune film this weekend")
            _ = try await client.collectReply()
            try await client.sendChat("I'm going to do it tonight")
            let reply = try await client.collectReply()
            // Alone, "do it tonight" is vague: the rules need context to call it imminent. (The
            // learned second opinion may still call it crisis: its training data labels a vague
            // stated intent with a time as crisis.)
            let support = reply.first { $0["type"]?.string == "crisis_support" }
            #expect(support?["level"]?.string != "imminent")
            let levels = try await RiskEvent.query(on: app.db).all().map(\.level)
            #expect(!levels.contains("imminent"))
            try await client.close()
        }
    }
}
