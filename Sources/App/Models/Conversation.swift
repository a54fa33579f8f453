import Fluent
import Foundation

/// One ongoing chat. A reconnecting client names it to continue where it left off.
final class Conversation: Model, @unchecked Sendable {
    static let schema = "conversations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "account_id") var account: Account
    /// Turns still to be answered in supportive mode after a crisis was detected.
    @Field(key: "support_turns_remaining") var supportTurnsRemaining: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Children(for: \.$conversation) var messages: [ConversationMessage]

    init() {}

    init(id: UUID? = nil, accountID: UUID, supportTurnsRemaining: Int = 0) {
        self.id = id
        self.$account.id = accountID
        self.supportTurnsRemaining = supportTurnsRemaining
    }
}
