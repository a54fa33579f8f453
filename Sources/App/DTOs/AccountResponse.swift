import Vapor

/// An account as the client sees it: never a password hash or a token.
struct AccountResponse: Content {
    var id: UUID
    var kind: Account.Kind
    var username: String?
    var created_at: Date?
    /// The country chosen for crisis lines, if any.
    var country: String?

    init(_ account: Account, credential: AccountCredential?) throws {
        id = try account.requireID()
        kind = account.kind
        username = credential?.username
        created_at = account.createdAt
        country = account.country
    }
}
