import Fluent
import Foundation
import SQLKit
import Synchronization
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
        let expired = AccountToken.query(on: database).filter(\.$lastSeenAt < cutoff)
        let revoked = try await expired.count()
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

/// Sweeps at boot and then every hour until shutdown.
struct SessionSweepLifecycle: LifecycleHandler {
    static let interval: Duration = .seconds(3600)

    private final class Running: Sendable {
        let task = Mutex<Task<Void, Never>?>(nil)
    }
    private let running = Running()

    func didBootAsync(_ app: Application) async throws {
        let sweeper = SessionSweeper(database: app.db, connections: app.chatConnections,
                                     lifetime: AccountResolver.lifetime(app), logger: app.logger)
        let task = Task {
            while !Task.isCancelled {
                do {
                    _ = try await sweeper.sweep()
                } catch {
                    app.logger.error("session sweep failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
                }
                try? await Task.sleep(for: Self.interval)
            }
        }
        running.task.withLock { $0 = task }
    }

    func shutdownAsync(_ app: Application) async {
        let task = running.task.withLock { $0 }
        task?.cancel()
        await task?.value
    }
}
