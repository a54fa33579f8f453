import Mood
import Vapor

/// `GET /api/mood/timeline`: one entry per UTC day that has any record, oldest first.
struct MoodTimelineResponse: Content {
    struct Day: Content {
        var date: String
        var moods: [String: Int]
        var analyses: [Analysis]
        var questionnaires: [QuestionnaireScore]
        var daily: Daily?
    }

    /// The day's log entry without its note.
    struct Daily: Content {
        var mood: Int
        var sleep_hours: Double
    }

    struct Analysis: Content {
        var analysis_id: UUID
        var media_type: String
        var overall_score: Double?
        var dominant_emotion: String?
        var risk_level: String
        var created_at: Date
    }

    struct QuestionnaireScore: Content {
        var id: UUID
        var kind: Questionnaire.Kind
        var score: Int
        var severity: String
        var created_at: Date
    }

    var from: String
    var to: String
    var days: [Day]

    init(_ timeline: MoodTimeline, from: Date, to: Date) {
        self.from = MoodTimeline.dayKey(from)
        self.to = MoodTimeline.dayKey(to)
        days = timeline.days.map { day in
            Day(date: day.date, moods: day.moods,
                analyses: day.analyses.map {
                    Analysis(analysis_id: $0.id, media_type: $0.mediaType, overall_score: $0.overallScore,
                             dominant_emotion: $0.dominantEmotion, risk_level: $0.riskLevel, created_at: $0.date)
                },
                questionnaires: day.questionnaires.map {
                    QuestionnaireScore(id: $0.id, kind: $0.kind, score: $0.score, severity: $0.severity, created_at: $0.date)
                },
                daily: day.daily.map { Daily(mood: $0.mood, sleep_hours: $0.sleepHours) })
        }
    }
}
