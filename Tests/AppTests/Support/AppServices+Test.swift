@testable import App
import Chat
import FaceAnalysis
import Foundation
import LLM
import Logging
import Safety

extension AppServices {
    /// The real models, loaded once for the whole test run and shared by every test.
    static func test() async throws -> AppServices {
        let analyzer = try SharedModels.faceAnalyzer()
        try await analyzer.waitUntilReady()
        return AppServices(chatModel: try SharedModels.chatModel(), faceAnalyzer: analyzer,
                           secondOpinion: try await SharedModels.secondOpinion())
    }

    func with(chatModel: any ChatModel) -> AppServices {
        var copy = self
        copy.chatModel = chatModel
        return copy
    }
}

/// One llama.cpp model and one face analyzer per test process: loading them per test would
/// spend the time on loading, and llama.cpp's spinning threads must not multiply.
enum SharedModels {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var llama: LlamaChatModel?
    nonisolated(unsafe) private static var analyzer: FaceAnalyzer?
    private static let learned = Task {
        try await AppServices.learnedSecondOpinion(
            encoderPath: TestResources.model("all-MiniLM-L6-v2.f16.gguf"), on: try chatModel(), threads: 2)
    }

    /// The real sentence encoder and the bundled head, as the server loads them.
    static func secondOpinion() async throws -> LearnedSecondOpinion {
        try await learned.value
    }

    static func chatModel() throws -> LlamaChatModel {
        try lock.withLock {
            if let llama { return llama }
            let model = try makeLlama(parallelSequences: 4)
            llama = model
            return model
        }
    }

    static func makeLlama(parallelSequences: Int, contextSize: Int = 2048) throws -> LlamaChatModel {
        var logger = Logger(label: "test.llm")
        logger.logLevel = .warning
        return try LlamaChatModel(
            configuration: LlamaConfiguration(modelPath: try TestResources.model("SmolLM2-135M-Instruct.Q4_1.gguf"),
                                              contextSize: contextSize, threads: 2, parallelSequences: parallelSequences),
            logger: logger)
    }

    static func faceAnalyzer() throws -> FaceAnalyzer {
        try lock.withLock {
            if let analyzer { return analyzer }
            _ = try TestResources.model("emotion_model.onnx")
            var logger = Logger(label: "test.face")
            logger.logLevel = .warning
            let made = FaceAnalyzer(models: FaceModelPaths(directory: URL(fileURLWithPath: TestResources.modelsDirectory)),
                                    configuration: FaceAnalyzerConfiguration(poolSize: 1), logger: logger)
            analyzer = made
            return made
        }
    }
}
