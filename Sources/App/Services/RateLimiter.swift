/// Counts attempts per key (an account, an address) within a window.
protocol RateLimiter: Sendable {
    /// Records an attempt for `key`; nil when allowed, else how long until the next one is.
    func attempt(_ key: String) async -> Duration?
}
