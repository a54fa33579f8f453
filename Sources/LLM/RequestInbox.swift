import Foundation

/// The only channel into the decode thread: new requests, cancellations and shutdown, behind one
/// condition variable. Callers never block on it for longer than an append; the decode thread
/// sleeps on it when it has nothing to do.
final class RequestInbox: @unchecked Sendable {
    struct Mail {
        var submitted: [GenerationRequest] = []
        var cancelled: Set<UUID> = []
        /// Short llama.cpp work of other contexts (the sentence encoder), run between two decode steps.
        var errands: [@Sendable () -> Void] = []
        var shutdownRequested = false
    }

    private let condition = NSCondition()
    private var mail = Mail()
    private var closed = false
    private var finished = false
    private var shutdownWaiters: [CheckedContinuation<Void, Never>] = []

    /// Queues a request; false once shutdown has begun (the caller fails the request itself).
    func submit(_ request: GenerationRequest) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        mail.submitted.append(request)
        condition.signal()
        return true
    }

    /// Queues work for the decode thread; false once shutdown has begun.
    func submit(errand: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        mail.errands.append(errand)
        condition.signal()
        return true
    }

    func cancel(_ requestID: UUID) {
        condition.lock()
        defer { condition.unlock() }
        guard !finished else { return }
        mail.cancelled.insert(requestID)
        condition.signal()
    }

    /// Asks the decode thread to stop without waiting for it.
    func requestShutdown() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        mail.shutdownRequested = true
        condition.signal()
    }

    /// Asks the decode thread to stop and waits until it has released everything.
    func shutdown() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            condition.lock()
            if finished {
                condition.unlock()
                waiter.resume()
                return
            }
            closed = true
            mail.shutdownRequested = true
            shutdownWaiters.append(waiter)
            condition.signal()
            condition.unlock()
        }
    }

    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    /// Decode thread: takes all pending mail; when `wait` is set, sleeps until there is some.
    func take(wait: Bool) -> Mail {
        condition.lock()
        defer { condition.unlock() }
        while wait, mail.submitted.isEmpty, mail.cancelled.isEmpty, mail.errands.isEmpty, !mail.shutdownRequested {
            condition.wait()
        }
        let taken = mail
        mail = Mail(shutdownRequested: mail.shutdownRequested)
        return taken
    }

    /// Decode thread, on exit: wakes everyone waiting in `shutdown()`.
    func markFinished() {
        condition.lock()
        closed = true
        finished = true
        let waiters = shutdownWaiters
        shutdownWaiters.removeAll()
        condition.unlock()
        waiters.forEach { $0.resume() }
    }
}
