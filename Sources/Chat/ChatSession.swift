import Foundation
import LLM
import Logging
import Safety

/// One person's chat over one socket: frames in, messages out, in order.
///
/// The path of a message, in one pass down and one back: `serve` reads the socket's frames as an
/// async sequence; each chat message is checked (length, rate), stored, screened (rules + learned
/// second opinion, with the person's recent messages); crisis language gets the fixed, written
/// reply and help resources, never generated text; anything else starts a `ReplyTurn`, which
/// streams the model's reply through the output screen. Everything for the client goes into
/// `outbox`, which the caller writes to the socket. A new message, or the socket closing, cancels
/// the reply in flight and frees its model slot.
public actor ChatSession {
    public let conversationID: UUID
    /// What the client is sent, in order; finishes once the session is closed.
    public nonisolated let outbox: AsyncStream<ServerMessage>
    private let out: AsyncStream<ServerMessage>.Continuation
    private let dependencies: ChatDependencies
    private let logger: Logger
    private var generation: Task<Void, Never>?

    public init(conversationID: UUID, dependencies: ChatDependencies, logger: Logger) {
        self.conversationID = conversationID
        self.dependencies = dependencies
        self.logger = logger
        (outbox, out) = AsyncStream<ServerMessage>.makeStream()
    }

    /// A socket frame, as the session needs it.
    public enum Frame: Sendable {
        case text(String)
        case binary
    }

    /// Greets, handles `frames` one at a time until they end (the socket closed), then closes.
    public func serve<Frames: AsyncSequence & Sendable>(_ frames: Frames, resumed: Bool) async
    where Frames.Element == Frame, Frames.Failure == Never {
        greet(resumed: resumed)
        for await frame in frames {
            switch frame {
            case .text(let text): await receive(text: text)
            case .binary: receiveBinary()
            }
        }
        await close()
    }

    /// The greeting sent on connect; it carries the conversation id a client reconnects with.
    func greet(resumed: Bool) {
        let content = resumed
            ? "Welcome back. I'm here with you, and I remember what we talked about. How are you feeling now?"
            : "Hi, I'm depressoAssist, an AI companion. I'm here to listen, without judgement. How are you feeling today?"
        send(.system(content: content, conversationID: conversationID))
    }

    func receive(text: String) async {
        let message: ClientMessage
        do {
            message = try ClientMessage.parse(text)
        } catch {
            send(.error(code: error.code, message: error.userMessage))
            return
        }
        switch message {
        case .chat(let content, let mood):
            await handleChat(content: content, mood: mood)
        case .analysisRequest(let fileID, let fileType):
            await handleAnalysisRequest(fileID: fileID, fileType: fileType)
        }
    }

    func receiveBinary() {
        send(.error(code: .binaryNotSupported, message: "Binary frames are not supported; send JSON text."))
    }

    /// The socket closed: stop generating at once (the partial reply is stored as interrupted),
    /// then end the outbox.
    public func close() async {
        generation?.cancel()
        await generation?.value
        generation = nil
        out.finish()
    }

    /// Waits for the reply in flight, for callers that need to know it has been stored.
    public func waitUntilIdle() async {
        await generation?.value
    }

    private func send(_ message: ServerMessage) {
        out.yield(message)
    }

    // MARK: - Chat turns

    private func handleChat(content: String, mood: String?) async {
        let text = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            send(.error(code: .emptyMessage, message: "The message is empty."))
            return
        }
        guard text.count <= dependencies.limits.maxMessageCharacters else {
            send(.error(code: .messageTooLong,
                        message: "The message is too long (at most \(dependencies.limits.maxMessageCharacters) characters)."))
            return
        }
        guard await dependencies.admitMessage() else {
            send(.error(code: .rateLimited,
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
            send(.error(code: .storageFailed, message: "Your message could not be saved. Please try again."))
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
            await dependencies.recordRisk(level: assessment.level, categories: assessment.categories.map(\.rawValue),
                                          source: .userMessage, conversationID: conversationID, logger: logger)
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
        let turn = ReplyTurn(conversationID: conversationID, dependencies: dependencies, outbox: out, logger: logger,
                             supportMode: supportMode, resources: resources,
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
        send(.typing(true))
        send(.streaming(messageID: messageID, partialContent: reply, isComplete: true, note: .safetyReply))
        send(.crisisSupport(level: assessment.level.description,
                            message: CrisisResponse.panelMessage(resources: resources), resources: resources,
                            safetyPlan: plan))
        do {
            _ = try await dependencies.store.appendMessage(
                StoredMessage(role: .assistant, content: reply, status: .safetyReply), conversationID: conversationID)
        } catch {
            logger.error("storing a crisis reply failed", metadata: ["conversation": "\(conversationID)"])
        }
        send(.typing(false))
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

    // MARK: - Analyses

    private func handleAnalysisRequest(fileID: String, fileType: String?) async {
        guard let id = UUID(uuidString: fileID) else {
            send(.error(code: .analysisNotFound, message: "No analysis was found for that file."))
            return
        }
        do {
            guard let json = try await dependencies.store.analysisJSON(fileID: id, fileType: fileType) else {
                send(.error(code: .analysisNotFound, message: "No analysis was found for that file."))
                return
            }
            send(.analysisResult(fileID: fileID, analysis: try JSONValue(jsonString: json)))
        } catch {
            logger.error("reading an analysis failed", metadata: ["conversation": "\(conversationID)"])
            send(.error(code: .storageFailed, message: "The analysis could not be read. Please try again."))
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

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
