import Fluent
import Foundation
import SQLKit
import Vapor

/// Revokes tokens unused for the session lifetime, then erases the guest accounts left without
/// any: nobody can reach a guest's records again once its last token is gone (a guest has no
/// password), so keeping that health data would only keep it exposed. Named accounts stay; their
/// owners sign in again. Safe to run on every instance at once: each step is idempotent.
struct SessionSweeper: Sendable {
    var database: any Database
    var connections: ChatConnections
    var lifetime: TimeInterval
    var logger: Logger

    struct Outcome: Equatable, Sendable {
        var revokedTokens: Int
        var erasedGuests: Int
    }

    /// Guests erased per sweep, so one sweep after a long pause stays a bounded amount of work.
    static let guestsPerSweep = 500

    func sweep(now: Date = Date()) async throws -> Outcome {
        let cutoff = now.addingTimeInterval(-lifetime)
        let revoked = try await AccountToken.query(on: database).filter(\.$lastSeenAt < cutoff).count()
        if revoked > 0 { try await AccountToken.query(on: database).filter(\.$lastSeenAt < cutoff).delete() }

        let eraser = AccountEraser(database: database, connections: connections, logger: logger)
        let unreachable = try await guestsWithoutTokens()
        for guestID in unreachable {
            try await eraser.erase(accountID: guestID)
        }
        if revoked > 0 || !unreachable.isEmpty {
            logger.info("sessions swept", metadata: ["revoked_tokens": "\(revoked)", "erased_guests": "\(unreachable.count)"])
        }
        return Outcome(revokedTokens: revoked, erasedGuests: unreachable.count)
    }

    private func guestsWithoutTokens() async throws -> [UUID] {
        guard let sql = database as? any SQLDatabase else { return [] }
        return try await sql.select()
            .column(SQLColumn("id", table: Account.schema))
            .from(Account.schema)
            .where(SQLColumn("kind", table: Account.schema), .equal, SQLBind(Account.Kind.guest.rawValue))
            .where(SQLRaw("NOT EXISTS (SELECT 1 FROM \(AccountToken.schema) WHERE \(AccountToken.schema).account_id = \(Account.schema).id)"))
            .limit(Self.guestsPerSweep)
            .all()
            .map { try $0.decode(column: "id", as: UUID.self) }
    }
}
