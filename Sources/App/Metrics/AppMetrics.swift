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
        static let queueLength = "depressoassist_llm_queue_length"
        static let generationsInFlight = "depressoassist_llm_generations_in_flight"
        static let generations = "depressoassist_llm_generations_total"
        static let timeToFirstToken = "depressoassist_llm_time_to_first_token_seconds"
        static let tokensPerSecond = "depressoassist_llm_tokens_per_second"
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

    /// A reply was submitted to the model and waits for a slot until `generationStarted()`.
    static func generationQueued() {
        Meter(label: Name.queueLength).increment()
        Meter(label: Name.generationsInFlight).increment()
    }

    static func generationStarted() { Meter(label: Name.queueLength).decrement() }

    /// The reply ended: `finished`, `failed` or `cancelled`. `stillQueued` when it never started.
    static func generationEnded(outcome: String, stillQueued: Bool) {
        if stillQueued { Meter(label: Name.queueLength).decrement() }
        Meter(label: Name.generationsInFlight).decrement()
        Counter(label: Name.generations, dimensions: [("outcome", outcome)]).increment()
    }

    static func generationFinished(timeToFirstToken: Duration, tokensPerSecond: Double) {
        Timer(label: Name.timeToFirstToken).recordNanoseconds(timeToFirstToken.nanoseconds)
        if tokensPerSecond > 0 { Recorder(label: Name.tokensPerSecond).record(tokensPerSecond) }
    }

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
