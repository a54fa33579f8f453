import Vapor

/// The latest turns of one conversation, oldest first.
struct ConversationMessagesResponse: Content {
    struct Message: Content {
        var id: UUID
        var role: ConversationMessage.Role
        var content: String
        var mood: String?
        var status: String
        var created_at: Date?

        init(_ message: ConversationMessage) throws {
            id = try message.requireID()
            role = message.role
            content = message.content
            mood = message.mood
            status = message.status.rawValue
            created_at = message.createdAt
        }
    }

    var conversation_id: UUID
    var messages: [Message]
}
