@testable import App
import Fluent
import Foundation
import Mood
import Testing
import Vapor

/// GAD-7 and progress over time (issue 17), through the router, on both databases.
@Suite("GAD-7 and progress", .serialized)
struct ProgressEndpointTests {
    @Test("GAD-7 is scored in its bands, and progress says what the changes mean", arguments: TestDatabase.allCases)
    func gad7AndProgress(database: TestDatabase) async throws {
        try await withRunningApp(database: database) { app, port in
            let client = APIClient(app: app, port: port)
            let empty = try await client.send(.GET, "/api/mood/progress")
            #expect(empty.status == .ok)
            #expect(empty.object["phq9"]?.object?["summary"]?.string == "No PHQ-9 answers yet.")
            #expect(empty.object["interval_days"]?.number == 14)

            let gad7 = try await client.send(.POST, "/api/questionnaires/gad7", json: ["answers": [2, 2, 2, 2, 2, 1, 1]])
            #expect(gad7.status == .created)
            #expect(gad7.object["kind"]?.string == "gad7")
            #expect(gad7.object["score"]?.number == 12)
            #expect(gad7.object["max_score"]?.number == 21)
            #expect(gad7.object["severity"]?.string == "moderate")
            for bad in [[1, 1, 1], [0, 0, 0, 0, 0, 0, 4]] {
                let refused = try await client.send(.POST, "/api/questionnaires/gad7", json: ["answers": bad])
                #expect(refused.status == .unprocessableEntity)
            }

            // Two PHQ-9s, the first dated four weeks back: 20 -> 8 is a response and a reliable improvement.
            _ = try await client.send(.POST, "/api/questionnaires/phq9", json: ["answers": [3, 3, 3, 3, 2, 2, 2, 2, 0]])
            let first = try #require(try await QuestionnaireResponse.query(on: app.db).filter(\.$kind == .phq9).first())
            first.createdAt = Date().addingTimeInterval(-28 * 86_400)
            try await first.save(on: app.db)
            _ = try await client.send(.POST, "/api/questionnaires/phq9", json: ["answers": [1, 1, 1, 1, 1, 1, 1, 1, 0]])
            _ = try await client.send(.POST, "/api/questionnaires/gad7", json: ["answers": [1, 1, 1, 1, 1, 1, 1]])

            let progress = try await client.send(.GET, "/api/mood/progress")
            let phq9 = try #require(progress.object["phq9"]?.object)
            #expect(phq9["first"]?.object?["score"]?.number == 20)
            #expect(phq9["latest"]?.object?["score"]?.number == 8)
            #expect(phq9["change"]?.number == -12)
            #expect(phq9["response"]?.bool == true)
            #expect(phq9["remission"]?.bool == false)
            #expect(phq9["reliable_improvement"]?.bool == true)
            #expect(phq9["history"]?.array?.count == 2)
            #expect(phq9["summary"]?.string?.hasPrefix("Your PHQ-9 went from 20 to 8") == true)
            #expect(phq9["next_due"]?.string != nil)
            let gad = try #require(progress.object["gad7"]?.object)
            #expect(gad["change"]?.number == -5)
            #expect(gad["reliable_improvement"]?.bool == true)
            #expect(gad["reliable_change_points"]?.number == 4)

            // Another account sees none of it; the export and the timeline carry the GAD-7.
            let other = try await APIClient(app: app, port: port).send(.GET, "/api/mood/progress")
            #expect(other.object["gad7"]?.object?["history"]?.array?.isEmpty == true)
            let export = try await client.send(.GET, "/api/me/export")
            #expect(export.object["questionnaires"]?.array?.contains { $0.object?["kind"]?.string == "gad7" } == true)
            let timeline = try await client.send(.GET, "/api/mood/timeline")
            let kinds = timeline.object["days"]?.array?.flatMap { $0.object?["questionnaires"]?.array ?? [] }.compactMap { $0.object?["kind"]?.string } ?? []
            #expect(kinds.contains("gad7"))
        }
    }
}
