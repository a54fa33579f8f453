@testable import Chat
import Foundation
import LLM
import Safety
import Testing

/// The chat path without sockets, databases or a real model: `ChatSession` with an in-memory
/// store, a scripted model and a second opinion that says what the test tells it. Every wait is on
/// an event (`waitUntilIdle`, the outbox ending), never on time.
@Suite struct ChatSessionTests {
    /// What must outlive a socket, kept in memory.
    actor MemoryStore: ConversationStore {
        var messages: [StoredMessage] = []
        var mode = SupportMode()
        var riskEvents: [(source: RiskEventSource, level: String)] = []
        var plan: String?
        var country: String?

        init(plan: String? = nil, country: String? = nil) {
            self.plan = plan
            self.country = country
        }

        func appendMessage(_ message: StoredMessage, conversationID: UUID) async throws -> UUID {
            messages.append(message)
            return UUID()
        }
        func recentMessages(conversationID: UUID, limit: Int) async throws -> [StoredMessage] { Array(messages.suffix(limit)) }
        func supportMode(conversationID: UUID) async throws -> SupportMode { mode }
        func setSupportMode(_ mode: SupportMode, conversationID: UUID) async throws { self.mode = mode }
        func recordRiskEvent(conversationID: UUID, source: RiskEventSource, level: String, categories: [String]) async throws {
            riskEvents.append((source, level))
        }
        func analysisJSON(fileID: UUID, fileType: String?) async throws -> String? { nil }
        func safetyPlanJSON() async throws -> String? { plan }
        func chosenCountry() async throws -> String? { country }
    }

    /// Replies with the same tokens every time, and counts how often it was asked.
    final class ScriptedModel: ChatModel, @unchecked Sendable {
        let tokens: [String]
        private let lock = NSLock()
        private var calls = 0
        var callCount: Int { lock.withLock { calls } }

        init(_ tokens: [String]) { self.tokens = tokens }

        func generate(conversationID: UUID, messages: [ChatMessage], parameters: GenerationParameters)
            -> AsyncThrowingStream<GenerationEvent, any Error> {
            lock.withLock { calls += 1 }
            let tokens = tokens
            return AsyncThrowingStream { continuation in
                continuation.yield(.started)
                for token in tokens { continuation.yield(.token(token)) }
                continuation.yield(.finished(.stop, GenerationStats(generatedTokens: tokens.count)))
                continuation.finish()
            }
        }

        var status: ModelStatus { get async { ModelStatus(state: .ready, backend: "scripted", modelName: "scripted") } }
        func shutdown() async {}
    }

    struct FixedOpinion: SecondOpinion {
        let answer: RiskLevel?
        func level(for text: String) async -> RiskLevel? { answer }
    }

    /// Everything the session sent, read once the test is done with it (closing the session ends
    /// its outbox).
    actor Outbox {
        let session: ChatSession
        private var collected: [ServerMessage]?

        init(_ session: ChatSession) { self.session = session }

        var sent: [ServerMessage] {
            get async {
                if let collected { return collected }
                await session.close()
                var all: [ServerMessage] = []
                for await message in session.outbox { all.append(message) }
                collected = all
                return all
            }
        }
    }

    static func session(model: ScriptedModel, store: MemoryStore, opinion: RiskLevel? = nil) -> (ChatSession, Outbox) {
        let dependencies = ChatDependencies(model: model, store: store,
                                            screener: EscalatingScreener(secondOpinion: FixedOpinion(answer: opinion)),
                                            limits: .init(region: "US"))
        let session = ChatSession(conversationID: UUID(), dependencies: dependencies, logger: .init(label: "test"))
        return (session, Outbox(session))
    }

    static func chat(_ text: String) -> String { #"{"type": "chat_message", "content": "\#(text)"}"# }

    @Test func crisisLanguageGetsTheFixedReplyAndTheModelIsNeverAsked() async throws {
        let model = ScriptedModel(["Sure", "."])
        let store = MemoryStore()
        let (session, outbox) = Self.session(model: model, store: store)
        await session.receive(text: Self.chat("I want to kill myself"))
        await session.waitUntilIdle()
        #expect(model.callCount == 0)
        let sent = await outbox.sent
        guard case .streaming(_, let reply, true, .safetyReply) = sent[1] else { Issue.record("\(sent)"); return }
        #expect(reply.contains("988"))
        #expect(sent.contains { if case .crisisSupport(let level, _, _, nil) = $0 { level == "crisis" } else { false } })
        #expect(await store.riskEvents.map(\.level) == ["crisis"])
        #expect(await store.messages.map(\.status) == [.complete, .safetyReply])
    }

    @Test func theSecondOpinionCanRaiseAMessageTheRulesLetThrough() async throws {
        let model = ScriptedModel(["Okay", "."])
        let (session, outbox) = Self.session(model: model, store: MemoryStore(), opinion: .crisis)
        await session.receive(text: Self.chat("after this weekend nobody will have to deal with me"))
        await session.waitUntilIdle()
        #expect(model.callCount == 0)
        #expect(await outbox.sent.contains { if case .crisisSupport = $0 { true } else { false } })
    }

    @Test func anEarlierDisclosureGivesVagueIntentItsMeaning() async throws {
        let model = ScriptedModel(["I'm", " here", "."])
        let store = MemoryStore()
        let (session, outbox) = Self.session(model: model, store: store)
        await session.receive(text: Self.chat("honestly I just want to die"))
        await session.waitUntilIdle()
        await session.receive(text: Self.chat("I'm going to do it tonight"))
        await session.waitUntilIdle()
        #expect(model.callCount == 0)
        let levels = await outbox.sent.compactMap { if case .crisisSupport(let level, _, _, _) = $0 { level } else { nil } }
        #expect(levels == ["crisis", "imminent"])
    }

    @Test func onlyClearedSentencesAreStreamedAndABlockedOneNeverShows() async throws {
        let model = ScriptedModel(["That", " sounds", " hard", ".", " Call", " 1-800-555-0199", " now", "."])
        let (session, outbox) = Self.session(model: model, store: MemoryStore())
        await session.receive(text: Self.chat("rough week"))
        await session.waitUntilIdle()
        let shown = await outbox.sent.compactMap { if case .streaming(_, let text, _, _) = $0 { text } else { nil } }
        #expect(shown.contains("That sounds hard. "))
        #expect(!shown.contains { $0.contains("Call") || $0.contains("555") })
        #expect(await outbox.sent.contains { if case .streaming(_, _, true, .replaced) = $0 { true } else { false } })
    }

    @Test func thePersonsPlanAndCountryReachEveryPanel() async throws {
        let plan = #"{"coping_strategies": ["Walk to the river"], "people_to_ask": [{"name": "Lena"}]}"#
        let store = MemoryStore(plan: plan, country: "DE")
        let (session, outbox) = Self.session(model: ScriptedModel(["Hm", "."]), store: store)
        await session.receive(text: Self.chat("I want to end my life"))
        await session.waitUntilIdle()
        let sent = await outbox.sent
        guard case .streaming(_, let reply, true, .safetyReply) = sent[1] else { Issue.record("\(sent)"); return }
        #expect(reply.contains("Your safety plan") && reply.contains("112") && !reply.contains("988"))
        let panel = sent.first { if case .crisisSupport = $0 { true } else { false } }
        guard case .crisisSupport(_, _, let resources, let carried?) = panel else { Issue.record("no plan in \(String(describing: panel))"); return }
        #expect(carried["people_to_ask"]?.array?.first?["name"]?.string == "Lena")
        #expect(resources.first?.region == "DE")
    }
}
