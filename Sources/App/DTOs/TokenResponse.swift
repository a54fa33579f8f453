import Vapor

/// `{"token", "account_id", "account"?, "guest_records"?}`; the token is shown once and stored only
/// as a hash. `guest_records` says what became of the previous guest's records at sign-in.
struct TokenResponse: Content {
    var token: String
    var account_id: UUID
    var account: AccountResponse?
    var guest_records: GuestRecordsOutcome?
}
