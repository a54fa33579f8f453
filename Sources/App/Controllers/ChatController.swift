import Chat
import Fluent
import Vapor

/// `/ws/chat/`: the chat protocol of the React frontend over a WebSocket.
struct ChatController: RouteCollection {
    /// Large enough for any message under the content limit; the limit itself answers with an error.
    static let maxFrameSize = 1 << 20

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(OriginCheckMiddleware(scope: .allRequests)).get("ws", "chat") { req async throws -> Response in
            // Resolved before the upgrade, so a refusal (too many new sessions from one address,
            // an outlived token) is an HTTP answer with its status and Retry-After: thrown from
            // the upgrade itself it only closed the connection, and a browser cannot tell why.
            let headers = try await upgradeHeaders(req: req)
            return req.webSocket(
                maxFrameSize: .init(integerLiteral: Self.maxFrameSize),
                shouldUpgrade: { req in req.eventLoop.makeSucceededFuture(headers) },
                onUpgrade: { req, ws in
                    // Called on the socket's event loop as the upgrade completes, before any frame
                    // is read: a client that sends at once on open (a queued message flushed in
                    // `onopen`) loses nothing. Vapor's async variant registers in a new Task, so
                    // frames arriving before it ran were dropped.
                    let frames = FrameInbox(socket: ws)
                    Task { await connect(req: req, ws: ws, frames: frames.stream) }
                })
        }
    }

    /// Resolves the account, setting the guest session cookie on the 101 response when one was
    /// created (foreign origins were already refused by `OriginCheckMiddleware`).
    func upgradeHeaders(req: Request) async throws -> HTTPHeaders {
        let resolved = try await AccountResolver().resolve(req)
        req.setAccountID(resolved.accountID)
        var headers = HTTPHeaders()
        if let cookie = resolved.newCookie {
            headers.add(name: .setCookie, value: cookie.serialize(name: AccountResolver.cookieName))
        }
        return headers
    }

    func connect(req: Request, ws: WebSocket, frames: AsyncStream<ChatSession.Frame>) async {
        let app = req.application
        let logger = req.logger
        // An upgrade that completes while the server stops finds no database to open a chat on.
        guard !app.didShutdown else {
            try? await ws.close(code: .goingAway)
            return
        }
        let opened: OpenedConversation
        do {
            opened = try await openConversation(req)
        } catch {
            logger.error("opening a conversation failed")
            try? await ws.send(ServerMessage.error(code: .storageFailed,
                                                   message: "The conversation could not be opened. Please reconnect.").jsonText())
            try? await ws.close(code: .unexpectedServerError)
            return
        }

        let store = FluentConversationStore(database: app.db, accountID: opened.accountID)
        let limits = app.rateLimits
        let connectionID = UUID()
        let accountKey = opened.accountID.uuidString
        let address = req.clientAddress
        // Crisis lines for where the person is: their chosen country (read by the session at each
        // crisis), else their browser's language, else the deployment's region.
        let region = CrisisCountry.region(acceptLanguage: req.headers.first(name: .acceptLanguage))
        let dependencies = app.services.chatDependencies(store: store, configuration: app.appConfiguration, region: region) {
            // The socket's own limit, then those shared by every socket of the account and of the address.
            guard await limits.chatMessagesPerSocket.attempt(connectionID.uuidString) == nil,
                  await limits.chatMessagesPerAccount.attempt(accountKey) == nil else { return false }
            return await limits.chatMessagesPerAddress.attempt(address) == nil
        }
        let session = ChatSession(conversationID: opened.conversationID, dependencies: dependencies, logger: logger)
        logger.info("chat connected", metadata: ["conversation": "\(opened.conversationID)", "resumed": "\(opened.resumed)"])

        let connections = app.chatConnections
        await connections.add(connectionID, socket: ws, accountID: opened.accountID, session: session)
        // One pass down (frames into the session), one pass back (its outbox onto the socket); the
        // writer ends when the session closes its outbox, after the reply in flight was stored.
        let task = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await session.serve(frames, resumed: opened.resumed) }
                group.addTask {
                    for await message in session.outbox where !ws.isClosed {
                        try? await ws.send(message.jsonText())
                    }
                }
            }
            await connections.remove(connectionID)
            logger.info("chat disconnected", metadata: ["conversation": "\(opened.conversationID)"])
        }
        await connections.attach(connectionID, session: task)
    }

    /// The socket's frames as an async sequence, handled one at a time in the order they arrived.
    /// The synchronous callbacks keep that order (the async variants start one task per frame).
    struct FrameInbox {
        let stream: AsyncStream<ChatSession.Frame>

        init(socket: WebSocket) {
            let (stream, continuation) = AsyncStream<ChatSession.Frame>.makeStream()
            socket.onText { _, text in continuation.yield(.text(text)) }
            socket.onBinary { _, _ in continuation.yield(.binary) }
            socket.onClose.whenComplete { _ in continuation.finish() }
            self.stream = stream
        }
    }

    private struct OpenedConversation {
        var accountID: UUID
        var conversationID: UUID
        var resumed: Bool
    }

    /// Continues the account's conversation the client names (or its latest), else starts one.
    /// Another account's conversation id is treated as unknown.
    private func openConversation(_ req: Request) async throws -> OpenedConversation {
        let accountID = try req.accountID
        var query = Conversation.query(on: req.db).filter(\.$account.$id == accountID)
        if let requested = req.query[String.self, at: "conversation_id"].flatMap(UUID.init(uuidString:)) {
            query = query.filter(\.$id == requested)
        } else {
            query = query.sort(\.$updatedAt, .descending)
        }
        if let existing = try await query.first() {
            return OpenedConversation(accountID: accountID, conversationID: try existing.requireID(), resumed: true)
        }
        let conversation = Conversation(accountID: accountID)
        try await conversation.create(on: req.db)
        return OpenedConversation(accountID: accountID, conversationID: try conversation.requireID(), resumed: false)
    }
}
