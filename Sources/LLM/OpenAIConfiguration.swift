/// Where and how to reach an OpenAI-compatible chat completions server (llama-server, vLLM, OpenAI).
public struct OpenAIConfiguration: Sendable, Equatable {
    /// Server roots, e.g. "http://127.0.0.1:8080". A trailing "/v1" is accepted too. With more
    /// than one, replies are spread over them and one that fails before the first token moves on
    /// to the next (`UpstreamPool`).
    public var baseURLs: [String]
    /// The first (with a single upstream, the only) server root.
    public var baseURL: String {
        get { baseURLs.first ?? "" }
        set { baseURLs = [newValue] }
    }
    /// The `model` field sent upstream.
    public var model: String
    /// Sent as `Authorization: Bearer ...` when set. Never logged.
    public var apiKey: String?
    /// Deadline for the whole request, streaming included.
    public var requestTimeout: Duration
    /// Longest wait from sending the request to the first token.
    public var firstTokenTimeout: Duration
    /// Longest silence between tokens once the reply has started: a stream that stalls midway is
    /// abandoned after this, not only at `requestTimeout`. nil leaves only the whole-request bound.
    public var silenceTimeout: Duration?
    /// Context budget in characters of message content: older turns are dropped beyond it
    /// (the upstream's tokenizer is unknown here). nil sends the whole history.
    public var maxPromptCharacters: Int?
    /// Also send llama-server's sampler fields (`top_k`, `min_p`, `repeat_penalty`, `repeat_last_n`,
    /// `dry_*`, `ignore_eos`), so an upstream llama-server samples as the in-process engine does.
    /// vLLM and Ollama ignore the ones they lack; OpenAI itself rejects unknown fields.
    public var sendsLlamaServerParameters: Bool
    /// How long an upstream that failed before the first token is skipped.
    public var upstreamCooldown: Duration = .seconds(5)

    public init(
        baseURL: String,
        model: String,
        apiKey: String? = nil,
        requestTimeout: Duration = .seconds(120),
        firstTokenTimeout: Duration = .seconds(30),
        silenceTimeout: Duration? = nil,
        maxPromptCharacters: Int? = nil,
        sendsLlamaServerParameters: Bool = false
    ) {
        self.init(
            baseURLs: [baseURL], model: model, apiKey: apiKey, requestTimeout: requestTimeout,
            firstTokenTimeout: firstTokenTimeout, silenceTimeout: silenceTimeout, maxPromptCharacters: maxPromptCharacters,
            sendsLlamaServerParameters: sendsLlamaServerParameters)
    }

    public init(
        baseURLs: [String],
        model: String,
        apiKey: String? = nil,
        requestTimeout: Duration = .seconds(120),
        firstTokenTimeout: Duration = .seconds(30),
        silenceTimeout: Duration? = nil,
        maxPromptCharacters: Int? = nil,
        sendsLlamaServerParameters: Bool = false
    ) {
        self.silenceTimeout = silenceTimeout
        self.baseURLs = baseURLs
        self.model = model
        self.apiKey = apiKey
        self.requestTimeout = requestTimeout
        self.firstTokenTimeout = firstTokenTimeout
        self.maxPromptCharacters = maxPromptCharacters
        self.sendsLlamaServerParameters = sendsLlamaServerParameters
    }

    /// `{baseURL}/v1/chat/completions`, tolerating a trailing slash or "/v1".

    static func endpoint(_ path: String, of baseURL: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        if !base.hasSuffix("/v1") { base += "/v1" }
        return base + "/" + path
    }
}
