import Chat
import Vapor

/// Everything stored for one account, for `GET /api/me/export`: a person's copy of their data.
struct AccountExport: Content {
    struct ConversationEntry: Content {
        var id: UUID
        var created_at: Date?
        var messages: [ConversationMessagesResponse.Message]
    }

    struct AnalysisEntry: Content {
        var analysis_id: UUID
        var file_id: UUID
        var media_type: MediaAnalysis.MediaType
        var byte_size: Int
        var created_at: Date?
        /// The stored result exactly as it was returned.
        var analysis_result: JSONValue
    }

    struct QuestionnaireEntry: Content {
        var id: UUID
        var kind: String
        var answers: [Int]
        var score: Int
        var severity: String
        var created_at: Date?
    }

    struct RiskEventEntry: Content {
        var id: UUID
        var conversation_id: UUID?
        var source: RiskEvent.Source
        var level: String
        var categories: [String]
        var created_at: Date?
    }

    var exported_at: Date
    var account: AccountResponse
    var conversations: [ConversationEntry]
    var analyses: [AnalysisEntry]
    var questionnaires: [QuestionnaireEntry]
    var risk_events: [RiskEventEntry]
    var safety_plan: SafetyPlanDTO?
    var daily_log: [DailyLogEntry]
}
