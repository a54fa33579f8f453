import Foundation

/// A sliding one-minute window per connection: enough for a person typing, not for a script
/// flooding the model.
struct MessageRateLimiter: Sendable {
    let limitPerMinute: Int
    private var sent: [ContinuousClock.Instant] = []

    init(limitPerMinute: Int) {
        self.limitPerMinute = limitPerMinute
    }

    /// Records an attempt; false when it is over the limit.
    mutating func allow(now: ContinuousClock.Instant = .now) -> Bool {
        sent.removeAll { now - $0 > .seconds(60) }
        guard sent.count < limitPerMinute else { return false }
        sent.append(now)
        return true
    }
}
