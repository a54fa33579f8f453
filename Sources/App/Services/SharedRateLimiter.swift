import Foundation
import Logging
import SQLKit

/// A limit all instances share, counted in the database (PostgreSQL in a cluster), so N
/// instances behind nginx do not allow N times the limit.
///
/// Two fixed windows per key, the previous one weighted by how much of it the sliding window
/// still covers: the usual approximation of a sliding window in two rows. Only allowed attempts
/// are counted (as `KeyedRateLimiter` does); the check and the count are one conditional upsert,
/// so two instances cannot both take the last place. If the database cannot answer, the attempt
/// is allowed: the request will need the database anyway, and a limit must not lock people out.
struct SharedRateLimiter: RateLimiter {
    /// Keeps the keys of different limits apart in the one table.
    let name: String
    let limit: Int
    let window: Duration
    let database: any SQLDatabase
    let logger: Logger

    static let table = "rate_limit_windows"

    private struct Hits: Decodable {
        let hits: Int
    }

    func attempt(_ key: String) async -> Duration? {
        let width = Double(window.components.seconds)
        let now = Date().timeIntervalSince1970
        let current = Int64((now / width).rounded(.down))
        let elapsed = now - Double(current) * width
        let scopedKey = name + ":" + key
        let waitForNextWindow = Duration.seconds(max(1, (width - elapsed).rounded(.up)))
        do {
            let previous = try await database.raw("""
                SELECT hits FROM \(ident: Self.table) WHERE limit_key = \(bind: scopedKey) AND window_start = \(bind: current - 1)
                """).first(decoding: Hits.self)?.hits ?? 0
            let allowance = limit - Int((Double(previous) * (1 - elapsed / width)).rounded(.up))
            guard allowance > 0 else { return waitForNextWindow }
            let counted = try await database.raw("""
                INSERT INTO \(ident: Self.table) (limit_key, window_start, hits, expires_at)
                VALUES (\(bind: scopedKey), \(bind: current), 1, \(bind: Int64(Double(current + 2) * width)))
                ON CONFLICT (limit_key, window_start) DO UPDATE SET hits = \(ident: Self.table).hits + 1
                WHERE \(ident: Self.table).hits < \(bind: allowance)
                RETURNING hits
                """).all()
            return counted.isEmpty ? waitForNextWindow : nil
        } catch {
            logger.error("shared rate limit unavailable; attempt allowed", metadata: [
                "limit": "\(name)", "error": "\(String(reflecting: type(of: error)))",
            ])
            return nil
        }
    }

    /// Drops windows no limit looks at any more; run by the housekeeping loop.
    static func removeExpired(from database: any SQLDatabase, now: Date = Date()) async throws {
        try await database.raw("""
            DELETE FROM \(ident: table) WHERE expires_at < \(bind: Int64(now.timeIntervalSince1970))
            """).run()
    }
}
