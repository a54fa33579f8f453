import Fluent
import Foundation

/// One ongoing chat. A reconnecting client names it to continue where it left off.
final class Conversation: Model, @unchecked Sendable {
    static let schema = "conversations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "account_id") var account: Account
    /// Supportive-mode state after a crisis was detected (`Safety.SupportMode` as JSON); nil when
    /// the conversation never needed it.
    @OptionalField(key: "support_mode") var supportModeJSON: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Children(for: \.$conversation) var messages: [ConversationMessage]

    init() {}

    init(id: UUID? = nil, accountID: UUID) {
        self.id = id
        self.$account.id = accountID
    }
}
