import Chat
import FaceAnalysis
import LLM
import Safety
import Vapor

/// The application's dependencies on the outside world, each a small client protocol with a live
/// value (real llama.cpp, real OpenCV) and, where a test needs it, a test value.
struct AppServices: Sendable {
    var chatModel: any ChatModel
    var faceAnalyzer: any FaceAnalyzing
    /// The crisis screen's learned second opinion (sentence encoder + trained head).
    var secondOpinion: any SecondOpinion
    /// Crisis lines and emergency numbers offered when a person may be in danger.
    var crisisResources: CrisisResourceDirectory = .standard
    /// Extra components `/ready` reports on, beside the database and the two models.
    var extraReadinessChecks: [ReadinessCheck] = []

    /// What one chat connection needs, with limits and sampling from the configuration.
    /// `region`: the person's country for crisis lines (their choice, else their browser's
    /// language); nil falls back to the deployment's `CRISIS_REGION`.
    func chatDependencies(store: any ConversationStore, configuration: AppConfiguration, region: String? = nil,
                          admitMessage: @escaping @Sendable () async -> Bool = { true }) -> ChatDependencies {
        ChatDependencies(
            model: chatModel, store: store,
            screener: EscalatingScreener(secondOpinion: secondOpinion),
            parameters: configuration.llm.sampling.parameters(maxNewTokens: configuration.llm.maxNewTokens),
            limits: ChatDependencies.Limits(maxMessageCharacters: configuration.chat.maxMessageCharacters,
                                            region: region ?? configuration.safety.region,
                                            replyTargetTokens: configuration.llm.replyTargetTokens),
            resources: crisisResources, admitMessage: admitMessage)
    }

    var readinessChecks: [ReadinessCheck] {
        let model = chatModel
        let analyzer = faceAnalyzer
        return [
            ReadinessCheck(name: "language_model") {
                let status = await model.status
                return .init(ready: status.isReady, detail: status.description)
            },
            ReadinessCheck(name: "face_models") {
                analyzer.isReady ? .init(ready: true, detail: "face detector, landmarks and emotion model loaded")
                    : .init(ready: false, detail: "face models are not loaded")
            },
            ReadinessCheck(name: "crisis_screen") { [secondOpinion] in
                // A real pass through the encoder and the head: loaded is not the same as answering.
                await secondOpinion.level(for: "How are you today?") != nil
                    ? .init(ready: true, detail: "rules and learned second opinion answering")
                    : .init(ready: false, detail: "the learned second opinion does not answer")
            },
        ] + extraReadinessChecks
    }

    /// Loads the configured language model and the face models once, at start-up.
    static func live(app: Application, configuration: AppConfiguration) async throws -> AppServices {
        let llm = configuration.llm
        let chatModel: any ChatModel
        var encoderThread: (any InferenceThread, threads: Int) = (DedicatedInferenceQueue(label: "sentence-encoder"), 1)
        switch llm.backend {
        case .llama:
            // Loaded on its own thread: the blocking initialiser would hold a cooperative thread.
            let llama = try await LlamaChatModel.load(
                configuration: LlamaConfiguration(
                    modelPath: llm.modelPath, contextSize: llm.contextSize, threads: llm.threads,
                    parallelSequences: llm.parallelSequences, chatTemplate: llm.chatTemplate,
                    kvUnified: llm.kvUnified, flashAttention: llm.flashAttention,
                    promptShareWhileGenerating: llm.promptShareWhileGenerating,
                    parkedCacheBytes: llm.parkedCacheMegabytes << 20),
                logger: Logger(label: "depressoassist.llm"))
            chatModel = llama
            encoderThread = (llama, llm.threads)
        case .openai:
            chatModel = OpenAIChatModel(
                configuration: OpenAIConfiguration(
                    baseURLs: llm.openAIBaseURLs, model: llm.openAIModel ?? "", apiKey: llm.openAIAPIKey,
                    // Silence, before the first token or between two, abandons a reply after
                    // OPENAI_TIMEOUT_SECONDS; the whole reply is bounded far above that.
                    requestTimeout: .seconds(max(600, 4 * llm.openAITimeoutSeconds)),
                    firstTokenTimeout: .seconds(llm.openAITimeoutSeconds),
                    silenceTimeout: .seconds(llm.openAITimeoutSeconds),
                    maxPromptCharacters: llm.contextSize * 3,
                    sendsLlamaServerParameters: llm.openAISamplerFields == .llamaServer),
                logger: Logger(label: "depressoassist.llm"))
        }
        let analyzer = FaceAnalyzer(
            models: FaceModelPaths(directory: URL(fileURLWithPath: configuration.faceModelsDirectory)),
            configuration: FaceAnalyzerConfiguration(poolSize: configuration.faceWorkers, workerNice: configuration.faceWorkerNice),
            logger: Logger(label: "depressoassist.face"))
        app.lifecycle.use(ServicesLifecycle(chatModel: chatModel, faceAnalyzer: analyzer))
        var resources = CrisisResourceDirectory.standard
        if let file = configuration.safety.resourcesFile {
            do {
                resources = try CrisisResourceDirectory.loadingOverrides(fromFile: file)
            } catch {
                throw ConfigurationError(variable: "CRISIS_RESOURCES_FILE", value: file,
                                         expected: "a readable JSON list of {name, phone, sms, url, region}: \(error)")
            }
        }
        let secondOpinion = try await learnedSecondOpinion(
            encoderPath: configuration.safety.encoderPath, on: encoderThread.0, threads: encoderThread.threads)
        return AppServices(chatModel: chatModel, faceAnalyzer: analyzer, secondOpinion: secondOpinion,
                           crisisResources: resources)
    }

    /// The encoder and the bundled head, checked against each other. A screen with only its
    /// rules misses phrasing nobody wrote a rule for, so a missing encoder stops the start.
    /// It shares the in-process chat model's decode thread when there is one (`InferenceThread`).
    static func learnedSecondOpinion(encoderPath: String, on thread: any InferenceThread, threads: Int) async throws
        -> LearnedSecondOpinion
    {
        let head = try CrisisClassifierHead.bundled()
        let encoder: SentenceEncoder
        do {
            encoder = try await SentenceEncoder.load(path: encoderPath, threads: threads, on: thread,
                                                     logger: Logger(label: "depressoassist.safety"))
        } catch {
            throw ConfigurationError(variable: "SAFETY_ENCODER_PATH", value: encoderPath,
                                     expected: "the sentence encoder GGUF (run `scripts/setup.sh encoder`): \(error)")
        }
        guard encoder.dimensions == head.inputDimensions else {
            throw ConfigurationError(variable: "SAFETY_ENCODER_PATH", value: encoderPath,
                                     expected: "an encoder of \(head.inputDimensions) dimensions (\(head.encoderFile)), not \(encoder.dimensions)")
        }
        return LearnedSecondOpinion(head: head) { try await encoder.embed($0) }
    }
}

/// Stops generations and worker threads when the application shuts down.
private struct ServicesLifecycle: LifecycleHandler {
    let chatModel: any ChatModel
    let faceAnalyzer: FaceAnalyzer

    func shutdownAsync(_ application: Application) async {
        await chatModel.shutdown()
        faceAnalyzer.shutdown()
    }
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = AppServices
    }

    var services: AppServices {
        get { configured(ServicesKey.self) }
        set { storage[ServicesKey.self] = newValue }
    }
}
