import Foundation
import LLM
import Logging
import Safety

/// One person's chat over one socket: turns frames into replies, in order.
///
/// Every user message is screened before the model sees it; crisis language gets the fixed,
/// written reply and help resources, never generated text. Generated text is screened as it grows.
/// A new message, or the socket closing, cancels the reply in flight and frees its model slot.
public actor ChatSession {
    public typealias Send = @Sendable (ServerMessage) async -> Void

    public let conversationID: UUID
    private let dependencies: ChatDependencies
    private let send: Send
    private let logger: Logger
    private var generation: Task<Void, Never>?

    public init(conversationID: UUID, dependencies: ChatDependencies, logger: Logger, send: @escaping Send) {
        self.conversationID = conversationID
        self.dependencies = dependencies
        self.send = send
        self.logger = logger
    }

    /// The greeting sent on connect; it carries the conversation id a client reconnects with.
    public func greet(resumed: Bool) async {
        let content = resumed
            ? "Welcome back. I'm here with you, and I remember what we talked about. How are you feeling now?"
            : "Hi, I'm depressoAssist, an AI companion. I'm here to listen, without judgement. How are you feeling today?"
        await send(.system(content: content, conversationID: conversationID))
    }

    public func receive(text: String) async {
        let message: ClientMessage
        do {
            message = try ClientMessage.parse(text)
        } catch {
            await send(.error(code: error.code, message: error.userMessage))
            return
        }
        switch message {
        case .chat(let content, let mood):
            await handleChat(content: content, mood: mood)
        case .analysisRequest(let fileID, let fileType):
            await handleAnalysisRequest(fileID: fileID, fileType: fileType)
        }
    }

    public func receiveBinary() async {
        await send(.error(code: .binaryNotSupported, message: "Binary frames are not supported; send JSON text."))
    }

    /// The socket closed: stop generating at once. The partial reply is stored as interrupted.
    public func close() async {
        generation?.cancel()
        await generation?.value
        generation = nil
    }

    /// Waits for the reply in flight, for callers that need to know it has been stored.
    public func waitUntilIdle() async {
        await generation?.value
    }

    // MARK: - Chat turns

    private func handleChat(content: String, mood: String?) async {
        let text = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            await send(.error(code: .emptyMessage, message: "The message is empty."))
            return
        }
        guard text.count <= dependencies.limits.maxMessageCharacters else {
            await send(.error(code: .messageTooLong,
                              message: "The message is too long (at most \(dependencies.limits.maxMessageCharacters) characters)."))
            return
        }
        guard await dependencies.admitMessage() else {
            await send(.error(code: .rateLimited,
                              message: "You're sending messages very quickly. Please wait a moment before sending another."))
            return
        }

        // A new message replaces the reply in flight.
        if let running = generation {
            running.cancel()
            await running.value
            generation = nil
        }

        let store = dependencies.store
        let earlier = await earlierUserMessages()
        do {
            _ = try await store.appendMessage(StoredMessage(role: .user, content: text, mood: mood, status: .complete),
                                              conversationID: conversationID)
        } catch {
            logger.error("storing a user message failed", metadata: ["conversation": "\(conversationID)"])
            await send(.error(code: .storageFailed, message: "Your message could not be saved. Please try again."))
            return
        }

        let screeningStart = ContinuousClock.now
        let assessment = await dependencies.screener.assess(text, earlier: earlier)
        logger.debug("message screened", metadata: [
            "conversation": "\(conversationID)", "level": "\(assessment.level)",
            "ms": "\((ContinuousClock.now - screeningStart).milliseconds)",
        ])
        var supportMode = SupportMode()
        do {
            supportMode = try await store.supportMode(conversationID: conversationID)
            supportMode.record(assessment)
            try await store.setSupportMode(supportMode, conversationID: conversationID)
        } catch {
            logger.error("updating support mode failed", metadata: ["conversation": "\(conversationID)"])
        }
        if assessment.level >= .concern {
            await record(level: assessment.level, categories: assessment.categories.map(\.rawValue), source: .userMessage)
        }
        if assessment.needsCrisisResponse {
            await answerCrisis(assessment)
            return
        }
        // `concern` (hopelessness, a past attempt, a dark joke) is not silence: the model answers,
        // and the help lines follow gently, without replacing the conversation.
        let resources = await dependencies.regionalResources()
        let concernSupport: ServerMessage? = assessment.level == .concern
            ? .crisisSupport(level: assessment.level.description,
                             message: CrisisResponse.concernPanelMessage(resources: resources), resources: resources,
                             safetyPlan: await safetyPlan())
            : nil
        let turn = ReplyTurn(session: self, supportMode: supportMode, resources: resources,
                             conversationAtRisk: supportMode.isActive || assessment.level >= .concern,
                             closingSupport: concernSupport)
        generation = Task { await turn.run() }
    }

    /// The person's last few messages before this one, oldest first, for the screen's context.
    /// A failed read screens the message alone rather than not at all.
    private func earlierUserMessages() async -> [String] {
        let count = dependencies.limits.screeningContextMessages
        guard count > 0 else { return [] }
        do {
            let recent = try await dependencies.store.recentMessages(conversationID: conversationID, limit: 2 * count)
            return recent.filter { $0.role == .user }.suffix(count).map(\.content)
        } catch {
            logger.error("reading screening context failed", metadata: ["conversation": "\(conversationID)"])
            return []
        }
    }

    /// No model for this turn: the fixed reply, the resources, and supportive mode from now on.
    private func answerCrisis(_ assessment: SafetyAssessment) async {
        let resources = await dependencies.regionalResources()
        let plan = await safetyPlan()
        let reply = CrisisResponse.reply(for: assessment, resources: resources, hasSafetyPlan: plan != nil)
        let messageID = UUID()
        await send(.typing(true))
        await send(.streaming(messageID: messageID, partialContent: reply, isComplete: true, note: .safetyReply))
        await send(.crisisSupport(level: assessment.level.description,
                                  message: CrisisResponse.panelMessage(resources: resources), resources: resources,
                                  safetyPlan: plan))
        do {
            _ = try await dependencies.store.appendMessage(
                StoredMessage(role: .assistant, content: reply, status: .safetyReply), conversationID: conversationID)
        } catch {
            logger.error("storing a crisis reply failed", metadata: ["conversation": "\(conversationID)"])
        }
        await send(.typing(false))
        logger.notice("crisis reply sent", metadata: [
            "conversation": "\(conversationID)", "level": "\(assessment.level)",
        ])
    }

    /// The person's own safety plan for the panel, nil when they have none. A failed read shows
    /// the help lines without it rather than delaying them.
    private func safetyPlan() async -> JSONValue? {
        do {
            return try await dependencies.store.safetyPlanJSON().map { try JSONValue(jsonString: $0) }
        } catch {
            logger.error("reading the safety plan failed", metadata: ["conversation": "\(conversationID)"])
            return nil
        }
    }

    /// Records a safety event: level and categories only, never the words.
    fileprivate func record(level: RiskLevel, categories: [String], source: RiskEventSource) async {
        do {
            try await dependencies.store.recordRiskEvent(
                conversationID: conversationID, source: source, level: level.description, categories: categories.sorted())
        } catch {
            logger.error("recording a risk event failed", metadata: ["conversation": "\(conversationID)"])
        }
    }

    fileprivate func emit(_ message: ServerMessage) async {
        await send(message)
    }

    fileprivate var deps: ChatDependencies { dependencies }
    fileprivate var log: Logger { logger }

    // MARK: - Analyses

    private func handleAnalysisRequest(fileID: String, fileType: String?) async {
        guard let id = UUID(uuidString: fileID) else {
            await send(.error(code: .analysisNotFound, message: "No analysis was found for that file."))
            return
        }
        do {
            guard let json = try await dependencies.store.analysisJSON(fileID: id, fileType: fileType) else {
                await send(.error(code: .analysisNotFound, message: "No analysis was found for that file."))
                return
            }
            await send(.analysisResult(fileID: fileID, analysis: try JSONValue(jsonString: json)))
        } catch {
            logger.error("reading an analysis failed", metadata: ["conversation": "\(conversationID)"])
            await send(.error(code: .storageFailed, message: "The analysis could not be read. Please try again."))
        }
    }
}

