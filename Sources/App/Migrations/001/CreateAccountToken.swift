import Fluent

struct CreateAccountToken: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountToken.schema)
            .id()
            .field("account_id", .uuid, .required, .references(Account.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccountToken.schema).delete()
    }
}
