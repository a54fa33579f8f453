import Chat
import Fluent
import Vapor

/// The signed-in person's own account: who they are, a copy of all their data, and erasure.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("api", "me")
        me.get(use: show)
        me.get("export", use: export)
        me.get("export.csv", use: exportCSV)
        me.delete(use: erase)
    }

    @Sendable
    func show(req: Request) async throws -> AccountResponse {
        let (account, credential) = try await Self.load(req)
        return try AccountResponse(account, credential: credential)
    }

    @Sendable
    func export(req: Request) async throws -> Response {
        let (account, credential) = try await Self.load(req)
        let accountID = try account.requireID()
        let conversations = try await Conversation.query(on: req.db).filter(\.$account.$id == accountID)
            .sort(\.$createdAt).with(\.$messages).all()
        let analyses = try await MediaAnalysis.query(on: req.db).filter(\.$account.$id == accountID).sort(\.$createdAt).all()
        let questionnaires = try await QuestionnaireResponse.query(on: req.db).filter(\.$account.$id == accountID)
            .sort(\.$createdAt).all()
        let riskEvents = try await RiskEvent.query(on: req.db).filter(\.$account.$id == accountID).sort(\.$createdAt).all()

        let body = AccountExport(
            exported_at: Date(),
            account: try AccountResponse(account, credential: credential),
            conversations: try conversations.map { conversation in
                AccountExport.ConversationEntry(
                    id: try conversation.requireID(), created_at: conversation.createdAt,
                    messages: try conversation.messages.sorted { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
                        .map(ConversationMessagesResponse.Message.init))
            },
            analyses: try analyses.map { analysis in
                AccountExport.AnalysisEntry(analysis_id: try analysis.requireID(), file_id: analysis.fileID,
                                            media_type: analysis.mediaType, byte_size: analysis.byteSize,
                                            created_at: analysis.createdAt,
                                            analysis_result: try JSONValue(jsonString: analysis.resultJSON))
            },
            questionnaires: try questionnaires.map { response in
                AccountExport.QuestionnaireEntry(id: try response.requireID(), kind: response.kind.rawValue,
                                                 answers: response.answerList, score: response.score,
                                                 severity: response.severity, created_at: response.createdAt)
            },
            risk_events: try riskEvents.map { event in
                AccountExport.RiskEventEntry(id: try event.requireID(), conversation_id: event.$conversation.id,
                                             source: event.source, level: event.level,
                                             categories: event.categories.split(separator: ",").map(String.init),
                                             created_at: event.createdAt)
            },
            safety_plan: try await SafetyPlan.dto(accountID: accountID, on: req.db),
            daily_log: try await DailyLog.query(on: req.db).filter(\.$account.$id == accountID).sort(\.$day).all()
                .map { DailyLogEntry($0) })
        req.logger.info("account exported", metadata: [
            "account": "\(accountID)", "conversations": "\(conversations.count)", "analyses": "\(analyses.count)",
        ])
        let response = Response(status: .ok)
        try response.content.encode(body)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"depressoassist-export.json\"")
        return response
    }

    /// The dated records for a spreadsheet (the JSON export has everything, conversations too).
    @Sendable
    func exportCSV(req: Request) async throws -> Response {
        let accountID = try req.accountID
        var csv = RecordsCSV()
        for response in try await QuestionnaireResponse.query(on: req.db).filter(\.$account.$id == accountID).all() {
            csv.rows.append(.init(date: RecordsCSV.timestamp(response.createdAt), kind: "questionnaire", name: response.kind.rawValue,
                                  value: "\(response.score)", detail: response.severity))
        }
        for log in try await DailyLog.query(on: req.db).filter(\.$account.$id == accountID).all() {
            csv.rows.append(.init(date: log.day, kind: "daily_log", name: "mood", value: "\(log.mood)",
                                  detail: log.activityList.joined(separator: "; ")))
            csv.rows.append(.init(date: log.day, kind: "daily_log", name: "sleep_hours", value: "\(log.sleepHours)", detail: ""))
            if let note = log.note { csv.rows.append(.init(date: log.day, kind: "daily_log", name: "note", value: "", detail: note)) }
        }
        for analysis in try await MediaAnalysis.query(on: req.db).filter(\.$account.$id == accountID).all() {
            let result = try? JSONValue(jsonString: analysis.resultJSON)
            let score = result?["depression_indicators"]?["overall_score"]?.number.map { "\($0)" } ?? ""
            let emotion = result?["emotional_analysis"]?["dominant_emotion"]?.string ?? "not measured"
            csv.rows.append(.init(date: RecordsCSV.timestamp(analysis.createdAt), kind: "check_in", name: analysis.mediaType.rawValue,
                                  value: score, detail: "dominant emotion \(emotion); cues \(analysis.riskLevel)"))
        }
        for event in try await RiskEvent.query(on: req.db).filter(\.$account.$id == accountID).all() {
            csv.rows.append(.init(date: RecordsCSV.timestamp(event.createdAt), kind: "crisis_event", name: event.level,
                                  value: "", detail: event.source.rawValue))
        }
        req.logger.info("account exported as CSV", metadata: ["account": "\(accountID)", "rows": "\(csv.rows.count)"])
        let response = Response(status: .ok, body: .init(string: csv.text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"depressoassist-records.csv\"")
        return response
    }

    @Sendable
    func erase(req: Request) async throws -> Response {
        let accountID = try req.accountID
        try await AccountEraser(database: req.db, connections: req.application.chatConnections, logger: req.logger)
            .erase(accountID: accountID)
        let response = Response(status: .noContent)
        response.cookies[AccountResolver.cookieName] = AccountResolver.expiredCookie
        return response
    }

    private static func load(_ req: Request) async throws -> (Account, AccountCredential?) {
        let accountID = try req.accountID
        guard let account = try await Account.find(accountID, on: req.db) else {
            throw APIError(status: .unauthorized, code: "unauthenticated", message: "Please sign in.")
        }
        let credential = try await AccountCredential.query(on: req.db).filter(\.$account.$id == accountID).first()
        return (account, credential)
    }
}
