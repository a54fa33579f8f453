import Chat
import Foundation
import NIOWebSocket
import Vapor

/// The open chat sockets of this instance, and their orderly end when it shuts down (SIGTERM).
///
/// Shutdown drains rather than drops: the listener stops accepting at once (a load balancer moves
/// new connections to the other instances), replies already streaming get `grace` to finish,
/// then every socket closes with 1001 "going away", which cancels what still runs; its partial
/// text is stored as interrupted, so a client reconnecting elsewhere finds it in the history.
/// Each wait has a bound, so a stuck reply or database cannot hold the process.
actor ChatConnections {
    private struct Connection {
        var socket: WebSocket
        var accountID: UUID
        var chat: ChatSession
        var task: Task<Void, Never>?
    }

    private var open: [UUID: Connection] = [:]
    private var closedSoFar = 0
    private var closeWaiters: [(total: Int, continuation: CheckedContinuation<Void, Never>)] = []

    var count: Int { open.count }

    func add(_ id: UUID, socket: WebSocket, accountID: UUID, session: ChatSession) {
        open[id] = Connection(socket: socket, accountID: accountID, chat: session)
        AppMetrics.websocketOpened()
    }

    /// Attaches the session's task, unless the connection has already gone.
    func attach(_ id: UUID, session: Task<Void, Never>) {
        open[id]?.task = session
    }

    func remove(_ id: UUID) {
        guard open.removeValue(forKey: id) != nil else { return }
        AppMetrics.websocketClosed()
        closedSoFar += 1
        let (ready, waiting) = (closeWaiters.filter { $0.total <= closedSoFar }, closeWaiters.filter { $0.total > closedSoFar })
        closeWaiters = waiting
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Returns once `total` connections have closed since the instance started: the moment a
    /// session has stored what it had and let go of its socket.
    func waitUntilClosed(total: Int) async {
        guard closedSoFar < total else { return }
        await withCheckedContinuation { closeWaiters.append((total, $0)) }
    }

    /// Ends the chats of an account that is being erased, so no session writes to it afterwards.
    func closeAll(of accountID: UUID) async {
        let connections = open.values.filter { $0.accountID == accountID }
        for connection in connections {
            try? await connection.socket.close(code: .normalClosure)
        }
        for connection in connections {
            await connection.task?.value
        }
    }

    /// Lets running replies finish within `grace`, then closes every socket with "going away" and
    /// waits up to `storeBound` for the sessions to store what they had.
    func closeAll(grace: Duration, storeBound: Duration = .seconds(5), logger: Logger) async {
        let connections = Array(open.values)
        guard !connections.isEmpty else { return }
        let started = ContinuousClock.now
        let repliesFinished = await Self.within(grace) {
            await withTaskGroup(of: Void.self) { group in
                for connection in connections { group.addTask { await connection.chat.waitUntilIdle() } }
            }
        }
        for connection in connections {
            try? await connection.socket.close(code: .goingAway)
        }
        let sessionsEnded = await Self.within(storeBound) {
            for connection in connections { await connection.task?.value }
        }
        logger.notice("chat connections closed for shutdown", metadata: [
            "connections": "\(connections.count)", "repliesFinishedInGrace": "\(repliesFinished)",
            "sessionsEnded": "\(sessionsEnded)", "tookMs": "\(Int((ContinuousClock.now - started) / .milliseconds(1)))",
        ])
    }

    /// Runs `work` and reports whether it ended within `bound`; past the bound it is left to run
    /// (a task group would wait for it, bound or not).
    private static func within(_ bound: Duration, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        let (outcome, continuation) = AsyncStream<Bool>.makeStream()
        let worker = Task {
            await work()
            continuation.yield(true)
        }
        let timer = Task {
            try? await Task.sleep(for: bound)
            continuation.yield(false)
        }
        var iterator = outcome.makeAsyncIterator()
        let result = await iterator.next() ?? false
        timer.cancel()
        continuation.finish()
        _ = worker
        return result
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

/// Runs first on shutdown: stops the listener and drains the chat sockets before the model and
/// the database go.
struct ChatConnectionsLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        // Quiescing closes the listening socket at once and waits for HTTP requests in flight and
        // for the upgraded sockets, which closeAll ends; it runs beside the drain.
        let server = application.server
        let stopping = Task { await server.shutdown() }
        await application.chatConnections.closeAll(
            grace: .seconds(application.appConfiguration.shutdownGraceSeconds), logger: application.logger)
        await stopping.value
    }
}
