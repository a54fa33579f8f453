import Fluent

struct CreateQuestionnaireResponse: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(QuestionnaireResponse.schema)
            .id()
            .field("account_id", .uuid, .required, .references(Account.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("answers", .string, .required)
            .field("score", .int, .required)
            .field("severity", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(QuestionnaireResponse.schema).delete()
    }
}
