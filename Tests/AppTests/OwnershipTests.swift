@testable import App
import Chat
import Fluent
import Foundation
import Testing
import Vapor

/// Two accounts on one server: nothing of one is reachable by the other, and erasing one
/// leaves nothing of it behind, in any table or on disk.
@Suite("Ownership and privacy", .serialized)
struct OwnershipTests {
    @Test("another account's analysis, conversation and data answer as if they did not exist",
          arguments: TestDatabase.allCases)
    func crossAccount(database: TestDatabase) async throws {
        let services = try await AccountTests.scripted()
        try await withRunningApp(database: database, services: services) { app, port in
            let alice = APIClient(app: app, port: port)
            let bob = APIClient(app: app, port: port)
            let aliceID = try await alice.accountID()
            let bobID = try await bob.accountID()
            #expect(aliceID != bobID)

            let upload = try await alice.upload("astronaut.png")
            let fileID = try #require(upload.object["file_id"]?.string)
            _ = try await alice.send(.POST, "/api/questionnaires/phq9", json: ["answers": [2, 2, 1, 1, 1, 1, 0, 0, 0]])
            let aliceSocket = try await alice.chat()
            let greeting = try await aliceSocket.next()
            let conversationID = try #require(greeting["conversation_id"]?.string)
            try await aliceSocket.send(["type": "chat_message", "content": "Alice's private words", "mood": "sad"])
            _ = try await aliceSocket.collectReply()
            try await aliceSocket.close()

            // Bob names Alice's file: unknown. Bob names Alice's conversation: a new one of his own.
            let bobSocket = try await bob.chat(query: "?conversation_id=\(conversationID)")
            let bobGreeting = try await bobSocket.next()
            #expect(bobGreeting["conversation_id"]?.string != conversationID)
            try await bobSocket.send(["type": "analysis_request", "file_id": fileID, "file_type": "image"])
            let answer = try await bobSocket.next()
            #expect(answer["type"]?.string == "error")
            #expect(answer["code"]?.string == "analysis_not_found")
            try await bobSocket.close()

            // Alice reads her conversation's history; for Bob it does not exist.
            let history = try await alice.send(.GET, "/api/conversations/\(conversationID)/messages")
            #expect(history.status == .ok)
            #expect(history.object["messages"]?.array?.first?.object?["content"]?.string == "Alice's private words")
            #expect(history.object["messages"]?.array?.count == 2)
            let peek = try await bob.send(.GET, "/api/conversations/\(conversationID)/messages")
            #expect(peek.status == .notFound)
            #expect(peek.errorCode == "conversation_not_found")
            #expect(!peek.body.contains("Alice"))

            // Bob's export and timeline hold none of Alice's records.
            let export = try await bob.send(.GET, "/api/me/export")
            #expect(export.status == .ok)
            #expect(!export.body.contains("Alice's private words"))
            #expect(!export.body.contains(fileID))
            #expect(export.object["analyses"]?.array?.isEmpty == true)
            #expect(export.object["questionnaires"]?.array?.isEmpty == true)
            let timeline = try await bob.send(.GET, "/api/mood/timeline")
            #expect(timeline.object["days"]?.array?.isEmpty == true)

            // Bob erasing his account leaves Alice's untouched.
            #expect(try await bob.send(.DELETE, "/api/me").status == .noContent)
            let aliceExport = try await alice.send(.GET, "/api/me/export")
            #expect(aliceExport.object["analyses"]?.array?.count == 1)
            #expect(aliceExport.object["questionnaires"]?.array?.count == 1)
            #expect(aliceExport.body.contains("Alice's private words"))
            // Alice's conversation is resumed, with its history.
            let again = try await alice.chat(query: "?conversation_id=\(conversationID)")
            #expect(try await again.next()["conversation_id"]?.string == conversationID)
            try await again.close()
        }
    }

