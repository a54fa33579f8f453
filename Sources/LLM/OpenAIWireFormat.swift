/// JSON shapes of the OpenAI chat completions streaming API (only the fields used here).
enum OpenAIWireFormat {
    struct Message: Encodable {
        var role: String
        var content: String
    }

    struct StreamOptions: Encodable {
        var includeUsage: Bool
    }

    struct Request: Encodable {
        var model: String
        var messages: [Message]
        var stream: Bool
        var streamOptions: StreamOptions
        var temperature: Float
        var topP: Float
        var topK: Int?
        var maxTokens: Int
        var seed: UInt32?
        var ignoreEos: Bool?
    }

    /// One `data:` payload of the stream. llama-server adds `timings`; errors may arrive in-band.
    struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable {
                var content: String?
            }
            var delta: Delta?
            var finishReason: String?
        }
        struct Usage: Decodable {
            struct PromptDetails: Decodable {
                var cachedTokens: Int?
            }
            var promptTokens: Int?
            var completionTokens: Int?
            var promptTokensDetails: PromptDetails?
        }
        struct Timings: Decodable {
            var cacheN: Int?
            var promptN: Int?
        }
        var choices: [Choice]?
        var usage: Usage?
        var timings: Timings?
        var error: ErrorBody?
    }

    struct ErrorBody: Decodable {
        var message: String?
        var type: String?
    }

    struct ErrorEnvelope: Decodable {
        var error: ErrorBody?
        var message: String?
    }
}
