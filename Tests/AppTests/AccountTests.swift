@testable import App
import Chat
import Fluent
import Foundation
import Testing
import Vapor

/// Accounts as a browser and as an app use them, through the real router, on both databases.
@Suite("Accounts", .serialized)
struct AccountTests {
    static let password = "quiet morning walks"

    static func scripted() async throws -> AppServices {
        try await AppServices.test().with(chatModel: ScriptedChatModel(tokens: ["I'm", " here", " with", " you."]))
    }

    @Test("a browser with no cookie gets a guest account and an HttpOnly SameSite=Lax cookie, kept over HTTP and the socket",
          arguments: TestDatabase.allCases)
    func guestCookieFlow(database: TestDatabase) async throws {
        try await withRunningApp(database: database, services: try await Self.scripted()) { app, port in
            let browser = APIClient(app: app, port: port)
            let first = try await browser.send(.GET, "/api/me")
            #expect(first.status == .ok)
            #expect(first.object["kind"]?.string == "guest")
            let setCookie = try #require(first.headers.first(name: .setCookie))
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(!setCookie.contains("Secure"), "plain HTTP on loopback: the cookie would never come back")
            let id = try await browser.accountID()
            #expect(first.object["id"]?.string == id.uuidString)
            #expect(try await Account.query(on: app.db).count() == 1)

            // Behind a TLS proxy the cookie is Secure.
            let behindTLS = try await APIClient(app: app, port: port).send(.GET, "/api/me", headers: ["X-Forwarded-Proto": "https"])
            #expect(behindTLS.headers.first(name: .setCookie)?.contains("Secure") == true)

            // The socket opened with the cookie chats as the same account.
            let socket = try await browser.chat()
            _ = try await socket.next()
            try await socket.send(["type": "chat_message", "content": "Hello there", "mood": "tired"])
            _ = try await socket.collectReply()
            try await socket.close()
            let export = try await browser.send(.GET, "/api/me/export")
            let messages = export.object["conversations"]?.array?.first?.object?["messages"]?.array ?? []
            #expect(messages.first?.object?["content"]?.string == "Hello there")
            #expect(messages.first?.object?["mood"]?.string == "tired")

            // A socket opened without a cookie sets one on the upgrade response itself.
            let upgrade = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/ws/chat/"), headers: [
                "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            ])
            #expect(upgrade.status == .switchingProtocols)
            #expect(upgrade.headers.setCookie?[AccountResolver.cookieName] != nil)
            // Let the server finish with both sockets before the application shuts down.
            await app.chatConnections.waitUntilClosed(total: 2)
            #expect(try await Conversation.query(on: app.db).count() == 2)
        }
    }

