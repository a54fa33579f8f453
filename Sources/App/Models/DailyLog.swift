import Fluent
import Foundation
import Mood

/// One day's entry in a person's daily log: mood 1-5, what they did, how long they slept, and an
/// optional note. One per account and UTC day; a second entry that day replaces the first.
final class DailyLog: Model, @unchecked Sendable {
    static let schema = "daily_logs"

    @ID(key: .id) var id: UUID?
    @Parent(key: "account_id") var account: Account
    /// "YYYY-MM-DD" in UTC, like the timeline's days.
    @Field(key: "day") var day: String
    @Field(key: "mood") var mood: Int
    /// The person's own activity tags, comma-separated (tags never contain commas).
    @Field(key: "activities") var activities: String
    @Field(key: "sleep_hours") var sleepHours: Double
    @OptionalField(key: "note") var note: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(accountID: UUID, day: String, mood: Int, activities: [String], sleepHours: Double, note: String?) {
        self.$account.id = accountID
        self.day = day
        self.mood = mood
        self.activities = activities.joined(separator: ",")
        self.sleepHours = sleepHours
        self.note = note
    }

    var activityList: [String] { activities.split(separator: ",").map(String.init) }
}

extension [DailyLog] {
    /// Patterns in the log, worded as observations.
    var associations: DailyAssociations {
        DailyAssociations(entries: map { DailyAssociations.Entry(mood: $0.mood, activities: Set($0.activityList), sleepHours: $0.sleepHours) })
    }
}
