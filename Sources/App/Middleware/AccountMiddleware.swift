import Vapor

/// Gives every API request an account (creating a guest one when needed) and sets the session
/// cookie on the response when it made one.
struct AccountMiddleware: AsyncMiddleware {
    let resolver = AccountResolver()

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let resolved = try await resolver.resolve(request)
        request.setAccountID(resolved.accountID)
        let response = try await next.respond(to: request)
        if let cookie = resolved.newCookie, response.cookies[AccountResolver.cookieName] == nil {
            response.cookies[AccountResolver.cookieName] = cookie
        }
        return response
    }
}