    @Test("registering keeps the guest's data, replaces its token, and the rules are enforced",
          arguments: TestDatabase.allCases)
    func register(database: TestDatabase) async throws {
        try await withRunningApp(database: database) { app, port in
            let client = APIClient(app: app, port: port)
            let guest = try await client.send(.POST, "/api/auth/guest")
            let guestToken = try #require(guest.object["token"]?.string)
            client.bearer = guestToken
            #expect(try await client.send(.POST, "/api/questionnaires/phq9", json: ["answers": [1, 1, 1, 1, 1, 1, 1, 1, 0]]).status == .created)

            for (username, password, code) in [
                ("ab", Self.password, "invalid_username"), ("no spaces", Self.password, "invalid_username"),
                ("robin", "short", "weak_password"), ("robin", "aaaaaaaaaaaa", "weak_password"),
                ("robin", "robin-robin-robin", "weak_password"),
            ] {
                let refused = try await client.send(.POST, "/api/auth/register", json: ["username": username, "password": password])
                #expect(refused.status == .unprocessableEntity, "\(username)")
                #expect(refused.errorCode == code, "\(username)")
            }

            let registered = try await client.send(.POST, "/api/auth/register", json: ["username": "Robin", "password": Self.password])
            #expect(registered.status == .ok)
            #expect(registered.object["account"]?.object?["username"]?.string == "robin")
            #expect(registered.object["account"]?.object?["kind"]?.string == "registered")
            let newToken = try #require(registered.object["token"]?.string)
            #expect(newToken != guestToken)

            // The old token no longer works; the new one sees the same data.
            #expect(try await client.send(.GET, "/api/me").errorCode == "invalid_token")
            client.bearer = newToken
            let export = try await client.send(.GET, "/api/me/export")
            #expect(export.object["questionnaires"]?.array?.count == 1)
            #expect(try await client.send(.POST, "/api/auth/register", json: ["username": "robin2", "password": Self.password])
                .errorCode == "already_registered")

            // Usernames are unique without regard to case.
            let other = APIClient(app: app, port: port)
            let taken = try await other.send(.POST, "/api/auth/register", json: ["username": "ROBIN", "password": Self.password])
            #expect(taken.status == .conflict)
            #expect(taken.errorCode == "username_taken")
            // The password is stored as a Bcrypt hash, never as given.
            let stored = try #require(try await AccountCredential.query(on: app.db).first())
            #expect(stored.passwordHash.hasPrefix("$2"))
            #expect(!stored.passwordHash.contains(Self.password))
        }
    }

    @Test("sign-in and sign-out, and guessing is slowed down per username", arguments: TestDatabase.allCases)
    func loginAndBackoff(database: TestDatabase) async throws {
        try await withRunningApp(database: database) { app, port in
            let owner = APIClient(app: app, port: port)
            _ = try await owner.send(.POST, "/api/auth/register", json: ["username": "sam", "password": Self.password])
            let ownerID = try await owner.accountID()

            let browser = APIClient(app: app, port: port)
            let signedIn = try await browser.send(.POST, "/api/auth/login", json: ["username": "Sam", "password": Self.password])
            #expect(signedIn.status == .ok)
            #expect(try await browser.accountID() == ownerID)

            // Sign-out revokes the cookie's token: replaying it finds no account.
            let cookie = try #require(browser.cookie)
            #expect(try await browser.send(.POST, "/api/auth/logout").status == .noContent)
            #expect(browser.cookie == nil)
            let replay = APIClient(app: app, port: port)
            replay.cookie = cookie
            #expect(try await replay.accountID() != ownerID)

            // Unknown usernames and wrong passwords answer alike.
            let unknown = try await browser.send(.POST, "/api/auth/login", json: ["username": "nobody", "password": Self.password])
            #expect(unknown.status == .unauthorized)
            #expect(unknown.errorCode == "invalid_credentials")

            // The first failures cost nothing; then even the right password waits.
            for _ in 0..<LoginBackoff.freeFailures {
                let wrong = try await browser.send(.POST, "/api/auth/login", json: ["username": "sam", "password": "not the password"])
                #expect(wrong.errorCode == "invalid_credentials")
            }
            let locked = try await browser.send(.POST, "/api/auth/login", json: ["username": "sam", "password": Self.password])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.errorCode == "too_many_attempts")
            #expect(Int(locked.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
            let credential = try #require(try await AccountCredential.query(on: app.db).first())
            #expect(credential.failedLogins == LoginBackoff.freeFailures)

            // Once the wait is over, the right password works and the count resets.
            credential.lockedUntil = Date().addingTimeInterval(-1)
            try await credential.save(on: app.db)
            #expect(try await browser.send(.POST, "/api/auth/login", json: ["username": "sam", "password": Self.password]).status == .ok)
            #expect(try await AccountCredential.query(on: app.db).first()?.failedLogins == 0)
        }
    }

    @Test("back-off doubles after the free failures, up to 15 minutes")
    func backoffCurve() {
        #expect((0...2).map(LoginBackoff.delaySeconds(afterFailures:)) == [0, 0, 0])
        #expect((3...6).map(LoginBackoff.delaySeconds(afterFailures:)) == [1, 2, 4, 8])
        #expect(LoginBackoff.delaySeconds(afterFailures: 40) == 900)
    }

    // On PostgreSQL the limits are counted in the database (shared by instances), on SQLite in memory.
    @Test("sign-in attempts and new guest accounts are limited per address", arguments: TestDatabase.allCases)
    func perAddressLimits(database: TestDatabase) async throws {
        try await withRunningApp(database: database, configure: {
            $0.rateLimits.loginsPerAddressPerMinute = 3
            $0.rateLimits.guestsPerAddressPerMinute = 2
        }) { app, port in
            let client = APIClient(app: app, port: port)
            var statuses: [UInt] = []
            for _ in 0..<4 {
                statuses.append(try await client.send(.POST, "/api/auth/login", json: ["username": "x\(statuses.count)yz", "password": "whatever it is"]).status.code)
            }
            #expect(statuses == [401, 401, 401, 429])
            #expect(try await client.send(.POST, "/api/auth/guest").status == .ok)
            // The cookie-less GET creates the second guest; the third is refused.
            #expect(try await APIClient(app: app, port: port).send(.GET, "/api/me").status == .ok)
            let third = try await APIClient(app: app, port: port).send(.GET, "/api/me")
            #expect(third.status == .tooManyRequests)
            #expect(third.headers.first(name: "Retry-After") != nil)
            #expect(try await Account.query(on: app.db).count() == 2)
        }
    }

    @Test("uploads are limited per account", arguments: TestDatabase.allCases)
    func uploadLimit(database: TestDatabase) async throws {
        try await withRunningApp(database: database, configure: { $0.rateLimits.uploadsPerAccountPerMinute = 1 }) { app, port in
            let client = APIClient(app: app, port: port)
            _ = try await client.accountID()
            #expect(try await client.upload("astronaut.png").status == .ok)
            let second = try await client.upload("astronaut.png")
            #expect(second.status == .tooManyRequests)
            #expect(second.errorCode == "rate_limited")
            #expect(try await MediaAnalysis.query(on: app.db).count() == 1)
        }
    }

    @Test("chat messages are limited per account across its sockets", arguments: TestDatabase.allCases)
    func chatLimitPerAccount(database: TestDatabase) async throws {
        try await withRunningApp(database: database, services: try await Self.scripted(), configure: {
            $0.rateLimits.chatMessagesPerAccountPerMinute = 2
        }) { app, port in
            let client = APIClient(app: app, port: port)
            _ = try await client.accountID()
            let first = try await client.chat()
            let second = try await client.chat()
            _ = try await first.next()
            _ = try await second.next()
            try await first.send(["type": "chat_message", "content": "one"])
            _ = try await first.collectReply()
            try await second.send(["type": "chat_message", "content": "two"])
            _ = try await second.collectReply()
            try await first.send(["type": "chat_message", "content": "three"])
            let refused = try await first.next()
            #expect(refused["type"]?.string == "error")
            #expect(refused["code"]?.string == "rate_limited")
            try await first.close()
            try await second.close()
        }
    }

    @Test("chat messages are limited per address across accounts", arguments: TestDatabase.allCases)
    func chatLimitPerAddress(database: TestDatabase) async throws {
        try await withRunningApp(database: database, services: try await Self.scripted(), configure: {
            $0.rateLimits.chatMessagesPerAddressPerMinute = 2
        }) { app, port in
            var sockets: [TestChatClient] = []
            for _ in 0..<3 {
                let client = APIClient(app: app, port: port)
                _ = try await client.accountID()
                let socket = try await client.chat()
                _ = try await socket.next()
                sockets.append(socket)
            }
            for socket in sockets.prefix(2) {
                try await socket.send(["type": "chat_message", "content": "hello"])
                _ = try await socket.collectReply()
            }
            try await sockets[2].send(["type": "chat_message", "content": "hello"])
            #expect(try await sockets[2].next()["code"]?.string == "rate_limited")
            for socket in sockets { try await socket.close() }
        }
    }

    @Test("state-changing requests with the cookie from a foreign page are refused; same origin and bearer pass",
          arguments: TestDatabase.allCases)
    func originChecks(database: TestDatabase) async throws {
        try await withRunningApp(database: database) { app, port in
            let browser = APIClient(app: app, port: port)
            _ = try await browser.accountID()
            browser.origin = "https://evil.example"
            let forged = try await browser.send(.POST, "/api/questionnaires/phq2", json: ["answers": [3, 3]])
            #expect(forged.status == .forbidden)
            #expect(forged.errorCode == "origin_not_allowed")
            #expect(try await browser.send(.DELETE, "/api/me").status == .forbidden)
            #expect(try await QuestionnaireResponse.query(on: app.db).count() == 0)
            #expect(try await Account.query(on: app.db).count() == 1)

            browser.origin = "http://127.0.0.1:\(port)"
            #expect(try await browser.send(.POST, "/api/questionnaires/phq2", json: ["answers": [3, 3]]).status == .created)
            browser.origin = "http://localhost:3000"
            #expect(try await browser.send(.POST, "/api/questionnaires/phq2", json: ["answers": [0, 0]]).status == .created)

            let app2 = APIClient(app: app, port: port, origin: "https://evil.example")
            app2.bearer = try #require(try await APIClient(app: app, port: port).send(.POST, "/api/auth/guest").object["token"]?.string)
            #expect(try await app2.send(.POST, "/api/questionnaires/phq2", json: ["answers": [1, 0]]).status == .created)
        }
    }

    @Test("responses carry security headers; API replies are never cached")
    func securityHeaders() async throws {
        try await withRunningApp { app, port in
            let reply = try await APIClient(app: app, port: port).send(.GET, "/api/me")
            #expect(reply.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(reply.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(reply.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            #expect(reply.headers.first(name: .cacheControl) == "no-store")
            let error = try await APIClient(app: app, port: port).send(.POST, "/api/auth/login", body: ByteBuffer(string: "{nope"))
            #expect(error.status == .badRequest || error.status == .unsupportedMediaType)
            #expect(error.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(!error.body.contains("/work/") && !error.body.contains(".swift"))
        }
    }
}
