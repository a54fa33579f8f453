@testable import App
import Testing
import LLM

@Suite("Configuration")
struct ConfigurationTests {
    @Test("defaults when the environment is empty")
    func defaults() throws {
        let config = try AppConfiguration.load(from: [:])
        #expect(config.port == 8000)
        #expect(config.database == .sqlite(path: "data/depressoassist.sqlite"))
        #expect(config.llm.backend == .llama)
        #expect(config.llm.modelPath.hasSuffix("SmolLM2-135M-Instruct.Q4_1.gguf"))
        #expect(config.mediaRetention == .delete)
        #expect(config.corsAllowedOrigins == ["http://localhost:3000", "http://127.0.0.1:3000"])
        #expect(config.maxUploadBytes == 52_428_800)
        #expect(config.llm.flashAttention == .auto)
        #expect(config.llm.kvUnified == false)
        #expect(config.accounts.bcryptCost == 12)
        #expect(!config.accounts.trustProxyHeaders)
    }

    @Test("valid values are read")
    func validValues() throws {
        let config = try AppConfiguration.load(from: [
            "HOST": "127.0.0.1", "PORT": "9000",
            "DATABASE_URL": "postgres://u:p@db.example:5432/depresso",
            "LLM_BACKEND": "openai", "OPENAI_BASE_URL": "http://127.0.0.1:8080/", "OPENAI_MODEL": "smol",
            "LLM_THREADS": "3", "LLM_CONTEXT_SIZE": "4096", "LLM_PARALLEL_SEQUENCES": "8",
            "MEDIA_RETENTION": "keep", "CORS_ALLOWED_ORIGINS": "https://app.example, http://localhost:5173",
            "MAX_UPLOAD_BYTES": "1048576", "STORAGE_DIR": "/srv/uploads",
            "LLM_FLASH_ATTENTION": "off", "LLM_KV_UNIFIED": "true", "BCRYPT_COST": "10", "TRUST_PROXY_HEADERS": "true",
            "RATE_LOGINS_PER_MINUTE": "5", "SESSION_LIFETIME_DAYS": "30", "FACE_WORKER_NICE": "0",
        ])
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 9000)
        #expect(config.database == .postgres(url: "postgres://u:p@db.example:5432/depresso"))
        #expect(config.llm.backend == .openai)
        #expect(config.llm.openAIBaseURLs == ["http://127.0.0.1:8080"])
        #expect(config.llm.threads == 3)
        #expect(config.llm.contextSize == 4096)
        #expect(config.llm.parallelSequences == 8)
        #expect(config.mediaRetention == .keep)
        #expect(config.corsAllowedOrigins == ["https://app.example", "http://localhost:5173"])
        #expect(config.maxUploadBytes == 1_048_576)
        #expect(config.storageDirectory == "/srv/uploads")
        #expect(config.llm.flashAttention == .off)
        #expect(config.llm.kvUnified == true)
        #expect(config.accounts.bcryptCost == 10)
        #expect(config.accounts.trustProxyHeaders)
        #expect(config.rateLimits.loginsPerAddressPerMinute == 5)
        #expect(config.accounts.sessionLifetimeDays == 30)
        #expect(config.faceWorkerNice == 0)
    }

    @Test("OPENAI_BASE_URL takes a comma-separated list of upstreams")
    func upstreamList() throws {
        let config = try AppConfiguration.load(from: [
            "LLM_BACKEND": "openai", "OPENAI_MODEL": "smol",
            "OPENAI_BASE_URL": "http://10.0.0.5:8080/, http://10.0.0.6:8080,",
        ])
        #expect(config.llm.openAIBaseURLs == ["http://10.0.0.5:8080", "http://10.0.0.6:8080"])
    }

    @Test("the conversation sampler: measured defaults, each knob read, the plain chain reachable")
    func sampling() throws {
        let defaults = try AppConfiguration.load(from: [:])
        let parameters = defaults.llm.sampling.parameters(maxNewTokens: 200)
        #expect(parameters.minP == 0.05)
        #expect(parameters.repetitionPenalty == 1.15)
        #expect(parameters.repetitionWindow == 64)
        #expect(parameters.dry == DRYParameters(multiplier: 0.8, base: 1.75, allowedLength: 2, penaltyWindow: 2048))
        #expect(parameters.seed == nil)
        #expect(defaults.llm.replyTargetTokens == 80)
        #expect(defaults.llm.openAISamplerFields == .llamaServer)

        let tuned = try AppConfiguration.load(from: [
            "LLM_TEMPERATURE": "0.5", "LLM_TOP_P": "0.9", "LLM_TOP_K": "20", "LLM_MIN_P": "0.1",
            "LLM_REPEAT_PENALTY": "1.1", "LLM_REPEAT_LAST_N": "128", "LLM_DRY_MULTIPLIER": "0", "LLM_SEED": "7",
            "LLM_MAX_NEW_TOKENS": "64", "LLM_REPLY_TARGET_TOKENS": "32", "OPENAI_SAMPLER_FIELDS": "standard",
        ])
        let plain = tuned.llm.sampling.parameters(maxNewTokens: tuned.llm.maxNewTokens)
        #expect(plain == GenerationParameters(temperature: 0.5, topP: 0.9, topK: 20, minP: 0.1, maxNewTokens: 64, seed: 7,
                                              repetitionPenalty: 1.1, repetitionWindow: 128, dry: nil))
        #expect(tuned.llm.replyTargetTokens == 32)
        #expect(tuned.llm.openAISamplerFields == .standard)
        // A cap below the default target lowers the target with it.
        #expect(try AppConfiguration.load(from: ["LLM_MAX_NEW_TOKENS": "40"]).llm.replyTargetTokens == 40)
    }

    @Test("sqlite URLs name a file")
    func sqliteURL() throws {
        let config = try AppConfiguration.load(from: ["DATABASE_URL": "sqlite:///var/lib/depresso/db.sqlite"])
        #expect(config.database == .sqlite(path: "/var/lib/depresso/db.sqlite"))
    }

    @Test("a bad value is rejected naming its variable", arguments: [
        ("PORT", "eighty"), ("PORT", "70000"), ("PORT", "0"),
        ("DATABASE_URL", "mysql://localhost/db"), ("DATABASE_URL", "not a url"), ("DATABASE_URL", "postgres://"),
        ("LLM_BACKEND", "gpt"), ("LLM_THREADS", "0"), ("LLM_CONTEXT_SIZE", "12"),
        ("LLM_PARALLEL_SEQUENCES", "-1"), ("LLM_TEMPERATURE", "hot"), ("LLM_MAX_NEW_TOKENS", "0"),
        ("MEDIA_RETENTION", "forever"), ("CORS_ALLOWED_ORIGINS", "*"),
        ("CORS_ALLOWED_ORIGINS", "http://ok.example,ftp://bad.example"),
        ("MAX_UPLOAD_BYTES", "lots"), ("OPENAI_BASE_URL", "localhost:8080"),
        ("OPENAI_BASE_URL", "http://127.0.0.1:8080,localhost:8081"), ("CRISIS_REGION", "Narnia"),
        ("LLM_FLASH_ATTENTION", "sometimes"), ("LLM_KV_UNIFIED", "shared"), ("BCRYPT_COST", "3"), ("TRUST_PROXY_HEADERS", "maybe"),
        ("SESSION_LIFETIME_DAYS", "0"), ("FACE_WORKER_NICE", "20"),
        ("RATE_GUESTS_PER_MINUTE", "0"), ("LLM_MIN_P", "1.5"), ("LLM_REPEAT_PENALTY", "0.5"), ("LLM_DRY_MULTIPLIER", "-1"),
        ("LLM_DRY_PENALTY_LAST_N", "-1"), ("LLM_SEED", "-1"), ("LLM_REPLY_TARGET_TOKENS", "201"),
        ("OPENAI_SAMPLER_FIELDS", "all"),
    ])
    func rejectsBadValue(variable: String, value: String) {
        #expect {
            try AppConfiguration.load(from: [variable: value])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == variable && error.description.contains(variable)
        }
    }

    @Test("the OpenAI backend needs a base URL and a model")
    func openAIRequiresSettings() {
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(from: ["LLM_BACKEND": "openai"]) }
        #expect {
            try AppConfiguration.load(from: ["LLM_BACKEND": "openai", "OPENAI_BASE_URL": "http://127.0.0.1:1"])
        } throws: { ($0 as? ConfigurationError)?.variable == "OPENAI_MODEL" }
    }

    @Test("database passwords are redacted from errors")
    func redactsPasswords() {
        #expect(DatabaseSetting.redacted("postgres://user:secret@host/db").contains("secret") == false)
    }
}
