/// Mean and (population) standard deviation of each emotion's probability over frames.
struct EmotionStatistics: Equatable {
    var mean: [Double]
    var std: [Double]
    /// Mean of the per-class standard deviations: how much the expression changed over time.
    var variability: Double { std.reduce(0, +) / Double(std.count) }

    /// nil for an empty list. Sums run in frame order, so the result is bit-for-bit repeatable.
    init?(_ distributions: [[Double]]) {
        guard let first = distributions.first else { return nil }
        let n = Double(distributions.count)
        var mean = [Double](repeating: 0, count: first.count)
        for d in distributions { for i in d.indices { mean[i] += d[i] } }
        mean = mean.map { $0 / n }
        var variance = [Double](repeating: 0, count: first.count)
        for d in distributions { for i in d.indices { variance[i] += (d[i] - mean[i]) * (d[i] - mean[i]) } }
        self.mean = mean
        self.std = variance.map { ($0 / n).squareRoot() }
    }
}
