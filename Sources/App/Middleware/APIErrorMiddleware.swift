import Vapor

/// Renders every error as `APIErrorResponse`. Only `APIError` and `AbortError` messages reach the
/// client; anything else becomes a plain "internal_error", so no stack trace, SQL or path leaks.
struct APIErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, detail) = Self.describe(error)
            if status.code >= 500 {
                request.logger.error("request failed", metadata: ["status": "\(status.code)", "error": "\(String(reflecting: type(of: error)))"])
            }
            let response = Response(status: status)
            try response.content.encode(APIErrorResponse(error: detail))
            if let abort = error as? any AbortError {
                for (name, value) in abort.headers where name.lowercased() != "content-type" {
                    response.headers.replaceOrAdd(name: name, value: value)
                }
            }
            return response
        }
    }

    static func describe(_ error: any Error) -> (HTTPResponseStatus, APIErrorResponse.Detail) {
        switch error {
        case let error as APIError:
            return (error.status, .init(code: error.code, message: error.message))
        case let error as any AbortError:
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            let message = error.status.code >= 500 ? "Something went wrong on our side." : error.reason
            return (error.status, .init(code: code, message: message))
        default:
            return (.internalServerError, .init(code: "internal_error", message: "Something went wrong on our side."))
        }
    }
}
