import Fluent

struct CreateAccountCredential: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountCredential.schema)
            .id()
            .field("account_id", .uuid, .required, .references(Account.schema, .id, onDelete: .cascade))
            .field("username", .string, .required)
            .field("password_hash", .string, .required)
            .field("failed_logins", .int, .required)
            .field("locked_until", .datetime)
            .field("created_at", .datetime)
            .unique(on: "username")
            .unique(on: "account_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccountCredential.schema).delete()
    }
}
