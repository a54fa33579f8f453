@testable import App
import Chat
import Fluent
import Foundation
import Testing
import Vapor

/// What becomes of a guest's records when the same browser signs in to a named account.
@Suite("Guest records at sign-in", .serialized)
struct GuestRecordsTests {
    /// A named account, signed out again, and a browser that has been a guest: one chat message,
    /// one photo check-in and a PHQ-9 whose item 9 started the crisis flow.
    private static func guestWithRecords(_ app: Application, port: Int) async throws -> (browser: APIClient, guestID: UUID,
                                                                                         accountID: UUID, conversationID: String) {
        let owner = APIClient(app: app, port: port)
        let registered = try await owner.send(.POST, "/api/auth/register",
                                              json: ["username": "morgan", "password": AccountTests.password])
        let accountID = try #require(registered.object["account_id"]?.string.flatMap(UUID.init(uuidString:)))
        #expect(try await owner.send(.POST, "/api/auth/logout").status == .noContent)

        let browser = APIClient(app: app, port: port)
        let guestID = try await browser.accountID()
        #expect(try await browser.upload("astronaut.png").status == .ok)
        #expect(try await browser.send(.POST, "/api/questionnaires/phq9", json: ["answers": [1, 1, 1, 1, 0, 0, 0, 0, 1]]).status == .created)
        let socket = try await browser.chat()
        let conversationID = try #require(try await socket.next()["conversation_id"]?.string)
        try await socket.send(["type": "chat_message", "content": "Hello from the guest", "mood": "low"])
        _ = try await socket.collectReply()
        try await socket.close()
        return (browser, guestID, accountID, conversationID)
    }

    private static func rows(of accountID: UUID, on db: any Database) async throws -> [Int] {
        [
            try await Conversation.query(on: db).filter(\.$account.$id == accountID).count(),
            try await MediaAnalysis.query(on: db).filter(\.$account.$id == accountID).count(),
            try await QuestionnaireResponse.query(on: db).filter(\.$account.$id == accountID).count(),
            try await RiskEvent.query(on: db).filter(\.$account.$id == accountID).count(),
            try await AccountToken.query(on: db).filter(\.$account.$id == accountID).count(),
            try await Account.query(on: db).filter(\.$id == accountID).count(),
        ]
    }

    @Test("move: the conversation, check-in, questionnaire and risk event join the account, the conversation goes on there, the guest is gone",
          arguments: TestDatabase.allCases)
    func move(database: TestDatabase) async throws {
        try await withRunningApp(database: database, services: try await AccountTests.scripted()) { app, port in
            let (browser, guestID, accountID, conversationID) = try await Self.guestWithRecords(app, port: port)
            // A visit's socket that never got a message leaves an empty conversation: it stays behind.
            try await Conversation(accountID: guestID).create(on: app.db)

            let signedIn = try await browser.send(.POST, "/api/auth/login", json: [
                "username": "morgan", "password": AccountTests.password, "guest_records": "move",
            ])
            #expect(signedIn.status == .ok)
            let outcome = signedIn.object["guest_records"]?.object
            #expect(outcome?["outcome"]?.string == "moved")
            let counts: [JSONValue?] = ["conversations", "analyses", "questionnaires"].map { outcome?[$0] }
            #expect(counts == [.number(1), .number(1), .number(1)])
            #expect(try await browser.accountID() == accountID)

            let export = try await browser.send(.GET, "/api/me/export")
            #expect(export.object["analyses"]?.array?.count == 1)
            #expect(export.object["questionnaires"]?.array?.count == 1)
            #expect(export.object["risk_events"]?.array?.count == 1)
            #expect(export.object["conversations"]?.array?.count == 1)
            let conversation = try #require(export.object["conversations"]?.array?.first?.object)
            #expect(conversation["id"]?.string?.lowercased() == conversationID.lowercased())
            #expect(conversation["messages"]?.array?.first?.object?["content"]?.string == "Hello from the guest")
            #expect(try await Self.rows(of: guestID, on: app.db) == [0, 0, 0, 0, 0, 0])

            // The page reconnects naming its conversation: it is the account's now, with its history,
            // and the account's latest, so a socket naming none continues it too.
            let again = try await browser.chat(query: "?conversation_id=\(conversationID)")
            #expect(try await again.next()["conversation_id"]?.string == conversationID)
            try await again.close()
            let latest = try await browser.chat()
            #expect(try await latest.next()["conversation_id"]?.string == conversationID)
            try await latest.close()
        }
    }

    @Test("erase: the guest and every record and kept file of it are gone; the account gains nothing",
          arguments: TestDatabase.allCases)
    func erase(database: TestDatabase) async throws {
        try await withRunningApp(database: database, services: try await AccountTests.scripted(),
                                 configure: { $0.mediaRetention = .keep }) { app, port in
            let (browser, guestID, accountID, _) = try await Self.guestWithRecords(app, port: port)
            let keptFiles = try await MediaAnalysis.query(on: app.db).all().compactMap(\.storedPath)
            #expect(keptFiles.count == 1)

            let signedIn = try await browser.send(.POST, "/api/auth/login", json: [
                "username": "morgan", "password": AccountTests.password, "guest_records": "erase",
            ])
            #expect(signedIn.status == .ok)
            #expect(signedIn.object["guest_records"]?.object?["outcome"]?.string == "erased")
            #expect(try await Self.rows(of: guestID, on: app.db) == [0, 0, 0, 0, 0, 0])
            #expect(try await ConversationMessage.query(on: app.db).count() == 0)
            #expect(keptFiles.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
            let accountRows = try await Self.rows(of: accountID, on: app.db)
            #expect(accountRows == [0, 0, 0, 0, 1, 1], "\(accountRows)")
        }
    }

    @Test("without a choice the guest stays as it was; signed in as a named account, nothing of it ever moves")
    func nothingMovesUnasked() async throws {
        try await withRunningApp(services: try await AccountTests.scripted()) { app, port in
            let (browser, guestID, accountID, _) = try await Self.guestWithRecords(app, port: port)
            let plain = try await browser.send(.POST, "/api/auth/login", json: ["username": "morgan", "password": AccountTests.password])
            #expect(plain.status == .ok)
            #expect(plain.object["guest_records"] == nil)
            #expect(try await Self.rows(of: guestID, on: app.db) == [1, 1, 1, 1, 1, 1])
            let accountRows = try await Self.rows(of: accountID, on: app.db)
            #expect(accountRows == [0, 0, 0, 0, 1, 1], "\(accountRows)")

            // Morgan, signed in, signs in to another account asking to move: Morgan's records stay.
            #expect(try await browser.send(.POST, "/api/questionnaires/phq2", json: ["answers": [1, 1]]).status == .created)
            let other = APIClient(app: app, port: port)
            _ = try await other.send(.POST, "/api/auth/register", json: ["username": "sam", "password": AccountTests.password])
            let switched = try await browser.send(.POST, "/api/auth/login", json: [
                "username": "sam", "password": AccountTests.password, "guest_records": "move",
            ])
            #expect(switched.status == .ok)
            #expect(switched.object["guest_records"] == nil)
            #expect(try await QuestionnaireResponse.query(on: app.db).filter(\.$account.$id == accountID).count() == 1)
            #expect(try await browser.send(.GET, "/api/me/export").object["questionnaires"]?.array?.isEmpty == true)

            let unknown = try await browser.send(.POST, "/api/auth/login", json: [
                "username": "sam", "password": AccountTests.password, "guest_records": "keep somewhere",
            ])
            #expect(unknown.status == .badRequest)
        }
    }
}
