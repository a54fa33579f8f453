import Dispatch

/// Where a model's CPU-heavy work runs. Two llama.cpp contexts computing at once on two cores
/// slow each other down far more than their share (their threads spin while they wait), so a
/// second model (the sentence encoder) runs on the chat model's decode thread when there is one
/// (`LlamaChatModel`), and on a queue of its own when the chat model is remote.
public protocol InferenceThread: Sendable {
    func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value
}

/// A serial queue of its own, for a deployment whose chat model runs elsewhere.
public struct DedicatedInferenceQueue: InferenceThread {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label)
    }

    public func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
