@testable import App
import Chat
import Fluent
import Foundation
import Mood
import Testing
import Vapor

/// The daily log, the CSV export and the clinician report (issue 17), on both databases.
@Suite("Daily log, CSV and report", .serialized)
struct DailyLogAndReportTests {
    @Test("one entry a day, replaced by a second; bad input is refused; patterns appear after five days",
          arguments: TestDatabase.allCases)
    func dailyLog(database: TestDatabase) async throws {
        try await withRunningApp(database: database) { app, port in
            let client = APIClient(app: app, port: port)
            let first = try await client.send(.POST, "/api/mood/daily",
                                              json: ["mood": 2, "activities": ["Walk", " work ", "walk"], "sleep_hours": 6.5, "note": "tired"])
            #expect(first.status == .created)
            #expect(first.object["activities"]?.array?.compactMap(\.string) == ["walk", "work"])
            let second = try await client.send(.POST, "/api/mood/daily", json: ["mood": 3, "activities": ["walk"], "sleep_hours": 7])
            #expect(second.status == .ok)
            #expect(second.object["replaced"]?.bool == true)
            #expect(try await DailyLog.query(on: app.db).count() == 1)

            let bad: [[String: Any]] = [
                ["mood": 6, "sleep_hours": 7], ["mood": 0, "sleep_hours": 7], ["mood": 3, "sleep_hours": 30],
                ["mood": 3, "sleep_hours": -1], ["mood": 3, "sleep_hours": 7, "note": String(repeating: "a", count: 10_000)],
                ["mood": 3, "sleep_hours": 7, "activities": ["a,b"]], ["mood": 3, "sleep_hours": 7, "activities": Array(repeating: "x", count: 1).map { _ in String(repeating: "y", count: 31) }],
            ]
            for body in bad {
                let reply = try await client.send(.POST, "/api/mood/daily", json: body)
                #expect(reply.status == .unprocessableEntity, "\(body.keys.sorted())")
                #expect(reply.object["error"]?.object?["code"]?.string == "invalid_daily_log")
            }
            #expect(try await client.send(.POST, "/api/mood/daily", json: ["sleep_hours": 7]).status == .badRequest)

            // Ten more days, written directly: walking days are better days.
            let accountID = try await client.accountID()
            for back in 1...10 {
                let day = MoodTimeline.dayKey(Date().addingTimeInterval(-Double(back) * 86_400))
                try await DailyLog(accountID: accountID, day: day, mood: back <= 5 ? 4 : 2, activities: back <= 5 ? ["walk"] : ["tv"],
                                   sleepHours: back <= 5 ? 8 : 5, note: nil).create(on: app.db)
            }
            let progress = try await client.send(.GET, "/api/mood/progress")
            let lines = progress.object["associations"]?.object?["lines"]?.array?.compactMap(\.string) ?? []
            #expect(lines.contains { $0.hasPrefix("On the 6 days you logged walk your mood averaged 3.8") }, "\(lines)")
            #expect(lines.contains { $0.contains("sleep") })
            #expect(progress.object["associations"]?.object?["note"]?.string?.contains("not causes") == true)
            #expect(try await client.send(.GET, "/api/mood/activities").object["activities"]?.array?.first?.string == "walk")
            let timeline = try await client.send(.GET, "/api/mood/timeline?days=14")
            #expect(timeline.object["days"]?.array?.filter { $0.object?["daily"] != nil }.count == 11)
            #expect(try await client.send(.GET, "/api/mood/daily?days=1").object["entries"]?.array?.count == 1)
            #expect(try await APIClient(app: app, port: port).send(.GET, "/api/mood/daily").object["entries"]?.array?.isEmpty == true)

            #expect(try await client.send(.GET, "/api/me/export").object["daily_log"]?.array?.count == 11)
            #expect(try await client.send(.DELETE, "/api/me").status == .noContent)
            #expect(try await DailyLog.query(on: app.db).count() == 0)
        }
    }

