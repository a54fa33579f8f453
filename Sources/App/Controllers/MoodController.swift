import Chat
import Fluent
import Mood
import Vapor

/// Mood over time: the person's chosen moods, analyses and questionnaire scores joined by day.
struct MoodController: RouteCollection {
    static let defaultDays = 30
    static let maxDays = 366

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "mood").get("timeline", use: timeline)
        routes.grouped("api", "mood").get("progress", use: progress)
    }

    /// PHQ-9 and GAD-7 over all time: first, latest, change, and what the change means.
    @Sendable
    func progress(req: Request) async throws -> ProgressResponse {
        let accountID = try req.accountID
        let interval = req.application.appConfiguration.chat.questionnaireIntervalDays
        let responses = try await QuestionnaireResponse.query(on: req.db)
            .filter(\.$account.$id == accountID).filter(\.$kind ~~ [.phq9, .gad7]).sort(\.$createdAt).all()
        let logs = try await DailyLog.query(on: req.db).filter(\.$account.$id == accountID).all()
        return ProgressResponse(phq9: .init(responses.progress(.phq9), intervalDays: interval),
                                gad7: .init(responses.progress(.gad7), intervalDays: interval), interval_days: interval,
                                associations: .init(lines: logs.associations.lines, note: DailyAssociations.note, days: logs.count))
    }

    @Sendable
    func timeline(req: Request) async throws -> MoodTimelineResponse {
        let accountID = try req.accountID
        let days = req.query[Int.self, at: "days"] ?? Self.defaultDays
        guard (1...Self.maxDays).contains(days) else {
            throw APIError(status: .badRequest, code: "invalid_days", message: "days must be from 1 to \(Self.maxDays).")
        }
        let to = Date()
        let from = Calendar(identifier: .gregorian).startOfDay(for: to).addingTimeInterval(-Double(days - 1) * 86_400)

        let moods = try await ConversationMessage.query(on: req.db)
            .join(Conversation.self, on: \ConversationMessage.$conversation.$id == \Conversation.$id)
            .filter(Conversation.self, \.$account.$id == accountID)
            .filter(\.$role == .user)
            .filter(\.$mood != nil)
            .filter(\.$createdAt >= from)
            .all()
            .compactMap { message -> MoodTimeline.MoodMention? in
                guard let mood = message.mood, let date = message.createdAt else { return nil }
                return MoodTimeline.MoodMention(mood: String(mood.prefix(40)), date: date)
            }
        let analyses = try await MediaAnalysis.query(on: req.db)
            .filter(\.$account.$id == accountID).filter(\.$createdAt >= from).all()
            .compactMap { analysis -> MoodTimeline.AnalysisPoint? in
                guard let id = analysis.id, let date = analysis.createdAt else { return nil }
                let result = try? JSONValue(jsonString: analysis.resultJSON)
                return MoodTimeline.AnalysisPoint(
                    id: id, mediaType: analysis.mediaType.rawValue,
                    overallScore: result?["depression_indicators"]?["overall_score"]?.number,
                    dominantEmotion: result?["emotional_analysis"]?["dominant_emotion"]?.string,
                    riskLevel: analysis.riskLevel, date: date)
            }
        let questionnaires = try await QuestionnaireResponse.query(on: req.db)
            .filter(\.$account.$id == accountID).filter(\.$createdAt >= from).all()
            .compactMap { response -> MoodTimeline.QuestionnairePoint? in
                guard let id = response.id, let date = response.createdAt else { return nil }
                return MoodTimeline.QuestionnairePoint(id: id, kind: response.kind, score: response.score,
                                                       severity: response.severity, date: date)
            }
        let daily = try await DailyLog.query(on: req.db).filter(\.$account.$id == accountID)
            .filter(\.$day >= MoodTimeline.dayKey(from)).all()
            .map { MoodTimeline.DailyPoint(date: $0.day, mood: $0.mood, sleepHours: $0.sleepHours) }
        return MoodTimelineResponse(MoodTimeline(moods: moods, analyses: analyses, questionnaires: questionnaires, daily: daily),
                                    from: from, to: to)
    }
}
