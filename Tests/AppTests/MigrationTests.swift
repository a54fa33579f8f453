@testable import App
import Fluent
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("every table is created and usable, then reverted", arguments: TestDatabase.allCases)
    func migrateAndRevert(database: TestDatabase) async throws {
        try await withApp(database: database) { app in
            let account = Account(kind: .guest)
            try await account.save(on: app.db)
            let conversation = Conversation(accountID: try account.requireID())
            try await conversation.save(on: app.db)
            try await ConversationMessage(conversationID: try conversation.requireID(), role: .user,
                                          content: "hello", mood: "tired", status: .complete).save(on: app.db)
            try await MediaAnalysis(accountID: try account.requireID(), fileID: UUID(), mediaType: .image,
                                    byteSize: 10, resultJSON: "{}", riskLevel: "low", storedPath: nil).save(on: app.db)
            try await RiskEvent(accountID: try account.requireID(), conversationID: conversation.id,
                                source: .userMessage, level: "crisis", categories: "suicidal_ideation").save(on: app.db)

            let messages = try await conversation.$messages.get(on: app.db)
            #expect(messages.map(\.content) == ["hello"])

            // Deleting an account takes everything it owns with it.
            try await account.delete(on: app.db)
            #expect(try await ConversationMessage.query(on: app.db).count() == 0)
            #expect(try await MediaAnalysis.query(on: app.db).count() == 0)
            #expect(try await RiskEvent.query(on: app.db).count() == 0)

            try await app.autoRevert()
            await #expect(throws: (any Error).self) { try await Account.query(on: app.db).count() }
            try await app.autoMigrate()
            #expect(try await Account.query(on: app.db).count() == 0)
        }
    }
}
