/// Health of a backend, for status endpoints and logs.
public struct ModelStatus: Sendable, Equatable, CustomStringConvertible {
    public enum State: Sendable, Equatable {
        case loading
        case ready
        case failed(reason: String)
        /// `shutdown()` was called; no more requests are accepted.
        case shutDown
    }

    public var state: State
    /// "llama.cpp" or "openai".
    public var backend: String
    /// Model file name or upstream model id.
    public var modelName: String
    /// Human-readable details (slots, context size, upstream URL).
    public var details: String

    public init(state: State, backend: String, modelName: String, details: String = "") {
        self.state = state
        self.backend = backend
        self.modelName = modelName
        self.details = details
    }

    public var isReady: Bool { state == .ready }

    public var description: String {
        let stateText: String
        switch state {
        case .loading: stateText = "loading"
        case .ready: stateText = "ready"
        case .failed(let reason): stateText = "failed: \(reason)"
        case .shutDown: stateText = "shut down"
        }
        let suffix = details.isEmpty ? "" : " (\(details))"
        return "\(modelName) on \(backend): \(stateText)\(suffix)"
    }
}
