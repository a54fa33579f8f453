/// One component `/ready` reports on (the language model, the face models).
struct ReadinessCheck: Sendable {
    var name: String
    var status: @Sendable () async -> ReadinessResponse.Component
}
