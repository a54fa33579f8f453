import Fluent
import Foundation

/// A credential of an account: the browser's session cookie or a bearer token. Only a SHA-256
/// of the token is stored, so a copy of the database does not let anyone sign in.
final class AccountToken: Model, @unchecked Sendable {
    static let schema = "account_tokens"

    enum Kind: String, Codable, Sendable {
        case session
        case bearer
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "account_id") var account: Account
    @Field(key: "token_hash") var tokenHash: String
    @Enum(key: "kind") var kind: Kind
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// The last use, to the day: what a session's lifetime counts from.
    @Field(key: "last_seen_at") var lastSeenAt: Date?

    init() {}

    init(id: UUID? = nil, accountID: UUID, tokenHash: String, kind: Kind) {
        self.id = id
        self.$account.id = accountID
        self.tokenHash = tokenHash
        self.kind = kind
        self.lastSeenAt = Date()
    }
}
