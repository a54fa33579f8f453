import Vapor

/// The open chat sockets of this instance. On shutdown every socket is closed with "going away"
/// and its session finishes (storing an interrupted reply as such) before the database and the
/// model go, so nothing a person said is lost and no session outlives what it uses.
actor ChatConnections {
    private var open: [UUID: (socket: WebSocket, session: Task<Void, Never>?)] = [:]

    var count: Int { open.count }

    func add(_ id: UUID, socket: WebSocket) {
        open[id] = (socket, nil)
        AppMetrics.websocketOpened()
    }

    /// Attaches the session's task, unless the connection has already gone.
    func attach(_ id: UUID, session: Task<Void, Never>) {
        open[id]?.session = session
    }

    func remove(_ id: UUID) {
        if open.removeValue(forKey: id) != nil { AppMetrics.websocketClosed() }
    }

    func closeAll() async {
        let connections = open.values
        for connection in connections {
            try? await connection.socket.close(code: .goingAway)
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
