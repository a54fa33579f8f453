import Vapor

/// Refuses a WebSocket upgrade from a browser page of another origin (cross-site WebSocket
/// hijacking: the browser would send this site's cookie along).
struct WebSocketOriginMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard OriginPolicy(allowedOrigins: request.application.appConfiguration.corsAllowedOrigins).allows(request) else {
            request.logger.notice("WebSocket upgrade refused for a foreign origin")
            throw APIError(status: .forbidden, code: "origin_not_allowed",
                           message: "This page's origin may not open the chat.")
        }
        return try await next.respond(to: request)
    }
}
