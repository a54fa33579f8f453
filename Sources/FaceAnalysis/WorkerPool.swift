import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking native jobs on a fixed number of dedicated threads, so at most `size` jobs run at
/// once and none of them ever blocks Swift's cooperative thread pool. Each thread builds its own
/// `Context` once (native networks must not be shared between threads) and keeps it for life.
///
/// Jobs wait in FIFO order. A task cancelled while its job still waits is removed from the queue;
/// a job that already runs is stopped by the caller's own means (see `NativeCancelToken`).
///
/// `@unchecked Sendable`: all mutable state (queue, flags, counters, waiters) is guarded by
/// `condition`; a context is only touched on the thread that created it.
final class WorkerPool<Context>: @unchecked Sendable {
    typealias ContextResult = Result<Context, FaceAnalysisError>

    private final class Ticket: @unchecked Sendable {
        // Guarded by the pool's condition.
        var job: (@Sendable (ContextResult) -> Void)?
        var cancelled = false
    }

    private let condition = NSCondition()
    private var queue: [Ticket] = []
    private var stopping = false
    private var contextsReady = 0
    private var contextFailure: FaceAnalysisError?
    private var readinessWaiters: [CheckedContinuation<FaceAnalysisError?, Never>] = []
    private var jobsStarted = 0
    private var startWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    let size: Int

    /// Starts `size` threads at nice value `nice`; each calls `makeContext(index)` on itself
    /// before taking jobs.
    init(size: Int, name: String, nice: Int = 0, makeContext: @escaping @Sendable (Int) throws(FaceAnalysisError) -> Context) {
        self.size = max(1, size)
        for index in 0..<self.size {
            let threadName = "\(name)-\(index)"
            let thread = Thread { [self] in
                // First, so the threads OpenCV starts from here (they inherit it) run at it too.
                Self.setUpCurrentThread(name: threadName, nice: nice)
                let context: ContextResult
                do throws(FaceAnalysisError) {
                    context = .success(try makeContext(index))
                } catch {
                    context = .failure(error)
                }
                self.condition.lock()
                switch context {
                case .success: self.contextsReady += 1
                case let .failure(error): self.contextFailure = self.contextFailure ?? error
                }
                var waiters: [CheckedContinuation<FaceAnalysisError?, Never>] = []
                if self.contextsReady == self.size || self.contextFailure != nil {
                    swap(&waiters, &self.readinessWaiters)
                }
                let failure = self.contextFailure
                self.condition.unlock()
                for waiter in waiters { waiter.resume(returning: failure) }
                self.serve(context)
            }
            thread.name = threadName
            thread.stackSize = 8 << 20  // OpenCV and dlib use deep stacks; don't depend on the platform default
            thread.start()
        }
    }

    /// Readiness: every thread has its context, or the first failure.
    var state: (ready: Bool, failure: FaceAnalysisError?) {
        condition.lock()
        defer { condition.unlock() }
        return (contextsReady == size, contextFailure)
    }

    /// Returns when every thread has its context; throws the first context failure.
    func waitUntilReady() async throws(FaceAnalysisError) {
        let failure: FaceAnalysisError? = await withCheckedContinuation { continuation in
            condition.lock()
            if contextsReady == size || contextFailure != nil {
                let failure = contextFailure
                condition.unlock()
                continuation.resume(returning: failure)
            } else {
                readinessWaiters.append(continuation)
                condition.unlock()
            }
        }
        if let failure { throw failure }
    }

    /// Runs `body` on a pool thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (Context) throws(FaceAnalysisError) -> T) async throws(FaceAnalysisError) -> T {
        let ticket = Ticket()
        let result: Result<T, FaceAnalysisError> = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, FaceAnalysisError>, Never>) in
                let job: @Sendable (ContextResult) -> Void = { context in
                    switch context {
                    case let .failure(error):
                        continuation.resume(returning: .failure(error))
                    case let .success(worker):
                        do throws(FaceAnalysisError) {
                            continuation.resume(returning: .success(try body(worker)))
                        } catch {
                            continuation.resume(returning: .failure(error))
                        }
                    }
                }
                condition.lock()
                if ticket.cancelled || stopping {
                    let error: FaceAnalysisError = stopping ? .modelsUnavailable(reason: "the analyzer was shut down") : .cancelled
                    condition.unlock()
                    continuation.resume(returning: .failure(error))
                    return
                }
                ticket.job = job
                queue.append(ticket)
                condition.signal()
                condition.unlock()
            }
        } onCancel: {
            condition.lock()
            ticket.cancelled = true
            var removed: (@Sendable (ContextResult) -> Void)?
            if let i = queue.firstIndex(where: { $0 === ticket }) {
                queue.remove(at: i)
                removed = ticket.job
                ticket.job = nil
            }
            condition.unlock()
            removed?(.failure(.cancelled))
        }
        return try result.get()
    }

    /// Jobs taken by a thread since the pool started.
    var startedJobs: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobsStarted
    }

    /// Returns once `count` jobs in all have been taken by a thread (a test knows then that work
    /// it submitted is running, without guessing how long that takes).
    func waitUntilStarted(jobs count: Int) async {
        await withCheckedContinuation { continuation in
            condition.lock()
            if jobsStarted >= count {
                condition.unlock()
                continuation.resume()
            } else {
                startWaiters.append((count, continuation))
                condition.unlock()
            }
        }
    }

    /// Lets queued jobs finish, then ends the threads. Later `run` calls fail.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func serve(_ context: ContextResult) {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            let ticket = queue.removeFirst()
            let job = ticket.job
            ticket.job = nil
            jobsStarted += 1
            let started = startWaiters.filter { $0.count <= jobsStarted }
            startWaiters.removeAll { $0.count <= jobsStarted }
            condition.unlock()
            for waiter in started { waiter.continuation.resume() }
            job?(context)
        }
    }

    /// The kernel's thread name (what `top -H` shows; Foundation does not pass `Thread.name` on,
    /// and glibc's setter is not visible to Swift), at most 15 bytes, and the nice value: on Linux
    /// it belongs to a thread, and `setpriority(PRIO_PROCESS, 0, ...)` sets the calling thread's.
    /// Raising it needs no privilege.
    private static func setUpCurrentThread(name: String, nice: Int) {
        #if canImport(Glibc)
        try? (String(name.utf8.prefix(15)) ?? name).write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
        if nice > 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Int32(nice)) }
        #endif
    }
}
