import Foundation
import Safety

/// Where a chat keeps what must outlive the socket. The app implements it with Fluent; every call
/// is scoped to the conversation's owner, so a session can never touch another account's records.
public protocol ConversationStore: Sendable {
    /// Appends a turn and returns its id. User turns are stored before generation starts.
    func appendMessage(_ message: StoredMessage, conversationID: UUID) async throws -> UUID
    /// The newest `limit` turns, oldest first.
    func recentMessages(conversationID: UUID, limit: Int) async throws -> [StoredMessage]
    /// The conversation's supportive-mode state after a crisis (inactive when none was seen).
    func supportMode(conversationID: UUID) async throws -> SupportMode
    func setSupportMode(_ mode: SupportMode, conversationID: UUID) async throws
    /// Records that risk was seen: level and categories only, never the words.
    func recordRiskEvent(conversationID: UUID, source: RiskEventSource, level: String, categories: [String]) async throws
    /// The stored `analysis_result` JSON of one of the owner's uploads, or nil when there is none.
    func analysisJSON(fileID: UUID, fileType: String?) async throws -> String?
    /// The owner's safety plan as the page reads it (`GET /api/me/safety-plan`), nil when none:
    /// shown first in every crisis panel.
    func safetyPlanJSON() async throws -> String?
    /// The country the owner chose for help lines, nil when they chose none. Read at each crisis,
    /// so a choice made while the chat is open counts at once.
    func chosenCountry() async throws -> String?
}

public enum RiskEventSource: String, Sendable {
    case userMessage = "user_message"
    case modelReply = "model_reply"
}

/// A turn as stored.
public struct StoredMessage: Sendable, Equatable {
    public enum Role: String, Sendable { case user, assistant }
    /// How a turn ended; stored as is, so the raw values are the database's.
    public enum Status: String, Codable, Sendable {
        /// The reply ran to its end.
        case complete
        /// The reply was cut short (disconnect, new message, shutdown); the text is what was sent.
        case interrupted
        /// The model failed before completing; the text is what was sent.
        case failed
        /// A generated reply that the output screen stopped; the text is the safe replacement.
        case replaced
        /// The fixed crisis-support reply, written by people, not generated.
        case safetyReply = "safety_reply"
    }

    public var role: Role
    public var content: String
    public var mood: String?
    public var status: Status

    public init(role: Role, content: String, mood: String? = nil, status: Status) {
        self.role = role
        self.content = content
        self.mood = mood
        self.status = status
    }
}
