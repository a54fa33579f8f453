import Mood
import Vapor

/// `GET /api/mood/progress`: per questionnaire, what the scores mean over time (`QuestionnaireProgress`).
struct ProgressResponse: Content {
    struct Point: Content {
        var score: Int
        var severity: String
        var created_at: Date
    }

    struct Entry: Content {
        var first: Point?
        var latest: Point?
        /// latest - first; null with fewer than two answers.
        var change: Int?
        var response: Bool
        var remission: Bool
        var reliable_improvement: Bool
        var reliable_deterioration: Bool
        /// PHQ-9 only: at least the minimal clinically important difference of 5 points.
        var clinically_important_improvement: Bool
        var reliable_change_points: Int
        var summary: String
        var next_due: Date
        var history: [Point]

        init(_ progress: QuestionnaireProgress, intervalDays: Int) {
            func point(_ p: QuestionnaireProgress.Point) -> Point { Point(score: p.score, severity: p.severity.rawValue, created_at: p.date) }
            first = progress.first.map(point)
            latest = progress.latest.map(point)
            change = progress.change
            response = progress.response
            remission = progress.remission
            reliable_improvement = progress.reliableImprovement
            reliable_deterioration = progress.reliableDeterioration
            clinically_important_improvement = progress.clinicallyImportantImprovement
            reliable_change_points = QuestionnaireProgress.reliableChange(progress.kind)
            summary = progress.summary
            next_due = progress.nextDue(intervalDays: intervalDays)
            history = progress.history.map(point)
        }
    }

    /// Patterns in the daily log, as observations (`DailyAssociations`).
    struct Associations: Content {
        var lines: [String]
        var note: String
        var days: Int
    }

    var phq9: Entry
    var gad7: Entry
    var interval_days: Int
    var associations: Associations
}
