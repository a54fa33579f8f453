import Foundation
import SQLKit
import Synchronization
import Vapor

/// At boot and then every hour until shutdown: the session sweep and the shared rate-limit
/// windows nobody looks at any more. Every instance runs it; each step is idempotent.
struct HousekeepingLifecycle: LifecycleHandler {
    static let interval: Duration = .seconds(3600)

    private final class Running: Sendable {
        let task = Mutex<Task<Void, Never>?>(nil)
    }
    private let running = Running()

    func didBootAsync(_ app: Application) async throws {
        let sweeper = SessionSweeper(database: app.db, connections: app.chatConnections,
                                     lifetime: AccountResolver.lifetime(app), logger: app.logger)
        let sql = app.db as? any SQLDatabase
        let logger = app.logger
        let task = Task {
            while !Task.isCancelled {
                do {
                    _ = try await sweeper.sweep()
                    if let sql { try await SharedRateLimiter.removeExpired(from: sql) }
                } catch {
                    logger.error("housekeeping failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
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
