import Fluent
import Foundation
import Vapor

/// Erases an account and everything it owns: its chats are ended first so no session writes
/// afterwards, then every row goes in one transaction, then any retained media file.
struct AccountEraser: Sendable {
    var database: any Database
    var connections: ChatConnections
    var logger: Logger

    func erase(accountID: UUID) async throws {
        await connections.closeAll(of: accountID)
        let retainedFiles = try await MediaAnalysis.query(on: database)
            .filter(\.$account.$id == accountID).all().compactMap(\.storedPath)
        try await database.transaction { db in
            let conversationIDs = try await Conversation.query(on: db).filter(\.$account.$id == accountID).all(\.$id)
            try await RiskEvent.query(on: db).filter(\.$account.$id == accountID).delete()
            if !conversationIDs.isEmpty {
                try await ConversationMessage.query(on: db).filter(\.$conversation.$id ~~ conversationIDs).delete()
            }
            try await Conversation.query(on: db).filter(\.$account.$id == accountID).delete()
            try await MediaAnalysis.query(on: db).filter(\.$account.$id == accountID).delete()
            try await QuestionnaireResponse.query(on: db).filter(\.$account.$id == accountID).delete()
            try await SafetyPlan.query(on: db).filter(\.$account.$id == accountID).delete()
            try await DailyLog.query(on: db).filter(\.$account.$id == accountID).delete()
            try await AccountCredential.query(on: db).filter(\.$account.$id == accountID).delete()
            try await AccountToken.query(on: db).filter(\.$account.$id == accountID).delete()
            try await Account.query(on: db).filter(\.$id == accountID).delete()
        }
        var removed = 0
        for path in retainedFiles where (try? FileManager.default.removeItem(atPath: path)) != nil {
            removed += 1
        }
        logger.info("account erased", metadata: ["account": "\(accountID)", "files": "\(removed)"])
    }
}
