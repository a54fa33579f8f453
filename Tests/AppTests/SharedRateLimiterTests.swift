@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// The limiter instances share through the database: what one counts, the others see.
@Suite("Shared rate limits", .serialized)
struct SharedRateLimiterTests {
    private static func limiter(_ app: Application, name: String = "logins_per_address", limit: Int) throws -> SharedRateLimiter {
        let sql = try #require(app.db as? any SQLDatabase)
        return SharedRateLimiter(name: name, limit: limit, window: .seconds(60), database: sql, logger: app.logger)
    }

    @Test("two instances counting in one database allow the limit once between them", arguments: TestDatabase.allCases)
    func sharedBetweenInstances(database: TestDatabase) async throws {
        try await withApp(database: database) { app in
            let first = try Self.limiter(app, limit: 3)
            let second = try Self.limiter(app, limit: 3)
            #expect(await first.attempt("10.0.0.7") == nil)
            #expect(await second.attempt("10.0.0.7") == nil)
            #expect(await first.attempt("10.0.0.7") == nil)
            let refused = try #require(await second.attempt("10.0.0.7"))
            #expect(refused > .zero && refused <= .seconds(60))
            #expect(await first.attempt("10.0.0.7") != nil)
            // Refused attempts are not counted; other keys and other limits have their own counts.
            let sql = try #require(app.db as? any SQLDatabase)
            let counted = try await sql.raw("SELECT hits FROM rate_limit_windows").all().map { try $0.decode(column: "hits", as: Int.self) }
            #expect(counted.reduce(0, +) == 3)
            #expect(await second.attempt("10.0.0.8") == nil)
            #expect(try await Self.limiter(app, name: "uploads_per_address", limit: 3).attempt("10.0.0.7") == nil)
        }
    }

    @Test("a full previous window still holds back the next one", arguments: TestDatabase.allCases)
    func previousWindowCounts(database: TestDatabase) async throws {
        try await withApp(database: database) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let previous = Int64((Date().timeIntervalSince1970 / 60).rounded(.down)) - 1
            // Far over the limit: even a few milliseconds of overlap left carry more than 10.
            try await sql.raw("""
                INSERT INTO rate_limit_windows (limit_key, window_start, hits, expires_at)
                VALUES ('logins_per_address:10.0.0.9', \(bind: previous), 100000, \(bind: (previous + 3) * 60))
                """).run()
            #expect(try await Self.limiter(app, limit: 10).attempt("10.0.0.9") != nil)
            #expect(try await Self.limiter(app, limit: 10).attempt("10.0.0.10") == nil)
        }
    }

    @Test("windows nobody looks at any more are removed", arguments: TestDatabase.allCases)
    func removeExpired(database: TestDatabase) async throws {
        try await withApp(database: database) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let now = Int64(Date().timeIntervalSince1970)
            try await sql.raw("""
                INSERT INTO rate_limit_windows (limit_key, window_start, hits, expires_at)
                VALUES ('old', 1, 5, \(bind: now - 10)), ('live', 2, 5, \(bind: now + 100))
                """).run()
            try await SharedRateLimiter.removeExpired(from: sql)
            let keys = try await sql.raw("SELECT limit_key FROM rate_limit_windows").all().map { try $0.decode(column: "limit_key", as: String.self) }
            #expect(keys == ["live"])
        }
    }
}
