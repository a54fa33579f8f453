/// Combines the measured indicators into `overall_score` and `risk_level`.
///
///     overall = sum(w_i * x_i) / sum(w_i)   over measured indicators only
///     (w: facial expression 0.5, eye contact 0.25, micro-expressions 0.25)
///     risk = low below 0.45, moderate below 0.70, high from 0.70
///
/// Facial expression weighs most because it rests on a trained classifier; the other two rest on
/// geometric heuristics. The cut-offs place a neutral face looking into the camera under
/// "moderate" and need strong sadness plus another cue for "high". They are not clinical cut-offs.
struct RiskAssessor {
    var policy: ScoringPolicy

    func overall(facialExpression: Double?, eyeContact: Double?, microExpressions: Double?) -> Double? {
        let parts: [(Double?, Double)] = [
            (facialExpression, policy.facialExpressionWeight),
            (eyeContact, policy.eyeContactWeight),
            (microExpressions, policy.microExpressionsWeight),
        ]
        var sum = 0.0, weights = 0.0
        for (value, weight) in parts {
            guard let value else { continue }
            sum += weight * value
            weights += weight
        }
        return weights > 0 ? sum / weights : nil
    }

    func risk(overall: Double) -> CueRiskLevel {
        if overall >= policy.highRiskFrom { return .high }
        if overall >= policy.moderateRiskFrom { return .moderate }
        return .low
    }
}
