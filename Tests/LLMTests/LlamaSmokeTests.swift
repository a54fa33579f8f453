import Foundation
import LLM
import Testing

extension RealModelTests {
    /// Loads the real SmolLM2 model and decodes a few tokens.
    @Suite("llama.cpp smoke")
    struct LlamaSmokeTests {
        @Test("loads the model and generates a few tokens")
        func smoke() async throws {
            let model = try LlamaChatModel(configuration: try TestModels.smolConfiguration(), logger: TestModels.logger)
            defer { Task { await model.shutdown() } }
            #expect(await model.status.isReady)
            let stream = model.generate(
                conversationID: UUID(),
                messages: [.system("You are a kind assistant."), .user("Say hello.")],
                parameters: GenerationParameters(maxNewTokens: 8, seed: 42))
            let transcript = try await Transcript.collect(stream)
            #expect(transcript.events.first == .started)
            let (_, stats) = try #require(transcript.finished)
            #expect(stats.generatedTokens > 0)
            #expect(stats.generatedTokens <= 8)
            #expect(stats.promptTokens > 5)
            #expect(!transcript.text.isEmpty)
            await model.shutdown()
        }
    }
}
