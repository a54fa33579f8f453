import Vapor

/// An error a client can act on: a status, a stable code and a message written for a person.
struct APIError: AbortError {
    var status: HTTPResponseStatus
    var code: String
    var message: String
    var headers: HTTPHeaders = [:]

    var reason: String { message }

    /// 429 with `Retry-After`, so a client knows when to try again.
    static func tooManyRequests(code: String, message: (_ seconds: Int) -> String, retryAfter: Double) -> APIError {
        let seconds = max(1, Int(retryAfter.rounded(.up)))
        return APIError(status: .tooManyRequests, code: code, message: message(seconds),
                        headers: ["Retry-After": "\(seconds)"])
    }
}
