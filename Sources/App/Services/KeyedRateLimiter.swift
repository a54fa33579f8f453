import Foundation

/// A sliding window of attempts per key (an account, an address), exact, in this instance's
/// memory: the limiter of a single instance (SQLite). Keys idle for a whole window are dropped so a
/// flood of addresses cannot grow it without bound.
actor KeyedRateLimiter: RateLimiter {
    let limit: Int
    let window: Duration
    private var attempts: [String: [ContinuousClock.Instant]] = [:]
    private var lastSweep = ContinuousClock.now

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    func attempt(_ key: String) -> Duration? {
        attempt(key, at: .now)
    }

    func attempt(_ key: String, at now: ContinuousClock.Instant) -> Duration? {
        sweep(now: now)
        var recent = attempts[key, default: []].filter { now - $0 < window }
        guard recent.count < limit else {
            attempts[key] = recent
            return window - (now - recent[0])
        }
        recent.append(now)
        attempts[key] = recent
        return nil
    }

    private func sweep(now: ContinuousClock.Instant) {
        guard now - lastSweep > window else { return }
        lastSweep = now
        attempts = attempts.filter { _, times in times.contains { now - $0 < window } }
    }
}
