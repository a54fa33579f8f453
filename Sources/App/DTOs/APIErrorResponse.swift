import Vapor

/// `{"success": false, "error": {"code", "message"}}`, the shape every API error takes.
struct APIErrorResponse: Content {
    struct Detail: Content {
        var code: String
        var message: String
    }

    var success = false
    var error: Detail
}
