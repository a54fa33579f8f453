/// What the Swift benchmarks share: medians and percentiles of their samples, and durations in ms.

/// The `p`th percentile of `values`, interpolated between the two nearest ranks; nan when empty.
public func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let k = Double(sorted.count - 1) * p / 100
    let lo = Int(k), hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (k - Double(lo))
}

public func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}
