import Fluent

/// Rate-limit counters shared by all instances (see `SharedRateLimiter`).
struct CreateRateLimitWindow: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SharedRateLimiter.table)
            .field("limit_key", .string, .required)
            .field("window_start", .int64, .required)
            .field("hits", .int, .required)
            .field("expires_at", .int64, .required)
            .unique(on: "limit_key", "window_start")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SharedRateLimiter.table).delete()
    }
}
