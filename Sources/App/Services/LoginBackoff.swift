import Foundation

/// Slows password guessing for one username, on every instance (the count is in the database):
/// the first few mistakes cost nothing, then each failure doubles the wait, up to 15 minutes.
enum LoginBackoff {
    static let freeFailures = 3
    static let maxDelaySeconds = 15 * 60

    /// Seconds to wait after `failures` consecutive failed sign-ins.
    static func delaySeconds(afterFailures failures: Int) -> Int {
        guard failures >= freeFailures else { return 0 }
        let exponent = min(failures - freeFailures, 20)
        return min(maxDelaySeconds, 1 << exponent)
    }
}
