import Vapor

/// `{"username", "password"}` for registering and signing in; sign-in also takes
/// `"guest_records": "move" | "erase"` for the guest account the request came from.
struct CredentialsRequest: Content {
    var username: String
    var password: String
    var guest_records: GuestRecordsChoice?
}
