@testable import App
import Testing

/// The in-instance limiter (SQLite deployments, and every chat socket's own limit).
@Suite("Keyed rate limits")
struct KeyedRateLimiterTests {
    @Test("the limit per window, then a refusal that says how long to wait, until the window moves")
    func slidingWindow() async {
        let limiter = KeyedRateLimiter(limit: 3, window: .seconds(60))
        let start = ContinuousClock.now
        for _ in 0..<3 { #expect(await limiter.attempt("socket-1", at: start) == nil) }
        #expect(await limiter.attempt("socket-1", at: start + .seconds(30)) == .seconds(30))
        #expect(await limiter.attempt("socket-2", at: start + .seconds(30)) == nil, "each key has its own window")
        #expect(await limiter.attempt("socket-1", at: start + .seconds(61)) == nil)
    }
}
