import Metrics

/// One reply in the operator's metrics: the queue and in-flight gauges, time to first token,
/// tokens per second and how it ended. Kept by the `ReplyTurn` itself as the events pass, so the
/// model's stream is read once, and whatever way the turn ends the gauges return to where they were.
public struct ReplyMeter {
    /// The metric names (the app serves them at `GET /metrics`).
    public enum Name {
        public static let queueLength = "depressoassist_llm_queue_length"
        public static let generationsInFlight = "depressoassist_llm_generations_in_flight"
        public static let generations = "depressoassist_llm_generations_total"
        public static let timeToFirstToken = "depressoassist_llm_time_to_first_token_seconds"
        public static let tokensPerSecond = "depressoassist_llm_tokens_per_second"
    }

    enum Outcome: String {
        /// The reply was written to its end (also when the output screen replaced it).
        case finished
        case failed
        /// The person sent a new message or left.
        case cancelled
    }

    private enum State { case idle, queued, started, ended }
    private var state = State.idle
    private var submittedAt = ContinuousClock.now
    private var firstTokenAt: ContinuousClock.Instant?
    private var lastTokenAt: ContinuousClock.Instant?
    private var tokens = 0

    mutating func submitted() {
        guard state == .idle else { return }
        state = .queued
        submittedAt = .now
        Meter(label: Name.queueLength).increment()
        Meter(label: Name.generationsInFlight).increment()
    }

    mutating func started() {
        guard state == .queued else { return }
        state = .started
        Meter(label: Name.queueLength).decrement()
    }

    mutating func token() {
        let now = ContinuousClock.now
        if firstTokenAt == nil {
            firstTokenAt = now
            Timer(label: Name.timeToFirstToken).recordNanoseconds(Self.nanoseconds(now - submittedAt))
        }
        lastTokenAt = now
        tokens += 1
    }

    /// Once per reply; nothing when it was never submitted (the history could not be read).
    mutating func ended(_ outcome: Outcome) {
        guard state == .queued || state == .started else { return }
        if state == .queued { Meter(label: Name.queueLength).decrement() }
        state = .ended
        Meter(label: Name.generationsInFlight).decrement()
        Counter(label: Name.generations, dimensions: [("outcome", outcome.rawValue)]).increment()
        if outcome == .finished, tokens > 1, let first = firstTokenAt, let last = lastTokenAt, last > first {
            let seconds = Double(Self.nanoseconds(last - first)) / 1e9
            Recorder(label: Name.tokensPerSecond).record(Double(tokens - 1) / seconds)
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
