import Fluent

struct CreateSafetyPlan: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SafetyPlan.schema)
            .id()
            .field("account_id", .uuid, .required, .references(Account.schema, .id, onDelete: .cascade))
            .field("plan_json", .string, .required)
            .field("updated_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "account_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SafetyPlan.schema).delete()
    }
}