    @Test("the export holds every record of the account", arguments: TestDatabase.allCases)
    func exportIsComplete(database: TestDatabase) async throws {
        try await withRunningApp(database: database, services: try await AccountTests.scripted()) { app, port in
            let client = APIClient(app: app, port: port)
            let accountID = try await client.accountID()
            _ = try await client.upload("astronaut.png")
            _ = try await client.send(.POST, "/api/questionnaires/phq9", json: ["answers": [0, 0, 0, 0, 0, 0, 0, 0, 1]])
            let socket = try await client.chat()
            _ = try await socket.next()
            try await socket.send(["type": "chat_message", "content": "first words", "mood": "okay"])
            _ = try await socket.collectReply()
            try await socket.close()

            let export = try await client.send(.GET, "/api/me/export")
            #expect(export.status == .ok)
            #expect(export.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let body = export.object
            #expect(body["account"]?.object?["id"]?.string == accountID.uuidString)
            // Each table's rows for the account, counted in the database, all appear.
            let conversations = try await Conversation.query(on: app.db).filter(\.$account.$id == accountID).all()
            #expect(body["conversations"]?.array?.count == conversations.count)
            let messageCount = try await ConversationMessage.query(on: app.db).count()
            let exportedMessages = body["conversations"]?.array?.flatMap { $0.object?["messages"]?.array ?? [] } ?? []
            #expect(exportedMessages.count == messageCount)
            #expect(messageCount == 2)
            #expect(exportedMessages.map { $0.object?["role"]?.string } == ["user", "assistant"])
            #expect(body["analyses"]?.array?.first?.object?["analysis_result"]?.object?["emotional_analysis"] != nil)
            #expect(body["questionnaires"]?.array?.first?.object?["answers"]?.array?.count == 9)
            let riskEvents = try await RiskEvent.query(on: app.db).filter(\.$account.$id == accountID).count()
            #expect(riskEvents == 1)
            #expect(body["risk_events"]?.array?.count == riskEvents)
            // Credentials never leave the server.
            #expect(!export.body.contains("token_hash") && !export.body.contains("password"))
        }
    }

    @Test("erasing an account removes every row and every retained file, and ends its open chats",
          arguments: TestDatabase.allCases)
    func eraseEverything(database: TestDatabase) async throws {
        try await withRunningApp(database: database, services: try await AccountTests.scripted(),
                                 configure: { $0.mediaRetention = .keep }) { app, port in
            let keeper = APIClient(app: app, port: port)
            _ = try await keeper.upload("astronaut.png")

            let leaving = APIClient(app: app, port: port)
            _ = try await leaving.send(.POST, "/api/auth/register", json: ["username": "leaving", "password": AccountTests.password])
            let accountID = try await leaving.accountID()
            _ = try await leaving.upload("astronaut.png")
            _ = try await leaving.send(.POST, "/api/questionnaires/phq9", json: ["answers": [0, 0, 0, 0, 0, 0, 0, 0, 2]])
            let socket = try await leaving.chat()
            _ = try await socket.next()
            try await socket.send(["type": "chat_message", "content": "words to erase", "mood": "sad"])
            _ = try await socket.collectReply()
            let storedFiles = try await MediaAnalysis.query(on: app.db).all().compactMap(\.storedPath)
            #expect(storedFiles.count == 2)
            #expect(storedFiles.allSatisfy { FileManager.default.fileExists(atPath: $0) })

            let erased = try await leaving.send(.DELETE, "/api/me")
            #expect(erased.status == .noContent)
            #expect(leaving.cookie == nil)
            // Its open socket was closed by the server.
            let closed = try await socket.waitForClose(timeout: .seconds(10))
            #expect(closed)

            #expect(try await Account.find(accountID, on: app.db) == nil)
            #expect(try await AccountToken.query(on: app.db).filter(\.$account.$id == accountID).count() == 0)
            #expect(try await AccountCredential.query(on: app.db).count() == 0)
            #expect(try await Conversation.query(on: app.db).filter(\.$account.$id == accountID).count() == 0)
            #expect(try await ConversationMessage.query(on: app.db).count() == 0)
            #expect(try await MediaAnalysis.query(on: app.db).filter(\.$account.$id == accountID).count() == 0)
            #expect(try await QuestionnaireResponse.query(on: app.db).count() == 0)
            #expect(try await RiskEvent.query(on: app.db).filter(\.$account.$id == accountID).count() == 0)
            // Only the other account's file is left on disk.
            let remaining = try await MediaAnalysis.query(on: app.db).all().compactMap(\.storedPath)
            #expect(remaining.count == 1)
            for path in storedFiles {
                #expect(FileManager.default.fileExists(atPath: path) == remaining.contains(path))
            }
            // The username is free again.
            #expect(try await APIClient(app: app, port: port).send(.POST, "/api/auth/register",
                                                                   json: ["username": "leaving", "password": AccountTests.password]).status == .ok)
        }
    }
}
