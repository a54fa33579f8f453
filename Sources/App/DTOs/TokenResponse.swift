import Vapor

/// `{"token", "account_id", "account"?}`; the token is shown once and stored only as a hash.
struct TokenResponse: Content {
    var token: String
    var account_id: UUID
    var account: AccountResponse?
}
