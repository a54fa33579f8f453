import Fluent
import Foundation
import Mood

/// One completed PHQ-9, PHQ-2 or GAD-7, kept so a person can see how their mood moves over time.
final class QuestionnaireResponse: Model, @unchecked Sendable {
    static let schema = "questionnaire_responses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "account_id") var account: Account
    @Enum(key: "kind") var kind: Questionnaire.Kind
    /// The item answers (0...3 each) in the questionnaire's order, comma-separated.
    @Field(key: "answers") var answers: String
    @Field(key: "score") var score: Int
    @Field(key: "severity") var severity: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, accountID: UUID, kind: Questionnaire.Kind, answers: [Int], score: Int, severity: String) {
        self.id = id
        self.$account.id = accountID
        self.kind = kind
        self.answers = answers.map(String.init).joined(separator: ",")
        self.score = score
        self.severity = severity
    }

    var answerList: [Int] { answers.split(separator: ",").compactMap { Int($0) } }
}

extension [QuestionnaireResponse] {
    /// The answers of one questionnaire as a series, for what their change means.
    func progress(_ kind: Questionnaire.Kind) -> QuestionnaireProgress {
        QuestionnaireProgress(kind: kind, history: filter { $0.kind == kind }.compactMap { response in
            guard let date = response.createdAt, let severity = Questionnaire.Severity(rawValue: response.severity) else { return nil }
            return QuestionnaireProgress.Point(score: response.score, severity: severity, date: date)
        })
    }
}
