import Fluent
import Vapor

/// A conversation's stored turns, so a page that reconnects or signs in can show the history
/// the assistant remembers. Another account's conversation answers 404, as a missing one does.
struct ConversationController: RouteCollection {
    static let maxMessages = 200

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "conversations").get(":conversationID", "messages", use: messages)
    }

    @Sendable
    func messages(req: Request) async throws -> ConversationMessagesResponse {
        let accountID = try req.accountID
        guard let id = req.parameters.get("conversationID", as: UUID.self),
              let conversation = try await Conversation.query(on: req.db)
                .filter(\.$id == id).filter(\.$account.$id == accountID).first() else {
            throw APIError(status: .notFound, code: "conversation_not_found", message: "No such conversation.")
        }
        let limit = min(max(req.query[Int.self, at: "limit"] ?? 50, 1), Self.maxMessages)
        let latest = try await ConversationMessage.query(on: req.db)
            .filter(\.$conversation.$id == (try conversation.requireID()))
            .sort(\.$createdAt, .descending).limit(limit).all()
        return ConversationMessagesResponse(
            conversation_id: try conversation.requireID(),
            messages: try latest.reversed().map(ConversationMessagesResponse.Message.init))
    }
}
