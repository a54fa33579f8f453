import Vapor

/// An error a client can act on: a status, a stable code and a message written for a person.
struct APIError: AbortError {
    var status: HTTPResponseStatus
    var code: String
    var message: String
    var headers: HTTPHeaders = [:]

    var reason: String { message }
}
