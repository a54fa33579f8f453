import SQLKit
import Vapor

/// The rate limits, per account and per client address, from the configuration. With a shared
/// database (PostgreSQL: possibly several instances) they are counted there, so the limits hold
/// for the whole deployment; with SQLite (one instance) in memory, exactly.
struct RateLimits: Sendable {
    let guestsPerAddress: any RateLimiter
    let loginsPerAddress: any RateLimiter
    let uploadsPerAccount: any RateLimiter
    let uploadsPerAddress: any RateLimiter
    let chatMessagesPerAccount: any RateLimiter
    let chatMessagesPerAddress: any RateLimiter
    /// Per chat socket: enough for a person typing, not for a script flooding the model. Always
    /// counted in this instance, where the socket is.
    let chatMessagesPerSocket: any RateLimiter

    /// `shared`: the database every instance counts in, or nil to count in this instance.
    init(_ limits: AppConfiguration.RateLimits, chatMessagesPerSocketPerMinute: Int, shared: (any SQLDatabase)? = nil,
         logger: Logger = Logger(label: "rate-limits")) {
        func limiter(_ name: String, _ perMinute: Int) -> any RateLimiter {
            let minute = Duration.seconds(60)
            guard let shared else { return KeyedRateLimiter(limit: perMinute, window: minute) }
            return SharedRateLimiter(name: name, limit: perMinute, window: minute, database: shared, logger: logger)
        }
        guestsPerAddress = limiter("guests_per_address", limits.guestsPerAddressPerMinute)
        loginsPerAddress = limiter("logins_per_address", limits.loginsPerAddressPerMinute)
        uploadsPerAccount = limiter("uploads_per_account", limits.uploadsPerAccountPerMinute)
        uploadsPerAddress = limiter("uploads_per_address", limits.uploadsPerAddressPerMinute)
        chatMessagesPerAccount = limiter("chat_per_account", limits.chatMessagesPerAccountPerMinute)
        chatMessagesPerAddress = limiter("chat_per_address", limits.chatMessagesPerAddressPerMinute)
        chatMessagesPerSocket = KeyedRateLimiter(limit: chatMessagesPerSocketPerMinute, window: .seconds(60))
    }

    /// Throws 429 with `Retry-After` when `limiter` refuses `key`.
    static func check(_ limiter: any RateLimiter, key: String, what: String) async throws {
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
