import Foundation
@testable import LLM
import Testing

extension RealModelTests {
    /// The in-process encoder must give the embeddings the crisis head was trained on.
    @Suite struct SentenceEncoderTests {
        struct Reference: Decodable {
            struct Item: Decodable {
                let text: String
                let embedding: [Float]
            }
            let texts: [Item]
        }

        static func encoder() async throws -> SentenceEncoder {
            try await SentenceEncoder.load(path: TestModels.path("all-MiniLM-L6-v2.f16.gguf"), logger: TestModels.logger)
        }

        /// The reference was computed by an independent numpy implementation of the model from its
        /// original safetensors weights (scripts/encoder/minilm_numpy.py), not by llama.cpp; it
        /// includes a 400-word text, so the 256-token truncation is checked too.
        @Test func matchesTheReferenceImplementation() async throws {
            let url = TestModels.repositoryRoot.appendingPathComponent("Tests/LLMTests/Fixtures/minilm-reference.json")
            let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
            let encoder = try await Self.encoder()
            #expect(encoder.dimensions == 384)
            for item in reference.texts {
                let vector = try await encoder.embed(item.text)
                let cosine = zip(vector, item.embedding).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                #expect(cosine > 0.999, "cosine \(cosine) for a \(item.text.count)-character text")
                let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
                #expect(abs(norm - 1) < 1e-4)
            }
        }

        @Test func similarMeaningsAreCloserThanUnrelatedOnes() async throws {
            let encoder = try await Self.encoder()
            let a = try await encoder.embed("I don't want to be alive anymore")
            let b = try await encoder.embed("I wish I wasn't alive")
            let c = try await encoder.embed("The bus was late again this morning")
            func cosine(_ x: [Float], _ y: [Float]) -> Float { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
            #expect(cosine(a, b) > cosine(a, c) + 0.2)
        }

        @Test func emptyAndHugeInputsAreEmbedded() async throws {
            let encoder = try await Self.encoder()
            #expect(try await encoder.embed("").count == 384)
            #expect(try await encoder.embed(String(repeating: "ab ", count: 50_000)).count == 384)
        }

        /// In the server the encoder runs between two decode steps of the chat model, on its thread.
        @Test func sharesTheDecodeThreadOfTheChatModel() async throws {
            let chat = try await LlamaChatModel.load(
                configuration: LlamaConfiguration(modelPath: TestModels.path(TestModels.smolLM2), contextSize: 1024,
                                                  parallelSequences: 1),
                logger: TestModels.logger)
            let shared = try await SentenceEncoder.load(path: TestModels.path("all-MiniLM-L6-v2.f16.gguf"), threads: 2, on: chat,
                                                        logger: TestModels.logger)
            let own = try await Self.encoder()
            var parameters = GenerationParameters()
            parameters.maxNewTokens = 40
            parameters.seed = 7
            parameters.ignoresEndOfGeneration = true
            let reply = chat.generate(conversationID: UUID(), messages: [ChatMessage(role: .user, content: "Tell me about rain.")],
                                      parameters: parameters)
            var tokens = 0
            var embedded = 0
            for try await event in reply {
                guard case .token = event else { continue }
                tokens += 1
                if tokens % 10 == 0 {
                    // Mid-reply: the errand runs between two steps and the reply carries on.
                    let text = "message number \(tokens)"
                    let a = try await shared.embed(text), b = try await own.embed(text)
                    #expect(zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 } > 0.9999)
                    embedded += 1
                }
            }
            #expect(tokens == 40 && embedded == 4)
            await chat.shutdown()
            await #expect(throws: LLMError.shuttingDown) { try await shared.embed("after shutdown") }
        }

        @Test func truncationKeepsTheClosingSeparator() {
            let tokens: [Int32] = [101] + Array(repeating: 7, count: 300) + [102]
            let kept = SentenceEncoder.truncated(tokens)
            #expect(kept.count == SentenceEncoder.maxTokens)
            #expect(kept.first == 101 && kept.last == 102)
            #expect(SentenceEncoder.truncated([101, 5, 102]) == [101, 5, 102])
        }
    }
}
