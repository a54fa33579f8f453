import Chat
import Fluent
import Foundation
import Safety

/// The chat's storage, scoped to one account: every query is filtered by the owner, so a
/// conversation or analysis id of another account reads as if it did not exist.
struct FluentConversationStore: ConversationStore {
    let database: any Database
    let accountID: UUID

    func appendMessage(_ message: StoredMessage, conversationID: UUID) async throws -> UUID {
        let record = ConversationMessage(conversationID: conversationID,
                                         role: message.role == .user ? .user : .assistant,
                                         content: message.content, mood: message.mood,
                                         status: message.status)
        try await record.create(on: database)
        return try record.requireID()
    }

    func recentMessages(conversationID: UUID, limit: Int) async throws -> [StoredMessage] {
        let newest = try await ConversationMessage.query(on: database)
            .join(Conversation.self, on: \ConversationMessage.$conversation.$id == \Conversation.$id)
            .filter(Conversation.self, \.$account.$id == accountID)
            .filter(\.$conversation.$id == conversationID)
            .sort(\.$createdAt, .descending)
            .limit(limit)
            .all()
        return newest.reversed().map {
            StoredMessage(role: $0.role == .user ? .user : .assistant, content: $0.content, mood: $0.mood,
                          status: $0.status)
        }
    }

    func supportMode(conversationID: UUID) async throws -> SupportMode {
        guard let json = try await conversation(conversationID).supportModeJSON else { return SupportMode() }
        return try JSONDecoder().decode(SupportMode.self, from: Data(json.utf8))
    }

    func setSupportMode(_ mode: SupportMode, conversationID: UUID) async throws {
        let conversation = try await conversation(conversationID)
        let json = mode.isActive ? String(decoding: try JSONEncoder().encode(mode), as: UTF8.self) : nil
        guard json != conversation.supportModeJSON else { return }
        conversation.supportModeJSON = json
        try await conversation.update(on: database)
    }

    func recordRiskEvent(conversationID: UUID, source: RiskEventSource, level: String, categories: [String]) async throws {
        try await RiskEvent(accountID: accountID, conversationID: conversationID,
                            source: source == .userMessage ? .userMessage : .modelReply,
                            level: level, categories: categories.joined(separator: ",")).create(on: database)
        AppMetrics.crisisEvent(level: level, source: source == .userMessage ? "user_message" : "model_reply")
    }

    func analysisJSON(fileID: UUID, fileType: String?) async throws -> String? {
        var query = MediaAnalysis.query(on: database)
            .filter(\.$account.$id == accountID)
            .filter(\.$fileID == fileID)
        if let fileType, let mediaType = MediaAnalysis.MediaType(rawValue: fileType) {
            query = query.filter(\.$mediaType == mediaType)
        }
        return try await query.first()?.resultJSON
    }

    func chosenCountry() async throws -> String? {
        try await Account.find(accountID, on: database)?.country
    }

    func safetyPlanJSON() async throws -> String? {
        try await SafetyPlan.query(on: database).filter(\.$account.$id == accountID).first()?.planJSON
    }

    private func conversation(_ id: UUID) async throws -> Conversation {
        guard let conversation = try await Conversation.query(on: database)
            .filter(\.$id == id).filter(\.$account.$id == accountID).first() else {
            throw ConversationNotFound()
        }
        return conversation
    }
}

struct ConversationNotFound: Error {}
