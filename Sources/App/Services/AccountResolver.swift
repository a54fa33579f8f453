import Fluent
import Vapor

/// Finds the account behind a request: a bearer token, else the session cookie. A visitor with
/// neither gets a new guest account and a session cookie, so even an anonymous person's records
/// have an owner and nobody else can read them.
///
/// A token lives `sessionLifetimeDays` from its last use. Its last-seen day is written at most once
/// a day (not a write per request), and a cookie session then gets its cookie again with a fresh
/// lifetime, so a person who keeps coming back never loses their session.
struct AccountResolver: Sendable {
    static let cookieName = "depresso_session"
    /// How often a token's last use is written down.
    static let touchInterval: TimeInterval = 24 * 3600

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
        /// Set when a guest account was just created or the session renewed: the cookie to send
        /// with the response.
        var newCookie: HTTPCookies.Value?
    }

    /// The account of the request's bearer token or session cookie, if it has a valid one.
    func existing(_ req: Request) async throws -> Resolved? {
        if let token = req.headers.bearerAuthorization?.token {
            guard let (accountID, _) = try await use(token, req) else {
                throw APIError(status: .unauthorized, code: "invalid_token", message: "The sign-in token is not valid.")
            }
            return Resolved(accountID: accountID, credential: .bearer(tokenHash: Self.hash(token)), newCookie: nil)
        }
        if let token = req.cookies[Self.cookieName]?.string, let (accountID, renewed) = try await use(token, req) {
            return Resolved(accountID: accountID, credential: .session(tokenHash: Self.hash(token)),
                            newCookie: renewed ? sessionCookie(token, for: req) : nil)
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

    /// The token's account, unless the token is unknown or has outlived its lifetime unused; and
    /// whether its last use was written down just now (a cookie is then renewed).
    private func use(_ token: String, _ req: Request) async throws -> (UUID, renewed: Bool)? {
        guard token.count <= 128,
              let stored = try await AccountToken.query(on: req.db).filter(\.$tokenHash == Self.hash(token)).first()
        else { return nil }
        let now = Date()
        let lastSeen = stored.lastSeenAt ?? stored.createdAt ?? .distantPast
        guard now.timeIntervalSince(lastSeen) < Self.lifetime(req.application) else { return nil }
        guard now.timeIntervalSince(lastSeen) >= Self.touchInterval else { return (stored.$account.id, false) }
        stored.lastSeenAt = now
        try await stored.save(on: req.db)
        return (stored.$account.id, true)
    }

    static func lifetime(_ app: Application) -> TimeInterval {
        TimeInterval(app.appConfiguration.accounts.sessionLifetimeDays) * 24 * 3600
    }

    func sessionCookie(_ token: String, for req: Request) -> HTTPCookies.Value {
        let secure = req.headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https" || req.url.scheme == "https"
        return HTTPCookies.Value(string: token, maxAge: Int(Self.lifetime(req.application)), path: "/", isSecure: secure,
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
