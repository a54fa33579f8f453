import Foundation
import LLM

/// Everything the server can be told, read once from the environment at start-up.
///
/// This is the only place that reads the environment: every other type receives the values it
/// needs from here, which keeps tests free to build any configuration they like.
struct AppConfiguration: Sendable, Equatable {
    enum LLMBackend: String, Sendable, Equatable, CaseIterable {
        case llama
        case openai
    }

    struct LLM: Sendable, Equatable {
        var backend: LLMBackend = .llama
        /// GGUF file for the in-process backend.
        var modelPath: String = "\(AppConfiguration.defaultModelsDirectory)/SmolLM2-135M-Instruct.Q4_1.gguf"
        /// A llama.cpp built-in template name (e.g. `gemma`) for models that embed none.
        var chatTemplate: String?
        var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// Tokens of context each conversation may use (history plus reply).
        var contextSize: Int = 2048
        /// Conversations decoded together in one batch; more wait in a fair queue.
        var parallelSequences: Int = 4
        /// llama.cpp's default (auto: on for CPU). Off answered turn 10 of a conversation a third
        /// faster on two cores, level otherwise within the benchmark's noise (docs/llm.md).
        var flashAttention: LlamaConfiguration.FlashAttention = .auto
        /// One KV buffer for all conversations (true) or one per conversation (false, llama-server's
        /// choice too): see `LlamaConfiguration.kvUnified`.
        var kvUnified: Bool = false
        /// Most of the decode thread's time long prompts (returning or new conversations with long
        /// histories) take while replies stream: see `LlamaConfiguration.promptShareWhileGenerating`.
        var promptShareWhileGenerating: Double = LlamaConfiguration.defaultPromptShareWhileGenerating
        /// MB of RAM for evicted conversations' KV caches: see `LlamaConfiguration.parkedCacheBytes`.
        var parkedCacheMegabytes: Int = 512
        /// How replies are sampled; see `Sampling`.
        var sampling = Sampling()
        var maxNewTokens: Int = 200
        /// Past this many tokens a reply ends at its next sentence end, so it stays short and whole
        /// (the system prompt asks for two to four sentences); `maxNewTokens` stays the hard cap.
        var replyTargetTokens: Int = 80
        /// One or more OpenAI-compatible servers; replies are spread over them (`UpstreamPool`).
        var openAIBaseURLs: [String] = []
        var openAIModel: String?
        var openAIAPIKey: String?
        /// Seconds without a byte from the upstream server before the reply is abandoned.
        var openAITimeoutSeconds: Int = 60
        /// Send llama-server's sampler fields (min-p, penalties, DRY, top-k) to the upstream too;
        /// `standard` sends only OpenAI's own fields, for upstreams that reject unknown ones.
        var openAISamplerFields: OpenAISamplerFields = .llamaServer
    }

    enum OpenAISamplerFields: String, Sendable, Equatable, CaseIterable {
        case llamaServer = "llama-server"
        case standard
    }

    /// The conversation sampler, built from llama.cpp's own samplers. Defaults chosen on
    /// `bench/replies` (docs/llm.md, Sampling for conversation): with plain sampling the small
    /// default model looped in most replies, with these in none.
    struct Sampling: Sendable, Equatable {
        var temperature: Double = 0.7
        var topP: Double = 0.95
        var topK: Int = 40
        var minP: Double = 0.05
        var repeatPenalty: Double = 1.15
        var repeatLastN: Int = 64
        /// 0 turns DRY off.
        var dryMultiplier: Double = 0.8
        var dryBase: Double = 1.75
        var dryAllowedLength: Int = 2
        /// Tokens DRY looks back over: a whole default conversation window, so a reply copying an
        /// earlier one is caught. A count, not llama.cpp's -1, because llama-server refuses -1.
        var dryPenaltyLastN: Int = 2048
        /// Fixed seed for every reply (tests, reproducing a benchmark); nil draws at random.
        var seed: UInt32?
    }

    struct Chat: Sendable, Equatable {
        /// Longest user message accepted, in characters.
        var maxMessageCharacters: Int = 4000
        /// Chat messages one connection may send per minute before being asked to slow down.
        var messagesPerMinute: Int = 20
        /// Days after which a PHQ-9 or GAD-7 is due again (measurement-based care repeats them
        /// every few weeks).
        var questionnaireIntervalDays: Int = 14
    }

