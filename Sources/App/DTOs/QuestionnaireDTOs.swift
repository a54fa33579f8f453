import Mood
import Safety
import Vapor

/// `{"answers": [0...3, ...]}` in the questionnaire's item order.
struct QuestionnaireRequest: Content {
    var answers: [Int]
}

/// A scored questionnaire; `support` comes when an answer starts the crisis flow.
struct QuestionnaireResponseDTO: Content {
    var id: UUID
    var kind: Questionnaire.Kind
    var score: Int
    var max_score: Int
    var severity: Questionnaire.Severity
    var severity_label: String
    var created_at: Date?
    var support: AnalysisResponse.Support?
}
