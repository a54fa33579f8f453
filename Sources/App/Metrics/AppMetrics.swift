import Chat
import Foundation
import Metrics
import Prometheus

/// The server's Prometheus metrics, served at `GET /metrics`.
///
/// Everything is recorded through swift-metrics, so Vapor's own `http_requests_total` /
/// `http_request_duration_seconds` (by method, route pattern and status) land in the same
/// registry. `MetricsSystem.bootstrap` may run only once per process while tests build many
/// Applications: the registry is a lazily created static, bootstrapped on first use. Call sites
/// stay one line each; the names live here. Labels carry routes, outcomes and levels, never ids.
enum AppMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            Name.timeToFirstToken: seconds([0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30]),
            Name.analysisDuration: seconds([0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 80]),
        ]
        factory.valueHistogramBuckets = [Name.tokensPerSecond: [1, 2, 5, 10, 20, 35, 50, 75, 100, 150, 250, 500]]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    private static func seconds(_ values: [Double]) -> [Duration] {
        values.map { Duration.milliseconds(Int64($0 * 1000)) }
    }

    enum Name {
        static let websocketConnections = "depressoassist_websocket_connections"
        // Recorded by the chat's `ReplyMeter` as each reply passes.
        static let queueLength = ReplyMeter.Name.queueLength
        static let generationsInFlight = ReplyMeter.Name.generationsInFlight
        static let generations = ReplyMeter.Name.generations
        static let timeToFirstToken = ReplyMeter.Name.timeToFirstToken
        static let tokensPerSecond = ReplyMeter.Name.tokensPerSecond
        static let analysisDuration = "depressoassist_analysis_duration_seconds"
        static let crisisEvents = "depressoassist_crisis_events_total"
    }

    /// Installs the registry as the process's metrics backend (idempotent).
    static func bootstrap() {
        _ = registry
    }

    /// The Prometheus text exposition of every metric.
    static func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func websocketOpened() { Meter(label: Name.websocketConnections).increment() }
    static func websocketClosed() { Meter(label: Name.websocketConnections).decrement() }

    static func analysisFinished(kind: String, outcome: String, after duration: Duration) {
        Timer(label: Name.analysisDuration, dimensions: [("kind", kind), ("outcome", outcome)])
            .recordNanoseconds(duration.nanoseconds)
    }

    /// A RiskEvent row was written: its level and where it came from, never the words.
    static func crisisEvent(level: String, source: String) {
        Counter(label: Name.crisisEvents, dimensions: [("level", level), ("source", source)]).increment()
    }
}

private extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
