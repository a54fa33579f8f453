import Vapor

/// `{"token": ..., "account_id": ...}`; the token is shown once and stored only as a hash.
struct TokenResponse: Content {
    var token: String
    var account_id: UUID
}
