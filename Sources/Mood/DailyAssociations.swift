import Foundation

/// Simple patterns in a person's own daily log, worded as observations, never causes: mean mood
/// on days with and without each activity (seen on at least `minimumDays` days, and missed on as
/// many), and mood against hours of sleep.
public struct DailyAssociations: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var mood: Int
        public var activities: Set<String>
        public var sleepHours: Double

        public init(mood: Int, activities: Set<String>, sleepHours: Double) {
            self.mood = mood
            self.activities = activities
            self.sleepHours = sleepHours
        }
    }

    public struct Activity: Sendable, Equatable {
        public var activity: String
        public var daysWith: Int
        public var meanMoodWith: Double
        public var daysWithout: Int
        public var meanMoodWithout: Double
    }

    public struct Sleep: Sendable, Equatable {
        public var days: Int
        /// Pearson's r between hours of sleep and mood; nil when either never varies.
        public var correlation: Double?
    }

    public static let minimumDays = 5
    public static let note = "Observations from your own log, not causes."

    public var activities: [Activity]
    public var sleep: Sleep?

    public init(entries: [Entry]) {
        let tags = Set(entries.flatMap(\.activities))
        activities = tags.sorted().compactMap { tag in
            let with = entries.filter { $0.activities.contains(tag) }
            let without = entries.filter { !$0.activities.contains(tag) }
            guard with.count >= Self.minimumDays, without.count >= Self.minimumDays else { return nil }
            return Activity(activity: tag, daysWith: with.count, meanMoodWith: Self.mean(with.map { Double($0.mood) }),
                            daysWithout: without.count, meanMoodWithout: Self.mean(without.map { Double($0.mood) }))
        }
        sleep = entries.count >= Self.minimumDays
            ? Sleep(days: entries.count, correlation: Self.pearson(entries.map(\.sleepHours), entries.map { Double($0.mood) }))
            : nil
    }

    /// One sentence per finding, e.g. "On the 6 days you logged walk your mood averaged 3.8, against
    /// 2.9 on the 9 days without it."
    public var lines: [String] {
        var lines = activities.map {
            "On the \($0.daysWith) days you logged \($0.activity) your mood averaged \(Self.oneDecimal($0.meanMoodWith)), "
                + "against \(Self.oneDecimal($0.meanMoodWithout)) on the \($0.daysWithout) days without it."
        }
        if let sleep, let r = sleep.correlation {
            let strength = abs(r) < 0.2 ? "hardly went together" : r > 0 ? "tended to rise together" : "tended to move in opposite directions"
            lines.append("Over \(sleep.days) logged days, your hours of sleep and your mood \(strength) (r = \(Self.twoDecimals(r))).")
        }
        return lines
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let mx = mean(x), my = mean(y)
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }, syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    static func oneDecimal(_ value: Double) -> String { String(format: "%.1f", value) }
    static func twoDecimals(_ value: Double) -> String { String(format: "%.2f", value) }
}
