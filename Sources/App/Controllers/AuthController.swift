import Vapor

/// Credentials for clients that are not browsers (apps, scripts, tests): a bearer token for a
/// new guest account. Browsers get the same guest account through the session cookie instead.
struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "auth").post("guest", use: createGuest)
    }

    @Sendable
    func createGuest(req: Request) async throws -> TokenResponse {
        let (accountID, token) = try await AccountResolver().createGuest(kind: .bearer, on: req.db)
        req.logger.info("guest token issued", metadata: ["account": "\(accountID)"])
        return TokenResponse(token: token, account_id: accountID)
    }
}
