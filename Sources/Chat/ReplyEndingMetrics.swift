import Metrics

/// Counts how replies were ended by `ReplyShaper` (`depressoassist_reply_endings_total{reason}`),
/// so an operator sees how often a model loops or runs long. Only the reason, never text.
enum ReplyEndingMetrics {
    enum Reason: String {
        /// Stopped at the last whole sentence before a repetition.
        case loopStopped = "loop_stopped"
        /// Past the target length, ended at a sentence end.
        case sentenceAfterTarget = "sentence_after_target"
        /// Cut by the token cap; the trailing fragment was removed.
        case fragmentTrimmed = "fragment_trimmed"
        /// Cut by the token cap exactly at a sentence end.
        case cap
    }

    static func record(_ reason: Reason) {
        Counter(label: "depressoassist_reply_endings_total", dimensions: [("reason", reason.rawValue)]).increment()
    }
}
