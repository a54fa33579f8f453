import Fluent
import Vapor

/// Guest accounts, registration, sign-in and sign-out. Browsers are signed in by the session
/// cookie set here; other clients use the returned token as a bearer token.
struct AuthController: RouteCollection {
    let resolver = AccountResolver()

    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("api", "auth")
        auth.post("guest", use: createGuest)
        auth.post("login", use: login)
        auth.post("logout", use: logout)
        auth.grouped(AccountMiddleware()).post("register", use: register)
    }

    @Sendable
    func createGuest(req: Request) async throws -> TokenResponse {
        try await RateLimits.check(req.application.rateLimits.guestsPerAddress, key: req.clientAddress,
                                   what: "new accounts")
        let (accountID, token) = try await resolver.createGuest(kind: .bearer, on: req.db)
        req.logger.info("guest token issued", metadata: ["account": "\(accountID)"])
        return TokenResponse(token: token, account_id: accountID)
    }

    /// Turns the current guest account into a named one, keeping everything it owns. Every token
    /// from before is revoked (the one used, and one made for this very request when it came
    /// without any), so a session from before registration cannot be replayed.
    @Sendable
    func register(req: Request) async throws -> Response {
        let body = try req.content.decode(CredentialsRequest.self)
        let username = try CredentialRules.normalizedUsername(body.username)
        try CredentialRules.checkPassword(body.password, username: username)
        let accountID = try req.accountID
        guard let account = try await Account.find(accountID, on: req.db) else {
            throw APIError(status: .unauthorized, code: "unauthenticated", message: "Please sign in.")
        }
        guard account.kind == .guest else {
            throw APIError(status: .conflict, code: "already_registered", message: "This account already has a username.")
        }
        guard try await AccountCredential.query(on: req.db).filter(\.$username == username).first() == nil else {
            throw APIError(status: .conflict, code: "username_taken", message: "That username is taken; please choose another.")
        }
        let hash = try await req.password.async.hash(body.password)
        let (credential, token): (AccountCredential, String)
        do {
            (credential, token) = try await req.db.transaction { db in
                let credential = AccountCredential(accountID: accountID, username: username, passwordHash: hash)
                try await credential.create(on: db)
                account.kind = .registered
                try await account.save(on: db)
                try await AccountToken.query(on: db).filter(\.$account.$id == accountID).delete()
                return (credential, try await resolver.issueToken(for: accountID, kind: .session, on: db))
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw APIError(status: .conflict, code: "username_taken", message: "That username is taken; please choose another.")
        }
        req.logger.info("account registered", metadata: ["account": "\(accountID)"])
        return try signedIn(req, account: account, credential: credential, token: token)
    }

    @Sendable
    func login(req: Request) async throws -> Response {
        try await RateLimits.check(req.application.rateLimits.loginsPerAddress, key: req.clientAddress,
                                   what: "sign-in attempts")
        let body = try req.content.decode(CredentialsRequest.self)
        let username = (try? CredentialRules.normalizedUsername(body.username)) ?? ""
        guard let credential = try await AccountCredential.query(on: req.db).filter(\.$username == username).first() else {
            // The same work as a real check, so timing does not tell which usernames exist.
            _ = try? await req.password.async.verify(body.password, created: req.application.decoyPasswordHash)
            throw Self.invalidCredentials
        }
        if let lockedUntil = credential.lockedUntil, lockedUntil > Date() {
            throw Self.tooManyAttempts(retryAfter: lockedUntil.timeIntervalSinceNow)
        }
        guard try await req.password.async.verify(body.password, created: credential.passwordHash) else {
            credential.failedLogins += 1
            let delay = LoginBackoff.delaySeconds(afterFailures: credential.failedLogins)
            credential.lockedUntil = delay > 0 ? Date().addingTimeInterval(TimeInterval(delay)) : nil
            try await credential.save(on: req.db)
            req.logger.notice("failed sign-in", metadata: [
                "account": "\(credential.$account.id)", "failures": "\(credential.failedLogins)",
            ])
            throw Self.invalidCredentials
        }
        credential.failedLogins = 0
        credential.lockedUntil = nil
        try await credential.save(on: req.db)
        guard let account = try await Account.find(credential.$account.id, on: req.db) else { throw Self.invalidCredentials }
        let accountID = try account.requireID()
        let token = try await resolver.issueToken(for: accountID, kind: .session, on: req.db)
        req.logger.info("signed in", metadata: ["account": "\(accountID)"])
        var guestRecords: GuestRecordsOutcome?
        if let choice = body.guest_records, let guestID = try await guestSignedInBefore(req), guestID != accountID {
            guestRecords = try await GuestRecordsTransfer(
                database: req.db, connections: req.application.chatConnections, logger: req.logger
            ).apply(choice, from: guestID, to: accountID)
        }
        return try signedIn(req, account: account, credential: credential, token: token, guestRecords: guestRecords)
    }

    /// The guest account the request's cookie or token belongs to, if any. A stale or foreign
    /// credential is no reason to refuse a sign-in, so it just means "no guest".
    private func guestSignedInBefore(_ req: Request) async throws -> UUID? {
        guard let previous = try? await resolver.existing(req),
              let account = try await Account.find(previous.accountID, on: req.db), account.kind == .guest
        else { return nil }
        return previous.accountID
    }

    /// Revokes the token or cookie used and clears the cookie. Never creates an account.
    @Sendable
    func logout(req: Request) async throws -> Response {
        if let resolved = try await resolver.existing(req) {
            try await resolver.revoke(resolved.credential, on: req.db)
            req.logger.info("signed out", metadata: ["account": "\(resolved.accountID)"])
        }
        let response = Response(status: .noContent)
        response.cookies[AccountResolver.cookieName] = AccountResolver.expiredCookie
        return response
    }

    private func signedIn(
        _ req: Request, account: Account, credential: AccountCredential, token: String, guestRecords: GuestRecordsOutcome? = nil
    ) throws -> Response {
        let body = TokenResponse(token: token, account_id: try account.requireID(),
                                 account: try AccountResponse(account, credential: credential), guest_records: guestRecords)
        let response = Response(status: .ok)
        try response.content.encode(body)
        response.cookies[AccountResolver.cookieName] = resolver.sessionCookie(token, for: req)
        return response
    }

    static let invalidCredentials = APIError(status: .unauthorized, code: "invalid_credentials",
                                             message: "That username and password do not match.")

    static func tooManyAttempts(retryAfter: TimeInterval) -> APIError {
        .tooManyRequests(code: "too_many_attempts",
                         message: { "Too many sign-in attempts. Please wait \($0) seconds and try again." },
                         retryAfter: retryAfter)
    }
}

extension Application {
    private struct DecoyHashKey: StorageKey {
        typealias Value = String
    }

    /// A Bcrypt hash of a random password at the configured cost, checked when a username does
    /// not exist so that sign-in takes as long as for one that does.
    var decoyPasswordHash: String {
        get { storage[DecoyHashKey.self] ?? "" }
        set { storage[DecoyHashKey.self] = newValue }
    }
}
