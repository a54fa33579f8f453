import Fluent
import Mood
import Safety
import Vapor

/// PHQ-9 and PHQ-2: scored, stored for the timeline, and item 9 of the PHQ-9 answered above 0
/// starts the crisis flow (resources in the answer and a recorded risk event), as in clinical use.
struct QuestionnaireController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let questionnaires = routes.grouped("api", "questionnaires")
        questionnaires.post("phq9") { req in try await submit(req, kind: .phq9) }
        questionnaires.post("phq2") { req in try await submit(req, kind: .phq2) }
        questionnaires.post("gad7") { req in try await submit(req, kind: .gad7) }
    }

    @Sendable
    func submit(_ req: Request, kind: Questionnaire.Kind) async throws -> Response {
        let accountID = try req.accountID
        let answers = try req.content.decode(QuestionnaireRequest.self).answers
        let score: Questionnaire.Score
        do {
            score = try Questionnaire.score(kind, answers: answers)
        } catch {
            let message = switch error {
            case .wrongCount(let expected, _): "Please answer all \(expected) questions."
            case .outOfRange(let item): "Answer \(item) must be from 0 (not at all) to 3 (nearly every day)."
            }
            throw APIError(status: .unprocessableEntity, code: "invalid_answers", message: message)
        }

        let record = QuestionnaireResponse(accountID: accountID, kind: kind, answers: answers, score: score.total,
                                           severity: score.severity.rawValue)
        var support: AnalysisResponse.Support?
        try await req.db.transaction { db in
            try await record.create(on: db)
            if score.selfHarmItemPositive {
                try await RiskEvent(accountID: accountID, conversationID: nil, source: .questionnaire, level: "crisis",
                                    categories: "phq9_item9").create(on: db)
            }
        }
        if score.selfHarmItemPositive {
            support = try await req.personalSupport(accountID: accountID) { Self.selfHarmItemMessage(resources: $0) }
        }
        req.logger.info("questionnaire stored", metadata: [
            "account": "\(accountID)", "kind": "\(kind.rawValue)", "crisis_flow": "\(score.selfHarmItemPositive)",
        ])
        let body = QuestionnaireResponseDTO(
            id: try record.requireID(), kind: kind, score: score.total, max_score: kind.maxScore,
            severity: score.severity, severity_label: score.severity.label, created_at: record.createdAt, support: support)
        let response = Response(status: .created)
        try response.content.encode(body)
        return response
    }

    /// Said whenever item 9 is above 0, whatever the total: the answer deserves a person's care.
    static func selfHarmItemMessage(resources: [CrisisResource]) -> String {
        """
        Thank you for answering honestly. You said you've had thoughts that you'd be better off dead \
        or of hurting yourself. That sounds really painful, and you deserve support right now. \
        Please reach out to one of the people below; they are there to listen, any time. \
        If you are in danger right now, please call \(CrisisResponse.emergencyPhrase(resources)).
        """
    }
}
