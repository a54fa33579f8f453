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
        // llama-server's sampler extensions (vLLM and Ollama ignore the ones they lack).
        var minP: Float?
        var repeatPenalty: Float?
        var repeatLastN: Int?
        var dryMultiplier: Float?
        var dryBase: Float?
        var dryAllowedLength: Int?
        var dryPenaltyLastN: Int?
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

extension OpenAIWireFormat.Request {
    /// The standard fields, plus llama-server's sampler fields when `extensions` is given, so an
    /// upstream llama-server samples exactly as the in-process engine would.
    init(model: String, messages: [OpenAIWireFormat.Message], stream: Bool, streamOptions: OpenAIWireFormat.StreamOptions,
         temperature: Float, topP: Float, maxTokens: Int, seed: UInt32?, extensions parameters: GenerationParameters?) {
        self.init(model: model, messages: messages, stream: stream, streamOptions: streamOptions,
                  temperature: temperature, topP: topP, topK: nil, maxTokens: maxTokens, seed: seed)
        guard let parameters else { return }
        topK = parameters.topK
        ignoreEos = parameters.ignoresEndOfGeneration ? true : nil
        minP = parameters.minP
        repeatPenalty = parameters.repetitionPenalty
        repeatLastN = parameters.repetitionWindow
        // dry_multiplier 0 is llama-server's "off"; sent explicitly so its own default cannot differ.
        dryMultiplier = parameters.dry?.multiplier ?? 0
        if let dry = parameters.dry {
            dryBase = dry.base
            dryAllowedLength = dry.allowedLength
            dryPenaltyLastN = dry.penaltyWindow
        }
    }
}
