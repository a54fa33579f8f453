import Vapor

/// `/ready`: whether this instance can serve a person right now, and which part is not.
struct ReadinessResponse: Content {
    struct Component: Content {
        var ready: Bool
        var detail: String
    }

    var ready: Bool
    var components: [String: Component]
}

/// `/health`: the process is alive and answering.
struct HealthResponse: Content {
    var status: String
}
