import Fluent
import Foundation
import Vapor

/// What happens to a guest's records when the same browser signs in to an account. Without a
/// choice they would stay with a guest nobody can reach any more (its cookie is replaced).
enum GuestRecordsChoice: String, Codable, Sendable {
    /// Into the account signed in to: the conversation goes on there, check-ins join its timeline.
    case move
    /// Erased with the guest account, as `DELETE /api/me` would.
    case erase
}

/// Carries out a `GuestRecordsChoice`. Only a guest's records ever move: signing in while signed
/// in to another named account moves nothing, so one password never reaches another account's data.
struct GuestRecordsTransfer: Sendable {
    var database: any Database
    var connections: ChatConnections
    var logger: Logger

    /// Conversations count only with a message in them: every visit's socket opens one, and an
    /// empty one moved into the account would push its real conversation out of view.
    func apply(_ choice: GuestRecordsChoice, from guestID: UUID, to accountID: UUID) async throws -> GuestRecordsOutcome {
        // The guest's open chats end first, so no session writes as the guest afterwards.
        await connections.closeAll(of: guestID)
        let outcome = try await database.transaction { db in
            let all = try await Conversation.query(on: db).filter(\.$account.$id == guestID).all(\.$id)
            let spoken = all.isEmpty ? [] : Array(Set(
                try await ConversationMessage.query(on: db).filter(\.$conversation.$id ~~ all).all(\.$conversation.$id)))
            let outcome = GuestRecordsOutcome(
                outcome: choice == .move ? "moved" : "erased", conversations: spoken.count,
                analyses: try await MediaAnalysis.query(on: db).filter(\.$account.$id == guestID).count(),
                questionnaires: try await QuestionnaireResponse.query(on: db).filter(\.$account.$id == guestID).count())
            guard choice == .move else { return outcome }
            if !spoken.isEmpty {
                try await Conversation.query(on: db).filter(\.$id ~~ spoken).set(\.$account.$id, to: accountID).update()
            }
            try await MediaAnalysis.query(on: db).filter(\.$account.$id == guestID).set(\.$account.$id, to: accountID).update()
            try await QuestionnaireResponse.query(on: db).filter(\.$account.$id == guestID)
                .set(\.$account.$id, to: accountID).update()
            try await RiskEvent.query(on: db).filter(\.$account.$id == guestID).set(\.$account.$id, to: accountID).update()
            // Days the account has not logged itself follow the person; its own entries win.
            let loggedDays = try await DailyLog.query(on: db).filter(\.$account.$id == accountID).all(\.$day)
            try await DailyLog.query(on: db).filter(\.$account.$id == guestID).filter(\.$day !~ loggedDays)
                .set(\.$account.$id, to: accountID).update()
            // A plan written as a guest follows the person, unless the account already has its own.
            if try await SafetyPlan.query(on: db).filter(\.$account.$id == accountID).count() == 0 {
                try await SafetyPlan.query(on: db).filter(\.$account.$id == guestID).set(\.$account.$id, to: accountID).update()
            }
            return outcome
        }
        if choice == .move {
            logger.info("guest records moved", metadata: [
                "guest": "\(guestID)", "account": "\(accountID)", "conversations": "\(outcome.conversations)",
                "analyses": "\(outcome.analyses)", "questionnaires": "\(outcome.questionnaires)",
            ])
        }
        // Emptied by the move (but for empty conversations), or erased whole: the guest goes.
        try await AccountEraser(database: database, connections: connections, logger: logger).erase(accountID: guestID)
        return outcome
    }
}
