import Fluent

struct CreateMediaAnalysis: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MediaAnalysis.schema)
            .id()
            .field("account_id", .uuid, .required, .references(Account.schema, .id, onDelete: .cascade))
            .field("file_id", .uuid, .required)
            .field("media_type", .string, .required)
            .field("byte_size", .int, .required)
            .field("result_json", .string, .required)
            .field("risk_level", .string, .required)
            .field("stored_path", .string)
            .field("created_at", .datetime)
            .unique(on: "file_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MediaAnalysis.schema).delete()
    }
}
