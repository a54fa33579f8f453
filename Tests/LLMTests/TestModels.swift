import Foundation
import LLM
import Logging
import Testing

/// Parent of every suite that runs a real model: `.serialized` applies to all nested suites, so
/// model-heavy tests never compete with each other for the two cores (llama.cpp threads spin).
@Suite("Real models", .serialized)
struct RealModelTests {}

/// Locates the real GGUF models that `make setup` places under `.cache/models` of the repository.
enum TestModels {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // LLMTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let smolLM2 = "SmolLM2-135M-Instruct.Q4_1.gguf"
    static let gemma3 = "gemma-3-270m-Q4_K_M.gguf"

    /// Path of a model; records a test failure telling how to get it when it is missing.
    static func path(_ file: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = repositoryRoot.appendingPathComponent(".cache/models/\(file)").path
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record(
                "Model \(file) is missing at \(path): run `make setup` (scripts/setup.sh models) first.",
                sourceLocation: sourceLocation)
            throw MissingModel()
        }
        return path
    }

    struct MissingModel: Error {}

    static var logger: Logger {
        var logger = Logger(label: "llm-tests")
        logger.logLevel = ProcessInfo.processInfo.environment["LLM_TEST_LOG"] == nil ? .warning : .debug
        return logger
    }

    /// One llama.cpp thread: with two spinning threads on a two-core machine, any other busy
    /// process (a parallel test suite, a build) slows decoding by 10-50x; one thread degrades gently.
    static func smolConfiguration(
        contextSize: Int = 2048, parallelSequences: Int = 2, batchSize: Int = 256, kvUnified: Bool = false
    ) throws -> LlamaConfiguration {
        LlamaConfiguration(
            modelPath: try path(smolLM2), contextSize: contextSize, threads: 1,
            parallelSequences: parallelSequences, batchSize: batchSize, kvUnified: kvUnified)
    }
}

/// Collected output of one generation stream.
struct Transcript: Sendable {
    var events: [GenerationEvent] = []

    var text: String {
        events.reduce(into: "") { text, event in
            if case .token(let delta) = event { text += delta }
        }
    }

    var tokenEvents: Int { events.count { if case .token = $0 { true } else { false } } }

    var finished: (FinishReason, GenerationStats)? {
        for event in events {
            if case .finished(let reason, let stats) = event { return (reason, stats) }
        }
        return nil
    }

    var finishedCount: Int { events.count { if case .finished = $0 { true } else { false } } }

    var queuedPositions: [Int] {
        events.compactMap { if case .queued(let position) = $0 { position } else { nil } }
    }

    static func collect(_ stream: AsyncThrowingStream<GenerationEvent, any Error>) async throws -> Transcript {
        var transcript = Transcript()
        for try await event in stream { transcript.events.append(event) }
        return transcript
    }
}
