import Fluent
import Foundation
import Mood

/// One completed PHQ-9 or PHQ-2, kept so a person can see how their mood moves over time.
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