    @Test("the CSV has one row per dated record, quoted safely", arguments: TestDatabase.allCases)
    func csv(database: TestDatabase) async throws {
        try await withRunningApp(database: database) { app, port in
            let client = APIClient(app: app, port: port)
            _ = try await client.send(.POST, "/api/questionnaires/phq9", json: ["answers": [2, 2, 2, 2, 1, 1, 1, 1, 0]])
            _ = try await client.send(.POST, "/api/questionnaires/gad7", json: ["answers": [1, 1, 1, 1, 1, 1, 1]])
            _ = try await client.send(.POST, "/api/mood/daily",
                                      json: ["mood": 3, "activities": ["walk"], "sleep_hours": 7, "note": "=1+1, said \"fine\""])
            let reply = try await client.send(.GET, "/api/me/export.csv")
            #expect(reply.status == .ok)
            #expect(reply.headers.contentType?.subType == "csv")
            let text = reply.body
            let lines = text.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "date,kind,name,value,detail")
            #expect(lines.contains { $0.hasSuffix(",questionnaire,phq9,12,moderate") })
            #expect(lines.contains { $0.hasSuffix(",questionnaire,gad7,7,mild") })
            #expect(lines.contains { $0.hasSuffix(",daily_log,mood,3,walk") })
            #expect(lines.contains { $0.hasSuffix(",daily_log,note,,\"'=1+1, said \"\"fine\"\"\"") }, "\(lines)")
            #expect(lines.count == 6)
        }
    }

    @Test("the report shows this account's scores, bands and limits, and nothing of another account", arguments: TestDatabase.allCases)
    func report(database: TestDatabase) async throws {
        try await withRunningApp(database: database) { app, port in
            let client = APIClient(app: app, port: port)
            _ = try await client.send(.POST, "/api/questionnaires/phq9", json: ["answers": [3, 3, 3, 3, 2, 2, 2, 2, 0]])
            let first = try #require(try await QuestionnaireResponse.query(on: app.db).first())
            first.createdAt = Date().addingTimeInterval(-30 * 86_400)
            try await first.save(on: app.db)
            _ = try await client.send(.POST, "/api/questionnaires/phq9", json: ["answers": [1, 1, 1, 1, 1, 1, 1, 1, 0]])
            let other = APIClient(app: app, port: port)
            _ = try await other.send(.POST, "/api/questionnaires/gad7", json: ["answers": [3, 3, 3, 3, 3, 3, 3]])

            let reply = try await client.send(.GET, "/report")
            #expect(reply.status == .ok)
            #expect(reply.headers.contentType == .html)
            let html = reply.body
            #expect(html.contains("Your PHQ-9 went from 20 to 8"))
            #expect(html.contains("<svg class=\"chart\""))
            #expect(html.contains("Moderately severe") || html.contains("Severe"))
            #expect(html.contains("reliable improvement"))
            #expect(html.contains("GAD-7 (anxiety)") && html.contains("Not answered."))
            #expect(html.contains("Method and limits"))
            #expect(!html.contains("<script>"), "no inline script: the page prints without one")
            #expect(!html.contains(">21<"), "the other account's GAD-7 of 21 must not appear")
        }
    }
}

/// Check-in cues against the person's own usual (issue 17).
@Suite("Personal baselines", .serialized)
struct PersonalBaselineEndpointTests {
    @Test("from the fourth check-in each cue is compared with the person's own earlier ones")
    func baseline() async throws {
        try await withRunningApp { app, port in
            let client = APIClient(app: app, port: port)
            var baselines: [[String: JSONValue]] = []
            for _ in 0..<4 {
                let reply = try await client.upload("single_face.jpg")
                #expect(reply.status == .ok)
                baselines.append(try #require(reply.object["analysis_result"]?.object?["personal_baseline"]?.object))
            }
            #expect(baselines[0]["available"]?.bool == false && baselines[0]["needed"]?.number == 3)
            #expect(baselines[2]["needed"]?.number == 1)
            let last = baselines[3]
            #expect(last["available"]?.bool == true && last["check_ins"]?.number == 3)
            let cues = try #require(last["cues"]?.array).compactMap(\.object)
            #expect(cues.contains { $0["cue"]?.string == "facial_expression" })
            // The same photo four times: every cue is within the usual range.
            #expect(cues.allSatisfy { $0["summary"]?.string?.contains("within your usual range") == true }, "\(cues)")
            // Another account starts from nothing.
            let other = try await APIClient(app: app, port: port).upload("single_face.jpg")
            #expect(other.object["analysis_result"]?.object?["personal_baseline"]?.object?["check_ins"]?.number == 0)
        }
    }
}
