import Foundation

/// The OpenAI-compatible servers one `OpenAIChatModel` spreads its replies over.
///
/// Every reply goes to the least busy upstream that is up (ties in round-robin order, so idle
/// upstreams take turns). An upstream that fails before the first token (refused connection, 5xx,
/// timeout, dropped stream) is marked down for `cooldown` and the reply moves on to the next one;
/// once the cool-down has passed the upstream is tried again (a lazy health check), and a
/// successful reply or health probe marks it up at once. When every upstream is down they are still
/// tried, soonest-back first: a reply that might succeed beats an error that certainly comes.
/// All state is behind one lock; nothing here waits or does I/O.
public final class UpstreamPool: Sendable {
    /// One upstream as `/ready` and the logs see it.
    public struct Snapshot: Sendable, Equatable {
        public var baseURL: String
        public var inFlight: Int
        public var isUp: Bool
        /// Why it was last marked down (an `LLMError` summary, never upstream text).
        public var lastFailure: String?
    }

    private struct Upstream: Sendable {
        var baseURL: String
        var inFlight = 0
        var downUntil: ContinuousClock.Instant?
        var lastFailure: String?
    }

    public let cooldown: Duration
    private let state: Locked<(upstreams: [Upstream], cursor: Int)>

    public init(baseURLs: [String], cooldown: Duration = .seconds(5)) {
        precondition(!baseURLs.isEmpty, "an upstream pool needs at least one base URL")
        self.cooldown = cooldown
        self.state = Locked((baseURLs.map { Upstream(baseURL: $0) }, 0))
    }

    public var count: Int { state.withLock { $0.upstreams.count } }

    /// Upstream indices in the order a new reply should try them: up ones by fewest replies in
    /// flight (round-robin among equals), then down ones by the end of their cool-down.
    public func attemptOrder(now: ContinuousClock.Instant = .now) -> [Int] {
        state.withLock { state in
            let count = state.upstreams.count
            let start = state.cursor
            state.cursor = (state.cursor + 1) % count
            let rotated = (0..<count).map { (start + $0) % count }
            let up = rotated.filter { isUp(state.upstreams[$0], now: now) }
            let down = rotated.filter { !isUp(state.upstreams[$0], now: now) }
            // Stable sorts keep the rotation among equals.
            let byLoad = up.enumerated().sorted {
                (state.upstreams[$0.element].inFlight, $0.offset) < (state.upstreams[$1.element].inFlight, $1.offset)
            }.map(\.element)
            let bySoonestBack = down.sorted {
                (state.upstreams[$0].downUntil ?? now) < (state.upstreams[$1].downUntil ?? now)
            }
            return byLoad + bySoonestBack
        }
    }

    public func baseURL(at index: Int) -> String {
        state.withLock { $0.upstreams[index].baseURL }
    }

    /// A reply starts on this upstream.
    public func begin(_ index: Int) {
        state.withLock { $0.upstreams[index].inFlight += 1 }
    }

    /// A reply on this upstream ended, whatever the outcome.
    public func end(_ index: Int) {
        state.withLock { $0.upstreams[index].inFlight = max(0, $0.upstreams[index].inFlight - 1) }
    }

    /// The upstream answered: it is up, whatever its cool-down said.
    public func markUp(_ index: Int) {
        state.withLock {
            $0.upstreams[index].downUntil = nil
            $0.upstreams[index].lastFailure = nil
        }
    }

    /// The upstream failed before producing anything: skip it for `cooldown`.
    public func markDown(_ index: Int, reason: String, now: ContinuousClock.Instant = .now) {
        state.withLock {
            $0.upstreams[index].downUntil = now + cooldown
            $0.upstreams[index].lastFailure = reason
        }
    }

    public func snapshot(now: ContinuousClock.Instant = .now) -> [Snapshot] {
        state.withLock { state in
            state.upstreams.map {
                Snapshot(baseURL: $0.baseURL, inFlight: $0.inFlight, isUp: isUp($0, now: now), lastFailure: $0.lastFailure)
            }
        }
    }

    private func isUp(_ upstream: Upstream, now: ContinuousClock.Instant) -> Bool {
        guard let until = upstream.downUntil else { return true }
        return now >= until
    }
}
