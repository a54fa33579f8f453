import Vapor

/// `{"username", "password"}` for registering and signing in.
struct CredentialsRequest: Content {
    var username: String
    var password: String
}
