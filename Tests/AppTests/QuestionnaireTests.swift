@testable import App
import Chat
import Fluent
import Foundation
import Testing
import Vapor

/// PHQ-9 and PHQ-2 through the router, and the timeline that joins them with moods and analyses.
@Suite("Questionnaires and mood timeline", .serialized)
struct QuestionnaireEndpointTests {
    @Test("a PHQ-9 is scored with its severity band and stored", arguments: TestDatabase.allCases)
    func phq9(database: TestDatabase) async throws {
        try await withRunningApp(database: database) { app, port in
            let client = APIClient(app: app, port: port)
            let reply = try await client.send(.POST, "/api/questionnaires/phq9", json: ["answers": [2, 2, 2, 2, 1, 1, 1, 1, 0]])
            #expect(reply.status == .created)
            #expect(reply.object["score"]?.number == 12)
            #expect(reply.object["max_score"]?.number == 27)
            #expect(reply.object["severity"]?.string == "moderate")
            #expect(reply.object["severity_label"]?.string == "Moderate")
            #expect(reply.object["support"] == nil)
            #expect(try await RiskEvent.query(on: app.db).count() == 0)
            let stored = try #require(try await QuestionnaireResponse.query(on: app.db).first())
            #expect(stored.answerList == [2, 2, 2, 2, 1, 1, 1, 1, 0])
            #expect(stored.score == 12)

            let phq2 = try await client.send(.POST, "/api/questionnaires/phq2", json: ["answers": [2, 1]])
            #expect(phq2.object["severity"]?.string == "positive")
            #expect(phq2.object["max_score"]?.number == 6)
        }
    }

    @Test("any answer above 0 on item 9 starts the crisis flow and is recorded", arguments: TestDatabase.allCases)
    func itemNine(database: TestDatabase) async throws {
        try await withRunningApp(database: database) { app, port in
            let client = APIClient(app: app, port: port)
            let reply = try await client.send(.POST, "/api/questionnaires/phq9", json: ["answers": [0, 0, 0, 0, 0, 0, 0, 0, 1]])
            #expect(reply.status == .created)
            #expect(reply.object["severity"]?.string == "minimal")
            let support = try #require(reply.object["support"]?.object)
            // The region's emergency number, not "your local emergency number".
            #expect(support["message"]?.string?.contains("please call 911") == true)
            let resources = support["resources"]?.array ?? []
            #expect(resources.contains { $0.object?["phone"]?.string == "988" })
            let event = try #require(try await RiskEvent.query(on: app.db).first())
            #expect(event.source == .questionnaire)
            #expect(event.level == "crisis")
            #expect(event.$account.id == (try await client.accountID()))
        }
    }

    @Test("invalid answers are refused with a clear error")
    func invalid() async throws {
        try await withRunningApp { app, port in
            let client = APIClient(app: app, port: port)
            for body in [["answers": [0, 0]], ["answers": [0, 0, 0, 0, 0, 0, 0, 0, 4]], ["answers": [0, 0, 0, 0, 0, 0, 0, 0, -1]]] {
                let reply = try await client.send(.POST, "/api/questionnaires/phq9", json: body)
                #expect(reply.status == .unprocessableEntity)
                #expect(reply.errorCode == "invalid_answers")
            }
            let malformed = try await client.send(.POST, "/api/questionnaires/phq2", json: ["answers": "often"])
            #expect(malformed.status == .badRequest)
            #expect(try await QuestionnaireResponse.query(on: app.db).count() == 0)
            #expect(try await client.send(.GET, "/api/mood/timeline?days=0").errorCode == "invalid_days")
        }
    }

    @Test("the timeline joins chat moods, analyses and questionnaires by day", arguments: TestDatabase.allCases)
    func timeline(database: TestDatabase) async throws {
        try await withRunningApp(database: database, services: try await AccountTests.scripted()) { app, port in
            let client = APIClient(app: app, port: port)
            _ = try await client.accountID()
            let socket = try await client.chat()
            _ = try await socket.next()
            for mood in ["sad", "sad", "calm"] {
                try await socket.send(["type": "chat_message", "content": "a message", "mood": mood])
                _ = try await socket.collectReply()
            }
            try await socket.close()
            _ = try await client.upload("astronaut.png")
            _ = try await client.send(.POST, "/api/questionnaires/phq9", json: ["answers": [1, 1, 1, 1, 1, 1, 1, 0, 0]])

            // An older questionnaire, from ten days ago, is its own day; one from last year is outside 30 days.
            let old = QuestionnaireResponse(accountID: try await client.accountID(), kind: .phq2, answers: [1, 1], score: 2,
                                            severity: "negative")
            try await old.create(on: app.db)
            old.createdAt = Date().addingTimeInterval(-10 * 86_400)
            try await old.update(on: app.db)
            let ancient = QuestionnaireResponse(accountID: try await client.accountID(), kind: .phq2, answers: [3, 3], score: 6,
                                                severity: "positive")
            try await ancient.create(on: app.db)
            ancient.createdAt = Date().addingTimeInterval(-400 * 86_400)
            try await ancient.update(on: app.db)

            let reply = try await client.send(.GET, "/api/mood/timeline?days=30")
            #expect(reply.status == .ok)
            let days = reply.object["days"]?.array?.compactMap(\.object) ?? []
            #expect(days.count == 2)
            let today = try #require(days.last)
            #expect(today["moods"]?.object == ["sad": .number(2), "calm": .number(1)])
            #expect(today["analyses"]?.array?.first?.object?["dominant_emotion"]?.string == "happy")
            #expect(today["analyses"]?.array?.first?.object?["overall_score"]?.number != nil)
            #expect(today["questionnaires"]?.array?.first?.object?["score"]?.number == 7)
            #expect(days.first?["questionnaires"]?.array?.first?.object?["kind"]?.string == "phq2")
        }
    }
}
