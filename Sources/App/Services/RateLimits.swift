import Vapor

/// The instance's rate limits, per account and per client address, from the configuration.
struct RateLimits: Sendable {
    let guestsPerAddress: KeyedRateLimiter
    let loginsPerAddress: KeyedRateLimiter
    let uploadsPerAccount: KeyedRateLimiter
    let uploadsPerAddress: KeyedRateLimiter
    let chatMessagesPerAccount: KeyedRateLimiter
    let chatMessagesPerAddress: KeyedRateLimiter

    init(_ limits: AppConfiguration.RateLimits) {
        let minute = Duration.seconds(60)
        guestsPerAddress = KeyedRateLimiter(limit: limits.guestsPerAddressPerMinute, window: minute)
        loginsPerAddress = KeyedRateLimiter(limit: limits.loginsPerAddressPerMinute, window: minute)
        uploadsPerAccount = KeyedRateLimiter(limit: limits.uploadsPerAccountPerMinute, window: minute)
        uploadsPerAddress = KeyedRateLimiter(limit: limits.uploadsPerAddressPerMinute, window: minute)
        chatMessagesPerAccount = KeyedRateLimiter(limit: limits.chatMessagesPerAccountPerMinute, window: minute)
        chatMessagesPerAddress = KeyedRateLimiter(limit: limits.chatMessagesPerAddressPerMinute, window: minute)
    }

    /// Throws 429 with `Retry-After` when `limiter` refuses `key`.
    static func check(_ limiter: KeyedRateLimiter, key: String, what: String) async throws {
        guard let wait = await limiter.attempt(key) else { return }
        let (seconds, attoseconds) = wait.components
        throw APIError.tooManyRequests(code: "rate_limited",
                                       message: { "Too many \(what) in a short time. Please try again in \($0) seconds." },
                                       retryAfter: Double(seconds) + Double(attoseconds) / 1e18)
    }
}

extension Application {
    private struct RateLimitsKey: StorageKey {
        typealias Value = RateLimits
    }

    var rateLimits: RateLimits {
        get { configured(RateLimitsKey.self) }
        set { storage[RateLimitsKey.self] = newValue }
    }
}

extension Request {
    /// The client's address for per-address limits: the proxy's `X-Real-IP` when the
    /// configuration says a trusted proxy sets it, else the peer of the connection.
    var clientAddress: String {
        if application.appConfiguration.accounts.trustProxyHeaders,
           let forwarded = headers.first(name: "X-Real-IP")?.trimmingCharacters(in: .whitespaces), !forwarded.isEmpty {
            return forwarded
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}
