import Foundation
import Vapor

/// `POST /api/mood/daily`: today's entry.
struct DailyLogRequest: Content {
    var mood: Int
    var activities: [String]?
    var sleep_hours: Double
    var note: String?

    static let maxActivities = 10
    static let maxTagLength = 30
    static let maxNoteLength = 1000

    /// Tags trimmed, lower-cased and de-duplicated; each range checked with a message a person can act on.
    func validated() throws -> (mood: Int, activities: [String], sleepHours: Double, note: String?) {
        guard (1...5).contains(mood) else { throw Self.invalid("mood must be from 1 (very low) to 5 (very good).") }
        guard sleep_hours.isFinite, (0...24).contains(sleep_hours) else {
            throw Self.invalid("sleep_hours must be from 0 to 24.")
        }
        var tags: [String] = []
        for raw in activities ?? [] {
            let tag = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard !tag.isEmpty else { continue }
            guard tag.count <= Self.maxTagLength, tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" }) else {
                throw Self.invalid("Activity tags are words of at most \(Self.maxTagLength) letters, digits, spaces or hyphens.")
            }
            if !tags.contains(tag) { tags.append(tag) }
        }
        guard tags.count <= Self.maxActivities else { throw Self.invalid("At most \(Self.maxActivities) activities a day.") }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (note?.count ?? 0) <= Self.maxNoteLength else {
            throw Self.invalid("The note is too long (at most \(Self.maxNoteLength) characters).")
        }
        return (mood, tags, sleep_hours, note?.isEmpty == true ? nil : note)
    }

    private static func invalid(_ message: String) -> APIError {
        APIError(status: .unprocessableEntity, code: "invalid_daily_log", message: message)
    }
}

struct DailyLogEntry: Content {
    var date: String
    var mood: Int
    var activities: [String]
    var sleep_hours: Double
    var note: String?
    var replaced: Bool?

    init(_ log: DailyLog, replaced: Bool? = nil) {
        date = log.day
        mood = log.mood
        activities = log.activityList
        sleep_hours = log.sleepHours
        note = log.note
        self.replaced = replaced
    }
}

struct DailyLogList: Content {
    var entries: [DailyLogEntry]
}

struct ActivityTagList: Content {
    var activities: [String]
}
