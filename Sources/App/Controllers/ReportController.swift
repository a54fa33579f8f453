import Chat
import Fluent
import Mood
import Vapor

/// `GET /report`: the signed-in person's summary for a clinician, print-ready.
struct ReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("report", use: report)
    }

    @Sendable
    func report(req: Request) async throws -> Response {
        let accountID = try req.accountID
        let account = try await Account.find(accountID, on: req.db)
        let credential = try await AccountCredential.query(on: req.db).filter(\.$account.$id == accountID).first()
        let responses = try await QuestionnaireResponse.query(on: req.db).filter(\.$account.$id == accountID).sort(\.$createdAt).all()
        let analyses = try await MediaAnalysis.query(on: req.db).filter(\.$account.$id == accountID).sort(\.$createdAt).all()
        let checkIns = analyses.compactMap { a -> ClinicianReport.CheckIn? in
            guard let date = a.createdAt else { return nil }
            let result = try? JSONValue(jsonString: a.resultJSON)
            return ClinicianReport.CheckIn(
                date: date, mediaType: a.mediaType.rawValue,
                overallScore: result?["depression_indicators"]?["overall_score"]?.number,
                dominantEmotion: result?["emotional_analysis"]?["dominant_emotion"]?.string,
                eyeContact: result?["depression_indicators"]?["eye_contact"]?.number, cueLevel: a.riskLevel)
        }
        let logs = try await DailyLog.query(on: req.db).filter(\.$account.$id == accountID).all()
        let events = try await RiskEvent.query(on: req.db).filter(\.$account.$id == accountID).sort(\.$createdAt).all()
            .compactMap { e in e.createdAt.map { ClinicianReport.CrisisEvent(date: $0, level: e.level, source: e.source.rawValue) } }
        let firstDates = [responses.first?.createdAt, analyses.first?.createdAt, events.first?.date,
                          logs.compactMap(\.createdAt).min()].compactMap { $0 }
        let report = ClinicianReport(
            who: credential.map { "Account \($0.username)" } ?? "Guest account",
            since: firstDates.min() ?? account?.createdAt, generated: Date(),
            phq9: responses.progress(.phq9), gad7: responses.progress(.gad7), checkIns: checkIns, dailyDays: logs.count,
            meanMood: logs.isEmpty ? nil : Double(logs.map(\.mood).reduce(0, +)) / Double(logs.count),
            meanSleep: logs.isEmpty ? nil : logs.map(\.sleepHours).reduce(0, +) / Double(logs.count),
            associations: logs.associations.lines, crisisEvents: events)
        req.logger.info("report rendered", metadata: ["account": "\(accountID)"])
        let response = Response(status: .ok, body: .init(string: report.html))
        response.headers.contentType = .html
        return response
    }
}
