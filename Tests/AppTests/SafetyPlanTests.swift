@testable import App
import Chat
import Fluent
import Foundation
import Testing
import Vapor

/// The Stanley-Brown safety plan (issue 18): kept per account, shown first in every crisis panel.
@Suite("Safety plan", .serialized)
struct SafetyPlanTests {
    static var plan: [String: Any] { [
        "warning_signs": ["I stop answering messages", "  "],
        "coping_strategies": ["Walk round the park", "Cold water on my face"],
        "distractions": ["The library café"],
        "people_to_ask": [["name": "Sam", "phone": "+44 7700 900123"]],
        "professionals": [["name": "Dr Okafor (GP)", "phone": "020 7946 0000"]],
        "making_safe": ["Give my tablets to Sam to keep"],
        "reasons_for_living": ["My little sister", "Seeing the sea again"],
    ] }

    @Test("written, read, replaced, exported and deleted; nobody else can read it", arguments: TestDatabase.allCases)
    func lifecycle(database: TestDatabase) async throws {
        try await withRunningApp(database: database) { app, port in
            let client = APIClient(app: app, port: port)
            #expect(try await client.send(.GET, "/api/me/safety-plan").status == .noContent)

            let saved = try await client.send(.PUT, "/api/me/safety-plan", json: Self.plan)
            #expect(saved.status == .ok)
            #expect(saved.object["warning_signs"]?.array?.count == 1, "blank items are dropped")
            #expect(saved.object["people_to_ask"]?.array?.first?.object?["phone"]?.string == "+44 7700 900123")
            #expect(saved.object["updated_at"]?.string != nil)
            let read = try await client.send(.GET, "/api/me/safety-plan")
            #expect(read.object["reasons_for_living"]?.array?.compactMap(\.string) == ["My little sister", "Seeing the sea again"])

            var shorter = Self.plan
            shorter["coping_strategies"] = ["Breathe out slowly"]
            #expect(try await client.send(.PUT, "/api/me/safety-plan", json: shorter).object["coping_strategies"]?.array?.count == 1)
            #expect(try await SafetyPlan.query(on: app.db).count() == 1, "replaced, not added")

            let other = APIClient(app: app, port: port)
            #expect(try await other.send(.GET, "/api/me/safety-plan").status == .noContent)

            let export = try await client.send(.GET, "/api/me/export")
            #expect(export.object["safety_plan"]?.object?["making_safe"]?.array?.first?.string == "Give my tablets to Sam to keep")

            #expect(try await client.send(.DELETE, "/api/me/safety-plan").status == .noContent)
            #expect(try await client.send(.GET, "/api/me/safety-plan").status == .noContent)

            _ = try await client.send(.PUT, "/api/me/safety-plan", json: Self.plan)
            #expect(try await client.send(.DELETE, "/api/me").status == .noContent)
            #expect(try await SafetyPlan.query(on: app.db).count() == 0, "erased with the account")
        }
    }

    @Test("bad plans get a clear 422 naming the step")
    func validation() async throws {
        try await withRunningApp { app, port in
            let client = APIClient(app: app, port: port)
            let cases: [([String: Any], String)] = [
                ([:], "empty"),
                (["warning_signs": ["  "]], "empty"),
                (["coping_strategies": Array(repeating: "walk", count: 11)], "coping_strategies"),
                (["reasons_for_living": [String(repeating: "a", count: 201)]], "reasons_for_living"),
                (["people_to_ask": [["name": "", "phone": "123"]]], "people_to_ask"),
                (["professionals": [["name": "GP", "phone": "call me maybe"]]], "GP"),
            ]
            for (body, named) in cases {
                let reply = try await client.send(.PUT, "/api/me/safety-plan", json: body)
                #expect(reply.status == .unprocessableEntity, "\(body)")
                #expect(reply.object["error"]?.object?["code"]?.string == "invalid_safety_plan")
                #expect(reply.object["error"]?.object?["message"]?.string?.contains(named) == true, "\(reply.object)")
            }
            let wrongType = try await client.send(.PUT, "/api/me/safety-plan", json: ["warning_signs": "not a list"])
            #expect(wrongType.status == .badRequest || wrongType.status == .unprocessableEntity)
            #expect(try await SafetyPlan.query(on: app.db).count() == 0)
        }
    }

    @Test("a crisis message shows the person's plan first, and the fixed reply points to it", arguments: TestDatabase.allCases)
    func inTheCrisisPanel(database: TestDatabase) async throws {
        let services = try await AppServices.test().with(chatModel: ScriptedChatModel(tokens: ["Hi", "."]))
        try await withRunningApp(database: database, services: services) { app, port in
            let client = APIClient(app: app, port: port)
            // Without a plan: no plan in the panel, and the reply does not mention one.
            var socket = try await client.chat()
            _ = try await socket.next()
            try await socket.send(["type": "chat_message", "content": "I want to end my life"])
            var reply = try await socket.collectReply()
            #expect(reply.first { $0["type"]?.string == "crisis_support" }?["safety_plan"] == nil)
            #expect(reply.first { $0["type"]?.string == "streaming_response" }?["partial_content"]?.string?.contains("safety plan") == false)
            try await socket.close()

            _ = try await client.send(.PUT, "/api/me/safety-plan", json: Self.plan)
            socket = try await client.chat()
            _ = try await socket.next()
            try await socket.send(["type": "chat_message", "content": "I want to end my life"])
            reply = try await socket.collectReply()
            let panel = try #require(reply.first { $0["type"]?.string == "crisis_support" })
            let plan = try #require(panel["safety_plan"]?.object)
            #expect(plan["people_to_ask"]?.array?.first?.object?["name"]?.string == "Sam")
            #expect(reply.first { $0["type"]?.string == "streaming_response" }?["partial_content"]?.string?.contains("Your safety plan") == true)
            try await socket.close()

            // PHQ-9 item 9 carries it too.
            let phq9 = try await client.send(.POST, "/api/questionnaires/phq9", json: ["answers": [0, 0, 0, 0, 0, 0, 0, 0, 2]])
            #expect(phq9.object["support"]?.object?["safety_plan"]?.object?["coping_strategies"]?.array?.count == 2)
        }
    }
}
