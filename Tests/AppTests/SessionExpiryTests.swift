@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Sessions live from their last use; a guest left without one is erased with all it owns.
@Suite("Session expiry", .serialized)
struct SessionExpiryTests {
    private static let day: TimeInterval = 24 * 3600

    private static func setLastSeen(of accountID: UUID, daysAgo: Double, on db: any Database) async throws {
        try await AccountToken.query(on: db).filter(\.$account.$id == accountID)
            .set(\.$lastSeenAt, to: Date().addingTimeInterval(-daysAgo * day)).update()
    }

    private static func sweeper(_ app: Application) -> SessionSweeper {
        SessionSweeper(database: app.db, connections: app.chatConnections, lifetime: AccountResolver.lifetime(app),
                       logger: app.logger)
    }

    @Test("a guest unused for the lifetime is erased with its records and kept files; a live guest and a named account keep theirs",
          arguments: TestDatabase.allCases)
    func sweep(database: TestDatabase) async throws {
        try await withRunningApp(database: database, services: try await AccountTests.scripted(),
                                 configure: { $0.mediaRetention = .keep; $0.accounts.sessionLifetimeDays = 30 }) { app, port in
            let gone = APIClient(app: app, port: port)
            let goneID = try await gone.accountID()
            #expect(try await gone.upload("astronaut.png").status == .ok)
            #expect(try await gone.send(.POST, "/api/questionnaires/phq9", json: ["answers": [0, 0, 0, 0, 0, 0, 0, 0, 1]]).status == .created)
            let socket = try await gone.chat()
            _ = try await socket.next()
            try await socket.send(["type": "chat_message", "content": "hello", "mood": "low"])
            _ = try await socket.collectReply()
            try await socket.close()
            let keptFile = try #require(try await MediaAnalysis.query(on: app.db).first()?.storedPath)

            let live = APIClient(app: app, port: port)
            let liveID = try await live.accountID()
            #expect(try await live.send(.POST, "/api/questionnaires/phq2", json: ["answers": [1, 0]]).status == .created)

            let named = APIClient(app: app, port: port)
            let registered = try await named.send(.POST, "/api/auth/register", json: ["username": "river", "password": AccountTests.password])
            let namedID = try #require(registered.object["account_id"]?.string.flatMap(UUID.init(uuidString:)))
            #expect(try await named.send(.POST, "/api/questionnaires/phq2", json: ["answers": [0, 1]]).status == .created)

            try await Self.setLastSeen(of: goneID, daysAgo: 31, on: app.db)
            try await Self.setLastSeen(of: liveID, daysAgo: 29, on: app.db)
            try await Self.setLastSeen(of: namedID, daysAgo: 31, on: app.db)

            // Between sweeps an outlived token is already refused: the old cookie gets a new guest.
            #expect(try await named.accountID() != namedID)

            let outcome = try await Self.sweeper(app).sweep()
            #expect(outcome == .init(revokedTokens: 2, erasedGuests: 1))
            #expect(try await Account.find(goneID, on: app.db) == nil)
            #expect(try await Conversation.query(on: app.db).filter(\.$account.$id == goneID).count() == 0)
            #expect(try await MediaAnalysis.query(on: app.db).filter(\.$account.$id == goneID).count() == 0)
            #expect(try await QuestionnaireResponse.query(on: app.db).filter(\.$account.$id == goneID).count() == 0)
            #expect(try await RiskEvent.query(on: app.db).filter(\.$account.$id == goneID).count() == 0)
            #expect(!FileManager.default.fileExists(atPath: keptFile))

            #expect(try await QuestionnaireResponse.query(on: app.db).filter(\.$account.$id == liveID).count() == 1)
            #expect(try await live.accountID() == liveID)
            // The named account keeps its records and signs in again.
            #expect(try await QuestionnaireResponse.query(on: app.db).filter(\.$account.$id == namedID).count() == 1)
            let again = try await named.send(.POST, "/api/auth/login", json: ["username": "river", "password": AccountTests.password])
            #expect(again.status == .ok)
            #expect(try await named.accountID() == namedID)

            // Nothing more to do on the next sweep.
            #expect(try await Self.sweeper(app).sweep() == .init(revokedTokens: 0, erasedGuests: 0))
        }
    }

    @Test("using a session writes its last use at most once a day and renews the cookie's lifetime")
    func renewal() async throws {
        try await withRunningApp(configure: { $0.accounts.sessionLifetimeDays = 30 }) { app, port in
            let browser = APIClient(app: app, port: port)
            let accountID = try await browser.accountID()
            let token = try #require(browser.cookie)

            // Used within the day: nothing written, no cookie sent again.
            let soon = try await browser.send(.GET, "/api/me")
            #expect(soon.headers.setCookie?[AccountResolver.cookieName] == nil)

            try await Self.setLastSeen(of: accountID, daysAgo: 2, on: app.db)
            let later = try await browser.send(.GET, "/api/me")
            let renewed = try #require(later.headers.setCookie?[AccountResolver.cookieName])
            #expect(renewed.string == token)
            #expect(renewed.maxAge == 30 * 24 * 3600)
            #expect(renewed.isHTTPOnly)
            let stored = try #require(try await AccountToken.query(on: app.db).filter(\.$account.$id == accountID).first())
            #expect(abs(try #require(stored.lastSeenAt).timeIntervalSinceNow) < 60)
        }
    }
}
