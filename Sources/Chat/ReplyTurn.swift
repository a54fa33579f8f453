import Foundation
import LLM
import Logging
import Safety

/// One generated reply: screens it token by token, streams what the screen has cleared, stores
/// the outcome.
struct ReplyTurn: Sendable {
    let conversationID: UUID
    let dependencies: ChatDependencies
    /// The session's outbox: what the client is sent.
    let outbox: AsyncStream<ServerMessage>.Continuation
    let logger: Logger
    let supportMode: SupportMode
    /// Help lines for where the person is, for the support prompt and any replacement text.
    let resources: [CrisisResource]
    /// The person's own words were about danger (support mode, or risk in this message): only
    /// then may a caught reply be replaced with the crisis text.
    let conversationAtRisk: Bool
    /// Sent once the reply is closed, before typing ends (the help lines for `concern`).
    let closingSupport: ServerMessage?

    func run() async {
        let messageID = UUID()
        var text = ""
        var outcome: StoredMessage.Status = .interrupted
        var meter = ReplyMeter()
        emit(.typing(true))
        do {
            let messages = try await prompt()
            // Re-checks only the sentence still being written, so screening stays cheap per token;
            // the person's question matters too ("Are you a real person?" must not get "Yes").
            var screen = StreamingReplyScreen(screen: dependencies.replyScreen,
                                              answering: messages.last(where: { $0.role == .user })?.content)
            var shaper = ReplyShaper(targetTokens: dependencies.limits.replyTargetTokens,
                                     earlierReplies: messages.filter { $0.role == .assistant }.map(\.content))
            let stream = dependencies.model.generate(conversationID: conversationID, messages: messages,
                                                     parameters: dependencies.parameters)
            meter.submitted()
            streaming: for try await event in stream {
                // The text that closes the reply, once the shaper or the model has ended it.
                var closing: String
                switch event {
                case .queued(let position):
                    emit(.queue(position: position))
                    continue streaming
                case .started:
                    meter.started()
                    continue streaming
                case .token(let delta):
                    meter.token()
                    let decision = shaper.append(delta)
                    text = shaper.text
                    if case .blocked(let violation) = screen.check(text) {
                        text = await replace(violation: violation, messageID: messageID)
                        outcome = .replaced
                        break streaming
                    }
                    // One message per token, also the one that ends the reply; the closing
                    // message then carries what the person keeps. Each shows only what the screen
                    // has cleared: whole sentences, never the start of one that could still be
                    // blocked (the sentence being written is held back until it ends).
                    emit(.streaming(messageID: messageID, partialContent: screen.approvedPrefix, isComplete: false))
                    guard case .stop(let kept, let reason) = decision else { continue streaming }
                    closing = kept
                    ReplyEndingMetrics.record(reason == .loop ? .loopStopped : .sentenceAfterTarget)
                    if reason == .loop {
                        logger.notice("reply stopped at a repetition", metadata: [
                            "conversation": "\(conversationID)", "tokens": "\(shaper.tokens)",
                        ])
                    }
                case .finished(let reason, let stats):
                    closing = shaper.finalText(after: reason)
                    if reason == .length {
                        let untrimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                        ReplyEndingMetrics.record(closing == untrimmed ? .cap : .fragmentTrimmed)
                    }
                    logger.info("reply complete", metadata: [
                        "conversation": "\(conversationID)", "tokens": "\(stats.generatedTokens)",
                        "prompt_tokens": "\(stats.promptTokens)", "reused": "\(stats.reusedPromptTokens)",
                        "ttft_ms": "\(stats.timeToFirstToken.milliseconds)",
                    ])
                }
                // The tail of the reply (a word still being written) is only settled now.
                if case .blocked(let violation) = screen.check(closing, isComplete: true) {
                    text = await replace(violation: violation, messageID: messageID)
                    outcome = .replaced
                    break streaming
                }
                text = closing
                outcome = .complete
                emit(.streaming(messageID: messageID, partialContent: text, isComplete: true))
                break streaming
            }
        } catch let error as LLMError {
            outcome = .failed
            logger.error("generation failed", metadata: ["conversation": "\(conversationID)", "error": "\(error)"])
            emit(.error(code: .generationFailed, message: error.description))
        } catch {
            outcome = Task.isCancelled ? .interrupted : .failed
            if !Task.isCancelled {
                logger.error("reply failed", metadata: [
                    "conversation": "\(conversationID)", "error": "\(String(reflecting: type(of: error)))",
                ])
                emit(.error(code: .generationFailed, message: "The assistant could not answer. Please try again."))
            }
        }
        meter.ended(outcome == .interrupted ? .cancelled : outcome == .failed ? .failed : .finished)
        if outcome == .interrupted || outcome == .failed {
            // Cut short: still close the reply, so the client's "exactly one is_complete" holds.
            emit(.streaming(messageID: messageID, partialContent: text, isComplete: true,
                            note: outcome == .failed ? .failed : .interrupted))
        }
        // Stored before typing ends: a client that reconnects (to any instance) once the reply is
        // over finds it in the history.
        if !text.isEmpty || outcome == .complete {
            do {
                _ = try await dependencies.store.appendMessage(StoredMessage(role: .assistant, content: text, status: outcome),
                                                       conversationID: conversationID)
            } catch {
                logger.error("storing a reply failed", metadata: ["conversation": "\(conversationID)"])
            }
        }
        if let closingSupport, outcome != .interrupted { emit(closingSupport) }
        emit(.typing(false))
    }

    /// Stops a reply the output screen caught: the safe replacement closes it for the client.
    private func replace(violation: ReplyViolation, messageID: UUID) async -> String {
        let replacement = CrisisResponse.replacementForBlockedReply(reason: violation, resources: resources,
                                                                    conversationAtRisk: conversationAtRisk)
        emit(.streaming(messageID: messageID, partialContent: replacement, isComplete: true, note: .replaced))
        await dependencies.recordRisk(level: .concern, categories: ["reply_\(violation.rawValue)"], source: .modelReply,
                              conversationID: conversationID, logger: logger)
        logger.notice("model reply replaced by the output screen", metadata: [
            "conversation": "\(conversationID)", "violation": "\(violation.rawValue)",
        ])
        return replacement
    }

    /// The system prompt and the recent history; the model drops the oldest turns that do not fit.
    private func prompt() async throws -> [ChatMessage] {
        let supportText = supportMode.systemPrompt(resources: resources)
        let history = try await dependencies.store.recentMessages(conversationID: conversationID,
                                                                 limit: dependencies.limits.historyMessages)
        return PromptHistory.messages(system: SystemPrompt().text(supportMode: supportText), history: history)
    }

    private func emit(_ message: ServerMessage) {
        outbox.yield(message)
    }
}
