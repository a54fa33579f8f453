import Vapor

/// Refuses requests a page of another origin makes with this site's cookie: the WebSocket
/// upgrade (cross-site WebSocket hijacking) and state-changing API calls (cross-site request
/// forgery). Requests with a bearer token carry no ambient credential and are not checked.
struct OriginCheckMiddleware: AsyncMiddleware {
    enum Scope: Sendable {
        /// Every request, such as the chat socket's upgrade (a GET).
        case allRequests
        /// POST, PUT, PATCH and DELETE.
        case stateChanging
    }

    var scope: Scope

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let checked = switch scope {
        case .allRequests: true
        case .stateChanging: ![.GET, .HEAD, .OPTIONS].contains(request.method) && request.headers.bearerAuthorization == nil
        }
        if checked, !OriginPolicy(allowedOrigins: request.application.appConfiguration.corsAllowedOrigins).allows(request) {
            request.logger.notice("request refused for a foreign origin", metadata: ["path": "\(request.url.path)"])
            throw APIError(status: .forbidden, code: "origin_not_allowed",
                           message: "Requests from this page's origin are not allowed.")
        }
        return try await next.respond(to: request)
    }
}
