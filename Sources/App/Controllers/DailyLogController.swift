import Fluent
import Mood
import Vapor

/// The daily log: one tap a day for mood, what the person did and how they slept.
struct DailyLogController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let mood = routes.grouped("api", "mood")
        mood.post("daily", use: save)
        mood.get("daily", use: list)
        mood.get("activities", use: activities)
    }

    /// Today's entry (UTC); a second one the same day replaces it (200 instead of 201).
    @Sendable
    func save(req: Request) async throws -> Response {
        let accountID = try req.accountID
        let entry = try req.content.decode(DailyLogRequest.self).validated()
        let today = MoodTimeline.dayKey(Date())
        let (log, replaced) = try await req.db.transaction { db -> (DailyLog, Bool) in
            if let existing = try await DailyLog.query(on: db).filter(\.$account.$id == accountID).filter(\.$day == today).first() {
                existing.mood = entry.mood
                existing.activities = entry.activities.joined(separator: ",")
                existing.sleepHours = entry.sleepHours
                existing.note = entry.note
                try await existing.save(on: db)
                return (existing, true)
            }
            let log = DailyLog(accountID: accountID, day: today, mood: entry.mood, activities: entry.activities,
                               sleepHours: entry.sleepHours, note: entry.note)
            try await log.create(on: db)
            return (log, false)
        }
        req.logger.info("daily log saved", metadata: ["account": "\(accountID)", "replaced": "\(replaced)"])
        let response = Response(status: replaced ? .ok : .created)
        try response.content.encode(DailyLogEntry(log, replaced: replaced))
        return response
    }

    @Sendable
    func list(req: Request) async throws -> DailyLogList {
        let days = req.query[Int.self, at: "days"] ?? 30
        guard (1...MoodController.maxDays).contains(days) else {
            throw APIError(status: .badRequest, code: "invalid_days", message: "days must be from 1 to \(MoodController.maxDays).")
        }
        let accountID = try req.accountID
        let from = MoodTimeline.dayKey(Date().addingTimeInterval(-Double(days - 1) * 86_400))
        let logs = try await DailyLog.query(on: req.db).filter(\.$account.$id == accountID)
            .filter(\.$day >= from).sort(\.$day).all()
        return DailyLogList(entries: logs.map { DailyLogEntry($0) })
    }

    /// The person's own tags, most used first.
    @Sendable
    func activities(req: Request) async throws -> ActivityTagList {
        let accountID = try req.accountID
        let logs = try await DailyLog.query(on: req.db).filter(\.$account.$id == accountID).all()
        var counts: [String: Int] = [:]
        for tag in logs.flatMap(\.activityList) { counts[tag, default: 0] += 1 }
        return ActivityTagList(activities: counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key))
    }
}
