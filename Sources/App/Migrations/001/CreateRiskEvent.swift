import Fluent

struct CreateRiskEvent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RiskEvent.schema)
            .id()
            .field("account_id", .uuid, .required, .references(Account.schema, .id, onDelete: .cascade))
            .field("conversation_id", .uuid, .references(Conversation.schema, .id, onDelete: .cascade))
            .field("source", .string, .required)
            .field("level", .string, .required)
            .field("categories", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RiskEvent.schema).delete()
    }
}