    struct Safety: Sendable, Equatable {
        /// Region whose crisis lines are offered first (ISO code such as US, GB, IE); the
        /// international ones are always added.
        var region: String = "US"
        /// Optional JSON list of `{name, phone, sms, url, region}` replacing the built-in
        /// resources of the regions it names.
        var resourcesFile: String?
        /// The sentence encoder of the screen's learned second opinion (all-MiniLM-L6-v2 as GGUF,
        /// made by `scripts/setup.sh encoder`); the server does not start without it.
        var encoderPath: String = "\(AppConfiguration.defaultModelsDirectory)/all-MiniLM-L6-v2.f16.gguf"
    }

    struct RateLimits: Sendable, Equatable {
        /// New guest accounts one address may create per minute.
        var guestsPerAddressPerMinute: Int = 20
        /// Sign-in attempts per address per minute (failed ones also slow the username down).
        var loginsPerAddressPerMinute: Int = 10
        var uploadsPerAccountPerMinute: Int = 10
        var uploadsPerAddressPerMinute: Int = 30
        /// Chat messages per account per minute, across all of its connections.
        var chatMessagesPerAccountPerMinute: Int = 30
        /// Chat messages per client address per minute, across its accounts and connections.
        var chatMessagesPerAddressPerMinute: Int = 120
    }

    struct Accounts: Sendable, Equatable {
        /// Bcrypt work factor: 12 costs about a quarter of a second per hash on one core.
        var bcryptCost: Int = 12
        /// Trust `X-Real-IP` and `X-Forwarded-Proto` from a proxy in front (nginx in deploy/).
        var trustProxyHeaders: Bool = false
        /// A session cookie or token unused this long is revoked (each use renews it); a guest left
        /// without any is unreachable, so it is erased with everything it owns.
        var sessionLifetimeDays: Int = 180
    }

    static let defaultModelsDirectory = ".cache/models"

    var host: String = "0.0.0.0"
    var port: Int = 8000
    var database: DatabaseSetting = .sqlite(path: "data/depressoassist.sqlite")
    var llm = LLM()
    var chat = Chat()
    var safety = Safety()
    var rateLimits = RateLimits()
    var accounts = Accounts()
    /// Folder of the face detector, landmark and emotion weights that `make setup` fetches.
    var faceModelsDirectory: String = AppConfiguration.defaultModelsDirectory
    /// Concurrent image or video analyses; each uses one core.
    var faceWorkers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Nice value of the face-analysis threads, so a streaming chat reply keeps the cores.
    var faceWorkerNice: Int = 10
    var storageDirectory: String = "data/uploads"
    var mediaRetention: MediaRetention = .delete
    var corsAllowedOrigins: [String] = ["http://localhost:3000", "http://127.0.0.1:3000"]
    var maxUploadBytes: Int = 50 * 1024 * 1024
    /// The web page's files.
    var publicDirectory: String = "Public/"
    /// On SIGTERM, how long replies already streaming may run before their sockets are closed.
    var shutdownGraceSeconds: Int = 10

