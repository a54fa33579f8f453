import Vapor
import NIOWebSocket

/// The open chat sockets of this instance. On shutdown every socket is closed with "going away"
/// and its session finishes (storing an interrupted reply as such) before the database and the
/// model go, so nothing a person said is lost and no session outlives what it uses.
actor ChatConnections {
    private struct Connection {
        var socket: WebSocket
        var accountID: UUID
        var session: Task<Void, Never>?
    }

    private var open: [UUID: Connection] = [:]

    var count: Int { open.count }

    func add(_ id: UUID, socket: WebSocket, accountID: UUID) {
        open[id] = Connection(socket: socket, accountID: accountID)
    }

    /// Attaches the session's task, unless the connection has already gone.
    func attach(_ id: UUID, session: Task<Void, Never>) {
        open[id]?.session = session
    }

    func remove(_ id: UUID) {
        open[id] = nil
    }

    /// Ends the chats of an account that is being erased, so no session writes to it afterwards.
    func closeAll(of accountID: UUID) async {
        await close(open.values.filter { $0.accountID == accountID }, code: .normalClosure)
    }

    func closeAll() async {
        await close(Array(open.values), code: .goingAway)
    }

    private func close(_ connections: [Connection], code: WebSocketErrorCode) async {
        for connection in connections {
            try? await connection.socket.close(code: code)
        }
        for connection in connections {
            await connection.session?.value
        }
    }
}

extension Application {
    private struct ChatConnectionsKey: StorageKey {
        typealias Value = ChatConnections
    }

    var chatConnections: ChatConnections {
        if let existing = storage[ChatConnectionsKey.self] { return existing }
        let created = ChatConnections()
        storage[ChatConnectionsKey.self] = created
        return created
    }
}

/// Closes the chat sockets before the rest of the application shuts down.
struct ChatConnectionsLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.chatConnections.closeAll()
    }
}
