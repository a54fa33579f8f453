import Foundation
import Logging
import LLM
import Safety

/// What a chat session needs from the outside world; the app passes live values, tests their own.
public struct ChatDependencies: Sendable {
    public struct Limits: Sendable {
        /// Longest user message accepted, in characters.
        public var maxMessageCharacters: Int
        /// Turns loaded from storage for the prompt; the model trims further to fit its context.
        public var historyMessages: Int
        /// Earlier user messages the crisis screen reads as context for the latest one; at least
        /// the span of support mode, so a disclosure still counts for as long as that lasts.
        public var screeningContextMessages: Int
        /// Region whose crisis resources come first (e.g. "US", "GB"); nil lists the defaults.
        public var region: String?
        /// Past this many tokens a reply ends at its next sentence end (`ReplyShaper`).
        public var replyTargetTokens: Int

        public init(maxMessageCharacters: Int = 4000, historyMessages: Int = 40,
                    region: String? = nil, replyTargetTokens: Int = 80, screeningContextMessages: Int = 8) {
            self.maxMessageCharacters = maxMessageCharacters
            self.historyMessages = historyMessages
            self.region = region
            self.replyTargetTokens = replyTargetTokens
            self.screeningContextMessages = screeningContextMessages
        }
    }

    public var model: any ChatModel
    public var store: any ConversationStore
    public var parameters: GenerationParameters
    public var limits: Limits
    /// The rules, raised by the learned second opinion; sees the conversation's recent user messages.
    public var screener: EscalatingScreener
    public var replyScreen: ReplyScreen
    public var resources: CrisisResourceDirectory
    /// The rate limits (the app's, per socket, account and address): true when one more message
    /// may go to the model now.
    public var admitMessage: @Sendable () async -> Bool

    public init(model: any ChatModel, store: any ConversationStore, screener: EscalatingScreener,
                parameters: GenerationParameters = .init(), limits: Limits = .init(),
                resources: CrisisResourceDirectory = .standard,
                admitMessage: @escaping @Sendable () async -> Bool = { true }) {
        self.model = model
        self.store = store
        self.parameters = parameters
        self.limits = limits
        self.screener = screener
        self.replyScreen = ReplyScreen(directory: resources)
        self.resources = resources
        self.admitMessage = admitMessage
    }

    /// Help resources for where the person is, their own country's first: the country they chose
    /// (read now, so a choice made while the chat is open counts), else `limits.region`.
    func regionalResources() async -> [CrisisResource] {
        let chosen = try? await store.chosenCountry()
        return resources.resources(for: chosen ?? limits.region)
    }
}

extension ChatDependencies {
    /// Records a safety event: level and categories only, never the words. A failed write is
    /// logged; the person's reply does not wait on it.
    func recordRisk(level: RiskLevel, categories: [String], source: RiskEventSource, conversationID: UUID,
                    logger: Logger) async {
        do {
            try await store.recordRiskEvent(
                conversationID: conversationID, source: source, level: level.description, categories: categories.sorted())
        } catch {
            logger.error("recording a risk event failed", metadata: ["conversation": "\(conversationID)"])
        }
    }
}