    /// Reads the environment; the first bad value throws a `ConfigurationError` naming it.
    static func load(from environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfiguration {
        let reader = EnvironmentReader(environment)
        var config = AppConfiguration()
        config.host = try reader.string("HOST", default: config.host)
        config.port = try reader.integer("PORT", default: config.port, in: 1...65535)
        config.database = try DatabaseSetting.parse(
            environment["DATABASE_URL"], defaultSQLitePath: "data/depressoassist.sqlite")

        config.llm.backend = try reader.choice("LLM_BACKEND", default: config.llm.backend)
        config.llm.modelPath = try reader.string("MODEL_PATH", default: config.llm.modelPath)
        config.llm.chatTemplate = try reader.optionalString("LLM_CHAT_TEMPLATE")
        config.llm.threads = try reader.integer("LLM_THREADS", default: config.llm.threads, in: 1...256)
        config.llm.contextSize = try reader.integer("LLM_CONTEXT_SIZE", default: config.llm.contextSize, in: 256...131_072)
        config.llm.parallelSequences = try reader.integer(
            "LLM_PARALLEL_SEQUENCES", default: config.llm.parallelSequences, in: 1...64)
        config.llm.flashAttention = try reader.choice("LLM_FLASH_ATTENTION", default: config.llm.flashAttention)
        config.llm.kvUnified = try reader.boolean("LLM_KV_UNIFIED", default: config.llm.kvUnified)
        config.llm.promptShareWhileGenerating = try reader.double(
            "LLM_PROMPT_SHARE", default: config.llm.promptShareWhileGenerating, in: 0.01...1)
        config.llm.parkedCacheMegabytes = try reader.integer(
            "LLM_PARKED_CACHE_MB", default: config.llm.parkedCacheMegabytes, in: 0...1_000_000)
        config.llm.sampling = try Sampling.load(reader)
        config.llm.maxNewTokens = try reader.integer("LLM_MAX_NEW_TOKENS", default: config.llm.maxNewTokens, in: 1...8192)
        config.llm.replyTargetTokens = try reader.integer(
            "LLM_REPLY_TARGET_TOKENS", default: min(config.llm.replyTargetTokens, config.llm.maxNewTokens),
            in: 1...config.llm.maxNewTokens)
        config.llm.openAIBaseURLs = try reader.urls("OPENAI_BASE_URL")
        config.llm.openAIModel = try reader.optionalString("OPENAI_MODEL")
        config.llm.openAIAPIKey = try reader.optionalString("OPENAI_API_KEY")
        config.llm.openAITimeoutSeconds = try reader.integer(
            "OPENAI_TIMEOUT_SECONDS", default: config.llm.openAITimeoutSeconds, in: 1...3600)
        config.llm.openAISamplerFields = try reader.choice("OPENAI_SAMPLER_FIELDS", default: config.llm.openAISamplerFields)
        if config.llm.backend == .openai {
            guard !config.llm.openAIBaseURLs.isEmpty else {
                throw ConfigurationError(variable: "OPENAI_BASE_URL", value: "",
                                         expected: "the server's base URL when LLM_BACKEND=openai")
            }
            guard config.llm.openAIModel != nil else {
                throw ConfigurationError(variable: "OPENAI_MODEL", value: "",
                                         expected: "a model name when LLM_BACKEND=openai")
            }
        }

        config.chat.maxMessageCharacters = try reader.integer(
            "CHAT_MAX_MESSAGE_CHARS", default: config.chat.maxMessageCharacters, in: 1...100_000)
        config.chat.messagesPerMinute = try reader.integer(
            "CHAT_MESSAGES_PER_MINUTE", default: config.chat.messagesPerMinute, in: 1...10_000)
        config.chat.questionnaireIntervalDays = try reader.integer(
            "QUESTIONNAIRE_INTERVAL_DAYS", default: config.chat.questionnaireIntervalDays, in: 1...365)

        config.safety.region = try reader.regionCode("CRISIS_REGION", default: config.safety.region)
        config.safety.resourcesFile = try reader.optionalString("CRISIS_RESOURCES_FILE")
        config.safety.encoderPath = try reader.string("SAFETY_ENCODER_PATH", default: config.safety.encoderPath)

        config.rateLimits.guestsPerAddressPerMinute = try reader.integer(
            "RATE_GUESTS_PER_MINUTE", default: config.rateLimits.guestsPerAddressPerMinute, in: 1...100_000)
        config.rateLimits.loginsPerAddressPerMinute = try reader.integer(
            "RATE_LOGINS_PER_MINUTE", default: config.rateLimits.loginsPerAddressPerMinute, in: 1...100_000)
        config.rateLimits.uploadsPerAccountPerMinute = try reader.integer(
            "RATE_UPLOADS_PER_MINUTE", default: config.rateLimits.uploadsPerAccountPerMinute, in: 1...100_000)
        config.rateLimits.uploadsPerAddressPerMinute = try reader.integer(
            "RATE_UPLOADS_PER_ADDRESS_PER_MINUTE", default: config.rateLimits.uploadsPerAddressPerMinute, in: 1...100_000)
        config.rateLimits.chatMessagesPerAccountPerMinute = try reader.integer(
            "RATE_CHAT_MESSAGES_PER_MINUTE", default: config.rateLimits.chatMessagesPerAccountPerMinute, in: 1...100_000)
        config.rateLimits.chatMessagesPerAddressPerMinute = try reader.integer(
            "RATE_CHAT_MESSAGES_PER_ADDRESS_PER_MINUTE", default: config.rateLimits.chatMessagesPerAddressPerMinute,
            in: 1...100_000)
        config.accounts.bcryptCost = try reader.integer("BCRYPT_COST", default: config.accounts.bcryptCost, in: 4...31)
        config.accounts.trustProxyHeaders = try reader.boolean(
            "TRUST_PROXY_HEADERS", default: config.accounts.trustProxyHeaders)
        config.accounts.sessionLifetimeDays = try reader.integer(
            "SESSION_LIFETIME_DAYS", default: config.accounts.sessionLifetimeDays, in: 1...3650)

        config.faceModelsDirectory = try reader.string("FACE_MODELS_DIR", default: config.faceModelsDirectory)
        config.faceWorkers = try reader.integer("FACE_WORKERS", default: config.faceWorkers, in: 1...64)
        config.faceWorkerNice = try reader.integer("FACE_WORKER_NICE", default: config.faceWorkerNice, in: 0...19)
        config.storageDirectory = try reader.string("STORAGE_DIR", default: config.storageDirectory)
        config.mediaRetention = try reader.choice("MEDIA_RETENTION", default: config.mediaRetention)
        config.corsAllowedOrigins = try reader.origins("CORS_ALLOWED_ORIGINS", default: config.corsAllowedOrigins)
        config.publicDirectory = try reader.string("PUBLIC_DIR", default: config.publicDirectory)
        config.shutdownGraceSeconds = try reader.integer(
            "SHUTDOWN_GRACE_SECONDS", default: config.shutdownGraceSeconds, in: 0...600)
        config.maxUploadBytes = try reader.integer(
            "MAX_UPLOAD_BYTES", default: config.maxUploadBytes, in: 1024...(4 * 1024 * 1024 * 1024))
        return config
    }
}

extension AppConfiguration.Sampling {
    static func load(_ reader: EnvironmentReader) throws -> Self {
        var sampling = Self()
        sampling.temperature = try reader.double("LLM_TEMPERATURE", default: sampling.temperature, in: 0...2)
        sampling.topP = try reader.double("LLM_TOP_P", default: sampling.topP, in: 0...1)
        sampling.topK = try reader.integer("LLM_TOP_K", default: sampling.topK, in: 0...1000)
        sampling.minP = try reader.double("LLM_MIN_P", default: sampling.minP, in: 0...1)
        sampling.repeatPenalty = try reader.double("LLM_REPEAT_PENALTY", default: sampling.repeatPenalty, in: 1...3)
        sampling.repeatLastN = try reader.integer("LLM_REPEAT_LAST_N", default: sampling.repeatLastN, in: 1...8192)
        sampling.dryMultiplier = try reader.double("LLM_DRY_MULTIPLIER", default: sampling.dryMultiplier, in: 0...5)
        sampling.dryBase = try reader.double("LLM_DRY_BASE", default: sampling.dryBase, in: 1...4)
        sampling.dryAllowedLength = try reader.integer("LLM_DRY_ALLOWED_LENGTH", default: sampling.dryAllowedLength, in: 1...64)
        sampling.dryPenaltyLastN = try reader.integer("LLM_DRY_PENALTY_LAST_N", default: sampling.dryPenaltyLastN, in: 1...131_072)
        if let seed = try reader.optionalString("LLM_SEED") {
            guard let value = UInt32(seed) else {
                throw ConfigurationError(variable: "LLM_SEED", value: seed, expected: "an integer from 0 to 4294967295")
            }
            sampling.seed = value
        }
        return sampling
    }

    /// The engine's parameters for one reply.
    func parameters(maxNewTokens: Int) -> GenerationParameters {
        GenerationParameters(
            temperature: Float(temperature), topP: Float(topP), topK: topK, minP: Float(minP),
            maxNewTokens: maxNewTokens, seed: seed, repetitionPenalty: Float(repeatPenalty),
            repetitionWindow: repeatLastN,
            dry: dryMultiplier > 0
                ? DRYParameters(multiplier: Float(dryMultiplier), base: Float(dryBase),
                                allowedLength: dryAllowedLength, penaltyWindow: dryPenaltyLastN)
                : nil)
    }
}
