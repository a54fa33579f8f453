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

    enum Status: String, Codable, Sendable {
        /// The reply ran to its end.
        case complete
        /// The reply was cut short (disconnect, new message, shutdown); the text is what was sent.
        case interrupted
        /// The fixed crisis-support reply, written by people, not generated.
        case safetyReply = "safety_reply"
        /// A generated reply that the output screen stopped; the text is the safe replacement.
        case replaced
        /// The model failed before completing; the text is what was sent.
        case failed
    }

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
