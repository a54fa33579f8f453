import Fluent
import Vapor

/// Finds the account behind a request: a bearer token, else the session cookie. A visitor with
/// neither gets a new guest account and a session cookie, so even an anonymous person's records
/// have an owner and nobody else can read them.
struct AccountResolver: Sendable {
    static let cookieName = "depresso_session"
    /// How long a browser keeps its guest session.
    static let cookieLifetime = 180 * 24 * 3600

    /// How the request proved who it is.
    enum Credential: Sendable, Equatable {
        case bearer(tokenHash: String)
        case session(tokenHash: String)
        /// No credential came: a guest account was created for it just now.
        case newGuest
    }

    struct Resolved: Sendable {
        var accountID: UUID
        var credential: Credential
        /// Set when a guest account was just created: the cookie to send with the response.
        var newCookie: HTTPCookies.Value?
    }

    /// The account of the request's bearer token or session cookie, if it has a valid one.
    func existing(_ req: Request) async throws -> Resolved? {
        if let token = req.headers.bearerAuthorization?.token {
            guard let accountID = try await accountID(forToken: token, on: req.db) else {
                throw APIError(status: .unauthorized, code: "invalid_token", message: "The sign-in token is not valid.")
            }
            return Resolved(accountID: accountID, credential: .bearer(tokenHash: Self.hash(token)), newCookie: nil)
        }
        if let token = req.cookies[Self.cookieName]?.string,
           let accountID = try await accountID(forToken: token, on: req.db) {
            return Resolved(accountID: accountID, credential: .session(tokenHash: Self.hash(token)), newCookie: nil)
        }
        return nil
    }

    /// The request's account, or a new guest account (rate-limited per address) with its cookie.
    func resolve(_ req: Request) async throws -> Resolved {
        if let existing = try await existing(req) { return existing }
        try await RateLimits.check(req.application.rateLimits.guestsPerAddress, key: req.clientAddress,
                                   what: "new sessions")
        let (accountID, token) = try await createGuest(kind: .session, on: req.db)
        req.logger.info("guest account created", metadata: ["account": "\(accountID)"])
        return Resolved(accountID: accountID, credential: .newGuest, newCookie: sessionCookie(token, for: req))
    }

    /// A new token for `accountID`, stored hashed; the caller hands it out once.
    func issueToken(for accountID: UUID, kind: AccountToken.Kind, on database: any Database) async throws -> String {
        let token = Self.newToken()
        try await AccountToken(accountID: accountID, tokenHash: Self.hash(token), kind: kind).create(on: database)
        return token
    }

    /// Revokes the token a request used, so a stolen copy of it stops working too.
    func revoke(_ credential: Credential, on database: any Database) async throws {
        switch credential {
        case .bearer(let hash), .session(let hash):
            try await AccountToken.query(on: database).filter(\.$tokenHash == hash).delete()
        case .newGuest:
            break
        }
    }

    /// A new guest account and one token for it.
    func createGuest(kind: AccountToken.Kind, on database: any Database) async throws -> (UUID, String) {
        try await database.transaction { db in
            let account = Account(kind: .guest)
            try await account.create(on: db)
            let token = try await issueToken(for: try account.requireID(), kind: kind, on: db)
            return (try account.requireID(), token)
        }
    }

    private func accountID(forToken token: String, on database: any Database) async throws -> UUID? {
        guard token.count <= 128 else { return nil }
        return try await AccountToken.query(on: database).filter(\.$tokenHash == Self.hash(token)).first()?.$account.id
    }

    func sessionCookie(_ token: String, for req: Request) -> HTTPCookies.Value {
        let secure = req.headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https" || req.url.scheme == "https"
        return HTTPCookies.Value(string: token, maxAge: Self.cookieLifetime, path: "/", isSecure: secure,
                                 isHTTPOnly: true, sameSite: .lax)
    }

    /// Tells the browser to forget its session cookie.
    static var expiredCookie: HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                          isHTTPOnly: true, sameSite: .lax)
    }

    /// 256 bits from the system's cryptographic generator.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        for _ in 0..<4 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64URLEncodedString()
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hex
    }
}

extension Data {
    func base64URLEncodedString() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension Request {
    private struct AccountKey: StorageKey {
        typealias Value = UUID
    }

    /// The account the current request acts for; set by `AccountMiddleware`.
    var accountID: UUID {
        get throws {
            guard let id = storage[AccountKey.self] else {
                throw APIError(status: .unauthorized, code: "unauthenticated", message: "Please sign in.")
            }
            return id
        }
    }

    func setAccountID(_ id: UUID) {
        storage[AccountKey.self] = id
    }
}
