import Fluent
import Foundation

/// A recorded safety event: who, where, how serious and what kind, never the words themselves.
final class RiskEvent: Model, @unchecked Sendable {
    static let schema = "risk_events"

    enum Source: String, Codable, Sendable {
        case userMessage = "user_message"
        case modelReply = "model_reply"
        case analysis
        case questionnaire
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "account_id") var account: Account
    @OptionalParent(key: "conversation_id") var conversation: Conversation?
    @Enum(key: "source") var source: Source
    @Field(key: "level") var level: String
    /// Comma-separated category names.
    @Field(key: "categories") var categories: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, accountID: UUID, conversationID: UUID?, source: Source, level: String, categories: String) {
        self.id = id
        self.$account.id = accountID
        self.$conversation.id = conversationID
        self.source = source
        self.level = level
        self.categories = categories
    }
}
