import Fluent
import Foundation

/// The sign-in of a registered account: a unique username and a Bcrypt hash of the password.
/// Kept apart from `Account` so a guest account has no credential row at all, and with the
/// failed-login count that slows password guessing for this username on every instance.
final class AccountCredential: Model, @unchecked Sendable {
    static let schema = "account_credentials"

    @ID(key: .id) var id: UUID?
    @Parent(key: "account_id") var account: Account
    /// Lowercased, so "Sam" and "sam" are one name.
    @Field(key: "username") var username: String
    @Field(key: "password_hash") var passwordHash: String
    /// Failed sign-ins since the last successful one.
    @Field(key: "failed_logins") var failedLogins: Int
    /// No sign-in attempt is checked before this time.
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, accountID: UUID, username: String, passwordHash: String) {
        self.id = id
        self.$account.id = accountID
        self.username = username
        self.passwordHash = passwordHash
        self.failedLogins = 0
        self.lockedUntil = nil
    }
}