private extension ClientMessage.ParseError {
    var code: ChatErrorCode {
        switch self {
        case .malformedJSON: .malformedJSON
        case .missingType, .unknownType: .unknownType
        case .missingField: .missingField
        }
    }

    var userMessage: String {
        switch self {
        case .malformedJSON: "The message is not valid JSON."
        case .missingType: "The message has no type."
        case .unknownType(let type): "Unknown message type \"\(type)\"."
        case .missingField(let field): "The message is missing \"\(field)\"."
        }
    }
}

/// One generated reply: screens it token by token, streams what the screen has cleared, stores
/// the outcome.
private struct ReplyTurn: Sendable {
    let session: ChatSession
    let supportMode: SupportMode
    /// Help lines for where the person is, for the support prompt and any replacement text.
    let resources: [CrisisResource]
    /// The person's own words were about danger (support mode, or risk in this message): only
    /// then may a caught reply be replaced with the crisis text.
    let conversationAtRisk: Bool
    /// Sent once the reply is closed, before typing ends (the help lines for `concern`).
    let closingSupport: ServerMessage?

    func run() async {
        let deps = await session.deps
        let conversationID = session.conversationID
        let messageID = UUID()
        var text = ""
        var outcome: StoredMessage.Status = .interrupted
        await session.emit(.typing(true))
        do {
            let messages = try await prompt(deps: deps, conversationID: conversationID)
            // Re-checks only the sentence still being written, so screening stays cheap per token;
            // the person's question matters too ("Are you a real person?" must not get "Yes").
            var screen = StreamingReplyScreen(screen: deps.replyScreen,
                                              answering: messages.last(where: { $0.role == .user })?.content)
            var shaper = ReplyShaper(targetTokens: deps.limits.replyTargetTokens,
                                     earlierReplies: messages.filter { $0.role == .assistant }.map(\.content))
            let stream = deps.model.generate(conversationID: conversationID, messages: messages, parameters: deps.parameters)
            streaming: for try await event in stream {
                // The text that closes the reply, once the shaper or the model has ended it.
                var closing: String
                switch event {
                case .queued(let position):
                    await session.emit(.queue(position: position))
                    continue streaming
                case .started:
                    continue streaming
                case .token(let delta):
                    let decision = shaper.append(delta)
                    text = shaper.text
                    if case .blocked(let violation) = screen.check(text) {
                        text = await replace(violation: violation, deps: deps, messageID: messageID)
                        outcome = .replaced
                        break streaming
                    }
                    // One message per token, also the one that ends the reply; the closing
                    // message then carries what the person keeps. Each shows only what the screen
                    // has cleared: whole sentences, never the start of one that could still be
                    // blocked (the sentence being written is held back until it ends).
                    await session.emit(.streaming(messageID: messageID, partialContent: screen.approvedPrefix, isComplete: false))
                    guard case .stop(let kept, let reason) = decision else { continue streaming }
                    closing = kept
                    ReplyEndingMetrics.record(reason == .loop ? .loopStopped : .sentenceAfterTarget)
                    if reason == .loop {
                        await session.log.notice("reply stopped at a repetition", metadata: [
                            "conversation": "\(conversationID)", "tokens": "\(shaper.tokens)",
                        ])
                    }
                case .finished(let reason, let stats):
                    closing = shaper.finalText(after: reason)
                    if reason == .length {
                        let untrimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                        ReplyEndingMetrics.record(closing == untrimmed ? .cap : .fragmentTrimmed)
                    }
                    await session.log.info("reply complete", metadata: [
                        "conversation": "\(conversationID)", "tokens": "\(stats.generatedTokens)",
                        "prompt_tokens": "\(stats.promptTokens)", "reused": "\(stats.reusedPromptTokens)",
                        "ttft_ms": "\(stats.timeToFirstToken.milliseconds)",
                    ])
                }
                // The tail of the reply (a word still being written) is only settled now.
                if case .blocked(let violation) = screen.check(closing, isComplete: true) {
                    text = await replace(violation: violation, deps: deps, messageID: messageID)
                    outcome = .replaced
                    break streaming
                }
                text = closing
                outcome = .complete
                await session.emit(.streaming(messageID: messageID, partialContent: text, isComplete: true))
                break streaming
            }
        } catch let error as LLMError {
            outcome = .failed
            await session.log.error("generation failed", metadata: ["conversation": "\(conversationID)", "error": "\(error)"])
            await session.emit(.error(code: .generationFailed, message: error.description))
        } catch {
            outcome = Task.isCancelled ? .interrupted : .failed
            if !Task.isCancelled {
                await session.log.error("reply failed", metadata: [
                    "conversation": "\(conversationID)", "error": "\(String(reflecting: type(of: error)))",
                ])
                await session.emit(.error(code: .generationFailed, message: "The assistant could not answer. Please try again."))
            }
        }
        if outcome == .interrupted || outcome == .failed {
            // Cut short: still close the reply, so the client's "exactly one is_complete" holds.
            await session.emit(.streaming(messageID: messageID, partialContent: text, isComplete: true,
                                          note: outcome == .failed ? .failed : .interrupted))
        }
        // Stored before typing ends: a client that reconnects (to any instance) once the reply is
        // over finds it in the history.
        if !text.isEmpty || outcome == .complete {
            do {
                _ = try await deps.store.appendMessage(StoredMessage(role: .assistant, content: text, status: outcome),
                                                       conversationID: conversationID)
            } catch {
                await session.log.error("storing a reply failed", metadata: ["conversation": "\(conversationID)"])
            }
        }
        if let closingSupport, outcome != .interrupted { await session.emit(closingSupport) }
        await session.emit(.typing(false))
    }

    /// Stops a reply the output screen caught: the safe replacement closes it for the client.
    private func replace(violation: ReplyViolation, deps: ChatDependencies, messageID: UUID) async -> String {
        let replacement = CrisisResponse.replacementForBlockedReply(reason: violation, resources: resources,
                                                                    conversationAtRisk: conversationAtRisk)
        await session.emit(.streaming(messageID: messageID, partialContent: replacement, isComplete: true, note: .replaced))
        await session.record(level: .concern, categories: ["reply_\(violation.rawValue)"], source: .modelReply)
        await session.log.notice("model reply replaced by the output screen", metadata: [
            "conversation": "\(session.conversationID)", "violation": "\(violation.rawValue)",
        ])
        return replacement
    }

    /// The system prompt and the recent history; the model drops the oldest turns that do not fit.
    private func prompt(deps: ChatDependencies, conversationID: UUID) async throws -> [ChatMessage] {
        let supportText = supportMode.systemPrompt(resources: resources)
        let history = try await deps.store.recentMessages(conversationID: conversationID, limit: deps.limits.historyMessages)
        return PromptHistory.messages(system: SystemPrompt().text(supportMode: supportText), history: history)
    }
}

private extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
