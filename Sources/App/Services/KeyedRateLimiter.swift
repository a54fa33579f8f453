import Foundation

/// A sliding window of attempts per key (an account, an address). Shared by every request of
/// this instance; keys idle for a whole window are dropped so a flood of addresses cannot grow
/// it without bound.
actor KeyedRateLimiter {
    let limit: Int
    let window: Duration
    private var attempts: [String: [ContinuousClock.Instant]] = [:]
    private var lastSweep = ContinuousClock.now

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// Records an attempt for `key`; nil when allowed, else how long until the next is.
    func attempt(_ key: String, now: ContinuousClock.Instant = .now) -> Duration? {
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
