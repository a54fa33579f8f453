import Foundation

/// What a username and a password must be. Long passwords beat complexity rules (NIST SP
/// 800-63B), so the rules are a length range and a few obviously guessable cases.
enum CredentialRules {
    static let usernameLength = 3...32
    static let passwordLength = 10...128

    /// The stored form of a username (lowercased), or an error saying what is wrong.
    static func normalizedUsername(_ username: String) throws -> String {
        let trimmed = username.trimmingCharacters(in: .whitespaces)
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard usernameLength.contains(trimmed.count),
              trimmed.unicodeScalars.allSatisfy(allowed.contains) else {
            throw APIError(status: .unprocessableEntity, code: "invalid_username",
                           message: "A username has 3 to 32 letters, digits, dots, dashes or underscores.")
        }
        return trimmed.lowercased()
    }

    static func checkPassword(_ password: String, username: String) throws {
        guard passwordLength.contains(password.count) else {
            throw APIError(status: .unprocessableEntity, code: "weak_password",
                           message: "Please choose a password of 10 to 128 characters; a few words together work well.")
        }
        guard Set(password).count > 1, password.lowercased() != username.lowercased(),
              !password.lowercased().contains(username.lowercased()) else {
            throw APIError(status: .unprocessableEntity, code: "weak_password",
                           message: "That password is too easy to guess; please choose another.")
        }
    }
}
