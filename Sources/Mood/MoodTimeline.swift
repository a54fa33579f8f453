import Foundation

/// A person's records joined by calendar day (UTC), oldest first: the moods they chose while
/// chatting, their photo and video analyses, and their questionnaire scores. Days with no
/// record are left out rather than shown as zero.
public struct MoodTimeline: Sendable, Equatable {
    public struct AnalysisPoint: Sendable, Equatable {
        public var id: UUID
        public var mediaType: String
        /// Nil when the analysis could not measure enough to score.
        public var overallScore: Double?
        public var dominantEmotion: String?
        public var riskLevel: String
        public var date: Date

        public init(id: UUID, mediaType: String, overallScore: Double?, dominantEmotion: String?, riskLevel: String, date: Date) {
            self.id = id
            self.mediaType = mediaType
            self.overallScore = overallScore
            self.dominantEmotion = dominantEmotion
            self.riskLevel = riskLevel
            self.date = date
        }
    }

    public struct QuestionnairePoint: Sendable, Equatable {
        public var id: UUID
        public var kind: Questionnaire.Kind
        public var score: Int
        public var severity: String
        public var date: Date

        public init(id: UUID, kind: Questionnaire.Kind, score: Int, severity: String, date: Date) {
            self.id = id
            self.kind = kind
            self.score = score
            self.severity = severity
            self.date = date
        }
    }

    public struct MoodMention: Sendable, Equatable {
        public var mood: String
        public var date: Date

        public init(mood: String, date: Date) {
            self.mood = mood
            self.date = date
        }
    }

    /// The day's own log entry (mood 1-5 and hours of sleep; its note stays out of the timeline).
    public struct DailyPoint: Sendable, Equatable {
        /// "YYYY-MM-DD" in UTC.
        public var date: String
        public var mood: Int
        public var sleepHours: Double

        public init(date: String, mood: Int, sleepHours: Double) {
            self.date = date
            self.mood = mood
            self.sleepHours = sleepHours
        }
    }

    public struct Day: Sendable, Equatable {
        /// "YYYY-MM-DD" in UTC.
        public var date: String
        public var moods: [String: Int]
        public var analyses: [AnalysisPoint]
        public var questionnaires: [QuestionnairePoint]
        public var daily: DailyPoint?
    }

    public var days: [Day]

    public init(moods: [MoodMention], analyses: [AnalysisPoint], questionnaires: [QuestionnairePoint], daily: [DailyPoint] = []) {
        var byDay: [String: Day] = [:]
        func day(_ date: Date) -> String {
            let key = Self.dayKey(date)
            if byDay[key] == nil { byDay[key] = Day(date: key, moods: [:], analyses: [], questionnaires: [], daily: nil) }
            return key
        }
        for mention in moods {
            let mood = mention.mood.trimmingCharacters(in: .whitespaces).lowercased()
            guard !mood.isEmpty else { continue }
            byDay[day(mention.date)]!.moods[mood, default: 0] += 1
        }
        for point in analyses.sorted(by: { $0.date < $1.date }) {
            byDay[day(point.date)]!.analyses.append(point)
        }
        for point in questionnaires.sorted(by: { $0.date < $1.date }) {
            byDay[day(point.date)]!.questionnaires.append(point)
        }
        for point in daily {
            if byDay[point.date] == nil { byDay[point.date] = Day(date: point.date, moods: [:], analyses: [], questionnaires: [], daily: nil) }
            byDay[point.date]!.daily = point
        }
        days = byDay.values.sorted { $0.date < $1.date }
    }

    public static func dayKey(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
