import Fluent

struct CreateDailyLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DailyLog.schema)
            .id()
            .field("account_id", .uuid, .required, .references(Account.schema, .id, onDelete: .cascade))
            .field("day", .string, .required)
            .field("mood", .int, .required)
            .field("activities", .string, .required)
            .field("sleep_hours", .double, .required)
            .field("note", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "account_id", "day")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DailyLog.schema).delete()
    }
}
