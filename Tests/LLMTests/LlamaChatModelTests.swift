import Foundation
import LLM
import Testing

extension RealModelTests {
    /// Behaviour of the llama.cpp engine against the real SmolLM2 model. Serialized: each test loads
    /// the model and uses both cores.
    @Suite("llama.cpp engine")
    struct LlamaChatModelTests {
        static let system = ChatMessage.system("You are a warm, supportive assistant. Answer briefly.")

        @Test("a generation streams several tokens, then exactly one finished event")
        func streamsTokensThenFinishes() async throws {
            let model = try LlamaChatModel(configuration: try TestModels.smolConfiguration(), logger: TestModels.logger)
            let transcript = try await Transcript.collect(
                model.generate(
                    conversationID: UUID(),
                    messages: [Self.system, .user("Tell me a short story about a lighthouse keeper.")],
                    parameters: GenerationParameters(maxNewTokens: 24, seed: 7, ignoresEndOfGeneration: true)))
            await model.shutdown()

            #expect(transcript.events.first == .started)
            #expect(transcript.tokenEvents >= 2)
            #expect(transcript.finishedCount == 1)
            guard case .finished(let reason, let stats)? = transcript.events.last else {
                Issue.record("the last event is not .finished: \(transcript.events.last.map { "\($0)" } ?? "none")")
                return
            }
            #expect(stats.generatedTokens >= transcript.tokenEvents)
            #expect(reason == .length)
            #expect(stats.generatedTokens == 24)
            #expect(stats.timeToFirstToken > .zero)
            #expect(transcript.events.allSatisfy { event in
                if case .token(let text) = event { return !text.isEmpty }
                return true
            })
        }

        @Test("SmolLM2 prompts use its embedded chatml template")
        func chatmlTemplate() throws {
            let model = try LlamaChatModel(configuration: try TestModels.smolConfiguration(), logger: TestModels.logger)
            let prompt = try model.renderPrompt(messages: [Self.system, .user("Hi"), .assistant("Hello!"), .user("How are you?")])
            #expect(prompt.hasPrefix("<|im_start|>system\nYou are a warm"))
            #expect(prompt.contains("<|im_start|>user\nHi<|im_end|>"))
            #expect(prompt.contains("<|im_start|>assistant\nHello!<|im_end|>"))
            #expect(prompt.hasSuffix("<|im_start|>assistant\n"))
        }

        @Test("Gemma 3 uses the built-in gemma template chosen by configuration, system prompt merged into the first user turn")
        func gemmaTemplate() async throws {
            let path = try TestModels.path(TestModels.gemma3)
            #expect(throws: LLMError.self) {
                _ = try LlamaChatModel(
                    configuration: LlamaConfiguration(modelPath: path, contextSize: 512, threads: 1, parallelSequences: 1),
                    logger: TestModels.logger)
            }
            let model = try LlamaChatModel(
                configuration: LlamaConfiguration(
                    modelPath: path, contextSize: 512, threads: 1, parallelSequences: 1, chatTemplate: "gemma"),
                logger: TestModels.logger)
            let prompt = try model.renderPrompt(messages: [Self.system, .user("Hi"), .assistant("Hello!"), .user("Bye")])
            #expect(prompt.hasPrefix("<start_of_turn>user\nYou are a warm"))
            #expect(prompt.contains("Answer briefly.\n\nHi<end_of_turn>"))
            #expect(prompt.contains("<start_of_turn>model\nHello!<end_of_turn>"))
            #expect(prompt.hasSuffix("<start_of_turn>model\n"))
            #expect(!prompt.contains("system"))

            let transcript = try await Transcript.collect(
                model.generate(
                    conversationID: UUID(), messages: [Self.system, .user("Hi")],
                    parameters: GenerationParameters(maxNewTokens: 4, seed: 1)))
            await model.shutdown()
            #expect(transcript.finishedCount == 1)
        }

        @Test("two conversations generate concurrently and share decode batches", arguments: [false, true])
        func concurrentConversationsShareBatches(kvUnified: Bool) async throws {
            let model = try LlamaChatModel(
                configuration: try TestModels.smolConfiguration(parallelSequences: 2, kvUnified: kvUnified),
                logger: TestModels.logger)
            let parameters = GenerationParameters(maxNewTokens: 32, seed: 3, ignoresEndOfGeneration: true)
            async let first = Transcript.collect(
                model.generate(
                    conversationID: UUID(), messages: [Self.system, .user("Describe the sea in a few sentences.")],
                    parameters: parameters))
            async let second = Transcript.collect(
                model.generate(
                    conversationID: UUID(), messages: [Self.system, .user("Describe a forest in a few sentences.")],
                    parameters: parameters))
            let (a, b) = try await (first, second)
            let statistics = model.statistics
            await model.shutdown()

            let statsA = try #require(a.finished).1
            let statsB = try #require(b.finished).1
            #expect(a.finishedCount == 1 && b.finishedCount == 1)
            #expect(a.queuedPositions.isEmpty && b.queuedPositions.isEmpty)
            #expect(statsA.generatedTokens == 32 && statsB.generatedTokens == 32)
            #expect(statistics.maxSequencesPerDecode == 2)
            #expect(statsA.peakBatchedSequences == 2 && statsB.peakBatchedSequences == 2)
        }

        @Test("a follow-up turn reuses the conversation's KV cache and processes only the new tokens", arguments: [false, true])
        func followUpReusesCache(kvUnified: Bool) async throws {
            let model = try LlamaChatModel(
                configuration: try TestModels.smolConfiguration(kvUnified: kvUnified), logger: TestModels.logger)
            let conversation = UUID()
            var history = [Self.system, ChatMessage.user("I had a hard day at work today.")]
            let parameters = GenerationParameters(maxNewTokens: 40, seed: 11)

            let turn1 = try await Transcript.collect(
                model.generate(conversationID: conversation, messages: history, parameters: parameters))
            let stats1 = try #require(turn1.finished).1
            #expect(stats1.reusedPromptTokens == 0)

            history.append(.assistant(turn1.text))
            let followUp = ChatMessage.user("Thank you. What could help me relax tonight?")
            history.append(followUp)
            let turn2 = try await Transcript.collect(
                model.generate(conversationID: conversation, messages: history, parameters: parameters))
            let stats2 = try #require(turn2.finished).1
            await model.shutdown()

            // Everything up to the previous reply comes from the cache; only the new user turn (plus
            // the end-of-turn markers after the reply) is processed.
            let newTurnTokens = try model.tokenCount(of: try model.renderPrompt(messages: [followUp]))
            #expect(stats2.reusedPromptTokens > stats1.promptTokens)
            #expect(stats2.processedPromptTokens <= newTurnTokens + 8)
            #expect(stats2.promptTokens == stats2.reusedPromptTokens + stats2.processedPromptTokens)
        }

        /// One slot: a second person takes it, and the first comes back. Their cache was parked in
        /// memory and is put back, so only the new turn is processed, not the whole history.
        @Test("a conversation whose slot went to another comes back to its own cache", arguments: [false, true])
        func evictedConversationIsRestored(kvUnified: Bool) async throws {
            let model = try LlamaChatModel(
                configuration: try TestModels.smolConfiguration(parallelSequences: 1, kvUnified: kvUnified),
                logger: TestModels.logger)
            let parameters = GenerationParameters(maxNewTokens: 16, seed: 4)
            let first = UUID()
            var history = [Self.system, ChatMessage.user(
                "This week I moved flats, started a new job and my cat was ill, and I have not slept properly since Sunday.")]
            let turn1 = try await Transcript.collect(model.generate(conversationID: first, messages: history, parameters: parameters))
            let stats1 = try #require(turn1.finished).1
            _ = try await Transcript.collect(model.generate(
                conversationID: UUID(), messages: [.system("Be brief."), .user("What is a good name for a goldfish?")],
                parameters: parameters))

            history.append(.assistant(turn1.text))
            history.append(.user("Thanks. Where should I start?"))
            let turn2 = try await Transcript.collect(model.generate(conversationID: first, messages: history, parameters: parameters))
            let stats2 = try #require(turn2.finished).1
            let statistics = model.statistics
            await model.shutdown()
            #expect(statistics.conversationsRestored == 1)
            #expect(stats2.reusedPromptTokens > stats1.promptTokens)
            #expect(turn2.finishedCount == 1)
        }

        /// Unified: the new sequence shares the donor's cells; per-sequence buffers: the donor's
        /// buffer is copied and its tail dropped. Either way the donor keeps its conversation.
        @Test("a new conversation reuses the shared system prompt from another sequence without evicting it", arguments: [false, true])
        func newConversationBorrowsSystemPrompt(kvUnified: Bool) async throws {
            let model = try LlamaChatModel(
                configuration: try TestModels.smolConfiguration(parallelSequences: 2, kvUnified: kvUnified),
                logger: TestModels.logger)
            let system = ChatMessage.system(
                "You are a warm, supportive assistant for people who feel low. Listen first, answer briefly, "
                    + "suggest one small, concrete step, and encourage reaching out to people they trust.")
            let systemTokens = try model.tokenCount(of: try model.renderPrompt(messages: [system]))
            let parameters = GenerationParameters(maxNewTokens: 8, seed: 1)
            let conversationA = UUID()
            let historyA = [system, ChatMessage.user("I feel tired.")]
            let a1 = try await Transcript.collect(
                model.generate(conversationID: conversationA, messages: historyA, parameters: parameters))
            let b = try await Transcript.collect(
                model.generate(conversationID: UUID(), messages: [system, .user("I can't sleep.")], parameters: parameters))
            let a2 = try await Transcript.collect(
                model.generate(
                    conversationID: conversationA, messages: historyA + [.assistant(a1.text), .user("Thanks.")],
                    parameters: parameters))
            await model.shutdown()

            let statsA1 = try #require(a1.finished).1
            let statsB = try #require(b.finished).1
            let statsA2 = try #require(a2.finished).1
            #expect(statsA1.reusedPromptTokens == 0)
            #expect(statsB.reusedPromptTokens >= systemTokens - 8)
            // A's own sequence was not evicted for B: its whole previous turn is still cached.
            #expect(statsA2.reusedPromptTokens >= statsA1.promptTokens)
        }

        @Test("cancelling a generation frees its slot for the next waiting request")
        func cancellationFreesSlot() async throws {
            let model = try LlamaChatModel(
                configuration: try TestModels.smolConfiguration(parallelSequences: 1), logger: TestModels.logger)
            let longReply = GenerationParameters(maxNewTokens: 400, seed: 5, ignoresEndOfGeneration: true)
            let streamA = model.generate(
                conversationID: UUID(), messages: [Self.system, .user("Write a very long essay about the ocean.")],
                parameters: longReply)
            let (generatingA, generating) = AsyncStream<Void>.makeStream()
            let taskA = Task {
                var tokens = 0
                for try await event in streamA {
                    if case .token = event {
                        tokens += 1
                        if tokens == 3 { generating.yield() }
                    }
                }
                return tokens
            }
            // Wait until A is generating, then queue B behind it.
            var signals = generatingA.makeAsyncIterator()
            _ = await signals.next()
            let streamB = model.generate(
                conversationID: UUID(), messages: [Self.system, .user("Say hi.")],
                parameters: GenerationParameters(maxNewTokens: 8, seed: 5))
            var iteratorB = streamB.makeAsyncIterator()
            #expect(try await iteratorB.next() == .queued(position: 1))

            let cancelledAt = ContinuousClock.now
            taskA.cancel()
            #expect(try await iteratorB.next() == .started)
            let startDelay = ContinuousClock.now - cancelledAt
            var rest = Transcript()
            while let event = try await iteratorB.next() { rest.events.append(event) }
            let tokensA = try await taskA.value
            let statistics = model.statistics
            await model.shutdown()

            #expect(startDelay < .seconds(2), "B started \(startDelay) after A was cancelled")
            #expect(tokensA < 400)
            #expect(rest.finishedCount == 1)
            #expect(statistics.cancelledRequests == 1)
        }

        @Test("more requests than slots, some cancelled while queued or mid-prompt, all end cleanly")
        func oversubscribedWithCancellations() async throws {
            let model = try LlamaChatModel(
                configuration: try TestModels.smolConfiguration(parallelSequences: 2, batchSize: 32),
                logger: TestModels.logger)
            let longHistory = (1...6).flatMap { turn in
                [ChatMessage.user("Turn \(turn): I keep thinking about everything that went wrong this week."),
                 ChatMessage.assistant("That sounds heavy. Which part weighs on you the most right now?")]
            }
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<8 {
                    let stream = model.generate(
                        conversationID: UUID(), messages: [Self.system] + longHistory + [.user("Request \(index).")],
                        parameters: GenerationParameters(maxNewTokens: 16, seed: UInt32(index), ignoresEndOfGeneration: true))
                    group.addTask {
                        var sawStart = false
                        for try await event in stream {
                            if case .started = event { sawStart = true }
                            // Every third request walks away: right after starting (mid-prompt,
                            // the batch holds 32 tokens) or while still queued.
                            if index % 3 == 1, sawStart { return "cancelled" }
                            if index % 3 == 2, case .queued = event { return "cancelled" }
                            if case .finished = event { return "finished" }
                        }
                        return "ended without finished"
                    }
                }
                var outcomes: [String] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            // The engine serves the next request normally afterwards.
            let after = try await Transcript.collect(
                model.generate(conversationID: UUID(), messages: [Self.system, .user("Hello")],
                               parameters: GenerationParameters(maxNewTokens: 4, seed: 3)))
            await model.shutdown()
            let statistics = model.statistics

            #expect(outcomes.count == 8)
            #expect(!outcomes.contains("ended without finished"))
            #expect(after.finishedCount == 1)
            #expect(statistics.failedRequests == 0)
            #expect(statistics.completedRequests + statistics.cancelledRequests == 9)
            #expect(statistics.activeSequences == 0 && statistics.queuedRequests == 0)
        }

        @Test("waiting requests get their queue position, updated as the queue moves")
        func queuePositions() async throws {
            let model = try LlamaChatModel(
                configuration: try TestModels.smolConfiguration(parallelSequences: 1), logger: TestModels.logger)
            let parameters = GenerationParameters(maxNewTokens: 12, seed: 9, ignoresEndOfGeneration: true)
            func ask(_ text: String) -> AsyncThrowingStream<GenerationEvent, any Error> {
                model.generate(conversationID: UUID(), messages: [Self.system, .user(text)], parameters: parameters)
            }
            let a = ask("Name a colour.")
            let b = ask("Name a fruit.")
            let c = ask("Name an animal.")
            let d = ask("Name a city.")
            async let ta = Transcript.collect(a)
            async let tb = Transcript.collect(b)
            async let tc = Transcript.collect(c)
            async let td = Transcript.collect(d)
            let (ra, rb, rc, rd) = try await (ta, tb, tc, td)
            await model.shutdown()

            #expect(ra.queuedPositions.isEmpty)
            #expect(rb.queuedPositions == [1])
            #expect(rc.queuedPositions == [2, 1])
            #expect(rd.queuedPositions == [3, 2, 1])
            for transcript in [ra, rb, rc, rd] {
                #expect(transcript.finishedCount == 1)
                // Queue updates come before the start, the start before any token.
                let started = try #require(transcript.events.firstIndex(of: .started))
                #expect(transcript.events[..<started].allSatisfy { if case .queued = $0 { true } else { false } })
            }
            let queueWaitD = try #require(rd.finished).1.queueDuration
            #expect(queueWaitD > .zero)
        }

        @Test("a history longer than the context drops the oldest turns but keeps the system prompt")
        func overflowDropsOldestTurns() async throws {
            let model = try LlamaChatModel(
                configuration: try TestModels.smolConfiguration(contextSize: 256, parallelSequences: 1),
                logger: TestModels.logger)
            var history = [Self.system]
            for turn in 1...12 {
                history.append(.user("This is message number \(turn), about my week and how I have been feeling lately."))
                history.append(.assistant("Thank you for sharing message \(turn). It sounds like a lot to carry."))
            }
            let last = ChatMessage.user("What should I do first tomorrow morning?")
            history.append(last)
            let parameters = GenerationParameters(maxNewTokens: 32, seed: 2)

            let fit = try model.fitPrompt(messages: history, parameters: parameters)
            #expect(fit.droppedMessages > 0)
            #expect(fit.messages.first == Self.system)
            #expect(fit.messages.last == last)
            #expect(fit.messages[1].role == .user)
            #expect(fit.size <= 256 - 32)
            #expect(fit.text.contains("message number 12"))
            #expect(!fit.text.contains("message number 1,"))

            let transcript = try await Transcript.collect(
                model.generate(conversationID: UUID(), messages: history, parameters: parameters))
            await model.shutdown()
            let stats = try #require(transcript.finished).1
            #expect(stats.droppedMessages > 0)
            #expect(stats.promptTokens + stats.generatedTokens <= 256)
        }

        /// The chat loads only the last N messages, so each turn the oldest pair leaves the window
        /// the engine is given; the prompt must keep starting at the same message to keep its cache.
        @Test("after an overflow, a history window that moves on keeps the prompt's start and the cache")
        func movingHistoryWindowKeepsTheCache() async throws {
            let model = try LlamaChatModel(
                configuration: try TestModels.smolConfiguration(contextSize: 512, parallelSequences: 1),
                logger: TestModels.logger)
            var pairs: [[ChatMessage]] = []
            for turn in 1...14 {
                pairs.append([
                    .user("This is message number \(turn), about my week and how I have been feeling lately."),
                    .assistant("Thank you for sharing message \(turn). It sounds like a lot to carry."),
                ])
            }
            let conversation = UUID()
            let parameters = GenerationParameters(maxNewTokens: 16, seed: 4)
            // Turn A sees pairs 0..<12, turn B the window moved by one pair: 1..<12 plus A's turn.
            let firstQuestion = ChatMessage.user("What should I do first tomorrow morning?")
            let turnA = [Self.system] + pairs[0..<12].flatMap { $0 } + [firstQuestion]
            let a = try await Transcript.collect(model.generate(conversationID: conversation, messages: turnA, parameters: parameters))
            let statsA = try #require(a.finished).1
            let turnB = [Self.system] + pairs[1..<12].flatMap { $0 }
                + [firstQuestion, .assistant(a.text), .user("And in the evening?")]
            let b = try await Transcript.collect(model.generate(conversationID: conversation, messages: turnB, parameters: parameters))
            await model.shutdown()
            let statsB = try #require(b.finished).1

            #expect(statsA.droppedMessages > 2)
            // The same first kept message: B drops two fewer of its (already shorter) list.
            #expect(statsB.droppedMessages == statsA.droppedMessages - 2)
            // Everything A's prompt held is reused; only A's reply and the new question are processed.
            #expect(statsB.reusedPromptTokens >= statsA.promptTokens)
        }

        @Test("an overflow removes the left-out turns from the cache instead of decoding the kept ones again", arguments: [false, true])
        func overflowShiftsTheCache(kvUnified: Bool) async throws {
            let model = try LlamaChatModel(
                configuration: try TestModels.smolConfiguration(contextSize: 512, parallelSequences: 1, kvUnified: kvUnified),
                logger: TestModels.logger)
            var history = [Self.system]
            for turn in 1...9 {
                history.append(.user("This is message number \(turn), about my week and how I have been feeling lately."))
                history.append(.assistant("Thank you for sharing message \(turn). It sounds like a lot to carry."))
            }
            history.append(.user("What should I do first tomorrow morning?"))
            let conversation = UUID()
            let parameters = GenerationParameters(maxNewTokens: 16, seed: 5)
            let a = try await Transcript.collect(model.generate(conversationID: conversation, messages: history, parameters: parameters))
            let statsA = try #require(a.finished).1
            history.append(.assistant(a.text))
            for turn in 10...12 {
                history.append(.user("This is message number \(turn), about my week and how I have been feeling lately."))
                history.append(.assistant("Thank you for sharing message \(turn). It sounds like a lot to carry."))
            }
            history.append(.user("And in the evening?"))
            let b = try await Transcript.collect(model.generate(conversationID: conversation, messages: history, parameters: parameters))
            let statsB = try #require(b.finished).1
            history += [.assistant(b.text), .user("Thank you.")]
            let c = try await Transcript.collect(model.generate(conversationID: conversation, messages: history, parameters: parameters))
            await model.shutdown()
            let statsC = try #require(c.finished).1

            #expect(statsA.droppedMessages == 0)
            #expect(statsB.droppedMessages > 0)
            // B starts with turns A's prompt held further along: they come from the cache, moved back.
            let systemTokens = try model.tokenCount(of: try model.renderPrompt(messages: [Self.system, .user("x")])) - 8
            #expect(statsB.reusedPromptTokens > systemTokens + 100)
            #expect(b.finishedCount == 1 && !b.text.isEmpty)
            // The cache and its bookkeeping still agree: the next turn reuses all of B's prompt.
            #expect(statsC.reusedPromptTokens >= statsB.promptTokens)
        }

        @Test("a conversation whose last message alone is too long fails with promptTooLong")
        func promptTooLong() async throws {
            let model = try LlamaChatModel(
                configuration: try TestModels.smolConfiguration(contextSize: 128, parallelSequences: 1),
                logger: TestModels.logger)
            let huge = String(repeating: "I feel tired and sad. ", count: 100)
            await #expect(throws: LLMError.self) {
                _ = try await Transcript.collect(
                    model.generate(conversationID: UUID(), messages: [Self.system, .user(huge)], parameters: .init()))
            }
            // The engine keeps serving after a rejected request.
            let transcript = try await Transcript.collect(
                model.generate(
                    conversationID: UUID(), messages: [Self.system, .user("Hello")],
                    parameters: GenerationParameters(maxNewTokens: 4, seed: 3)))
            await model.shutdown()
            #expect(transcript.finishedCount == 1)
        }

        @Test("requests after shutdown fail with shuttingDown")
        func shutdownRejects() async throws {
            let model = try LlamaChatModel(configuration: try TestModels.smolConfiguration(), logger: TestModels.logger)
            await model.shutdown()
            #expect(await model.status.state == .shutDown)
            await #expect(throws: LLMError.shuttingDown) {
                _ = try await Transcript.collect(
                    model.generate(conversationID: UUID(), messages: [.user("Hello")], parameters: .init()))
            }
        }

        @Test("a missing model file fails to load with modelLoadFailed")
        func missingModel() {
            #expect(throws: LLMError.modelLoadFailed(path: "/nonexistent/model.gguf")) {
                _ = try LlamaChatModel(
                    configuration: LlamaConfiguration(modelPath: "/nonexistent/model.gguf"), logger: TestModels.logger)
            }
        }
    }
}
