import Vapor

/// `GET /api/about`: which model answers, and what a person should know about it.
struct AboutResponse: Content, Equatable {
    var backend: String
    /// The GGUF file name or the upstream's model name.
    var model: String
    /// True for the small model `make run` starts with when nothing else is configured.
    var embeddedDefault: Bool
    /// One plain sentence for the page's about line.
    var note: String

    enum CodingKeys: String, CodingKey {
        case backend, model, note
        case embeddedDefault = "embedded_default"
    }
}
