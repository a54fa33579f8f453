import Fluent

struct CreateConversationMessage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ConversationMessage.schema)
            .id()
            .field("conversation_id", .uuid, .required, .references(Conversation.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("content", .string, .required)
            .field("mood", .string)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ConversationMessage.schema).delete()
    }
}
