import Chat
import Fluent
import Foundation

/// A stored turn. The user's message is stored before generation starts and the reply once it
/// ends, so a crash or a disconnect never loses what the person said.
final class ConversationMessage: Model, @unchecked Sendable {
    static let schema = "conversation_messages"

    enum Role: String, Codable, Sendable {
        case user
        case assistant
    }

    typealias Status = StoredMessage.Status

    @ID(key: .id) var id: UUID?
    @Parent(key: "conversation_id") var conversation: Conversation
    @Enum(key: "role") var role: Role
    @Field(key: "content") var content: String
    @OptionalField(key: "mood") var mood: String?
    @Enum(key: "status") var status: Status
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, conversationID: UUID, role: Role, content: String, mood: String? = nil, status: Status) {
        self.id = id
        self.$conversation.id = conversationID
        self.role = role
        self.content = content
        self.mood = mood
        self.status = status
    }
}
