import Foundation

/// Each measured cue of a check-in against the person's own usual: the median (and spread) of
/// their earlier check-ins. Population thresholds say how a cue compares with other people; this
/// says how it compares with this person, which is what changes over time mean.
public struct PersonalBaseline: Codable, Sendable, Equatable {
    public struct Cue: Codable, Sendable, Equatable {
        public var cue: String
        public var label: String
        public var current: Double
        public var median: Double
        /// Median absolute deviation of the earlier values: what "usual" varies by.
        public var spread: Double
        /// (current - median) / median in percent; nil when the usual is near zero.
        public var differencePercent: Int?
        /// Earlier check-ins in which this cue was measured.
        public var n: Int
        public var summary: String

        enum CodingKeys: String, CodingKey {
            case cue, label, current, median, spread, n, summary
            case differencePercent = "difference_percent"
        }
    }

    public static let minimumCheckIns = 3

    public var available: Bool
    /// Earlier check-ins found.
    public var checkIns: Int
    /// More check-ins needed before the comparison appears; nil once available.
    public var needed: Int?
    public var cues: [Cue]

    enum CodingKeys: String, CodingKey {
        case available, cues
        case checkIns = "check_ins"
        case needed
    }

    static let labels: [(key: String, label: String)] = [
        ("facial_expression", "Flat or sad expression"), ("eye_contact", "Reduced eye contact"),
        ("micro_expressions", "Reduced expressivity"), ("overall_score", "Overall cue score"),
    ]

    /// - Parameters:
    ///   - current: this check-in's indicators.
    ///   - earlier: the person's earlier check-ins' indicators, any order.
    public init(current: DepressionIndicators, earlier: [DepressionIndicators]) {
        checkIns = earlier.count
        guard earlier.count >= Self.minimumCheckIns else {
            available = false
            needed = Self.minimumCheckIns - earlier.count
            cues = []
            return
        }
        available = true
        needed = nil
        cues = Self.labels.compactMap { key, label in
            guard let now = Self.value(key, of: current) else { return nil }
            let past = earlier.compactMap { Self.value(key, of: $0) }
            guard past.count >= Self.minimumCheckIns else { return nil }
            let median = Self.median(past)
            let spread = Self.median(past.map { abs($0 - median) })
            let percent = median >= 0.05 ? Int(((now - median) / median * 100).rounded()) : nil
            return Cue(cue: key, label: label, current: Self.round(now), median: Self.round(median), spread: Self.round(spread),
                       differencePercent: percent, n: past.count,
                       summary: Self.summary(label: label, now: now, median: median, spread: spread, percent: percent, n: past.count))
        }
    }

    static func summary(label: String, now: Double, median: Double, spread: Double, percent: Int?, n: Int) -> String {
        let usual = String(format: "%.2f", median), value = String(format: "%.2f", now)
        if abs(now - median) <= max(spread, 0.02) {
            return "\(label): \(value), within your usual range (\(usual) over \(n) check-ins)"
        }
        let direction = now > median ? "higher" : "lower"
        let amount = percent.map { "\(abs($0))% \(direction)" } ?? direction
        return "\(label): \(value), \(amount) than your usual \(usual) (over \(n) check-ins)"
    }

    static func value(_ key: String, of indicators: DepressionIndicators) -> Double? {
        switch key {
        case "facial_expression": indicators.facialExpression
        case "eye_contact": indicators.eyeContact
        case "micro_expressions": indicators.microExpressions
        default: indicators.overallScore
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
