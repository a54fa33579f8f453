/// The facial-expression indicator and the mood figures, from emotion probabilities.
///
///     facial_expression = 0.45 * sadness + 0.35 * (1 - P(happy)) + 0.20 * flat
///
/// Sadness is P(sad) (AU15, lip-corner depressor, rises with severity: Girard et al. 2014); lack of
/// positive affect is 1 - P(happy) (fewer AU12 smiles: Girard et al. 2014); flat affect is P(neutral),
/// for video damped by how much the emotions varied over time (flat = mean P(neutral) *
/// (1 - min(1, variability / lively variability))). Weights are in `ScoringPolicy`.
struct ExpressionScorer {
    var policy: ScoringPolicy

    struct Scores: Equatable {
        var facialExpression: Double
        var flatAffect: Double
        var positiveAffect: Double
        var negativeAffect: Double
        var valence: Double { positiveAffect - negativeAffect }
    }

    /// `probabilities` in `Emotion.allCases` order (a frame's, or a mean over frames);
    /// `variability` is nil for a single image.
    func scores(probabilities p: [Double], variability: Double?) -> Scores {
        let neutral = p[Emotion.neutral.index]
        let flat: Double
        if let variability {
            flat = neutral * (1 - min(1, variability / policy.livelyEmotionVariability))
        } else {
            flat = neutral
        }
        let happy = p[Emotion.happy.index], sad = p[Emotion.sad.index]
        let score = policy.sadnessWeight * sad + policy.lackOfPositiveWeight * (1 - happy) + policy.flatAffectWeight * flat
        let negative = sad + p[Emotion.angry.index] + p[Emotion.fear.index] + p[Emotion.disgust.index]
        return Scores(facialExpression: clamp01(score), flatAffect: clamp01(flat), positiveAffect: happy, negativeAffect: min(1, negative))
    }
}

func clamp01(_ x: Double) -> Double { min(1, max(0, x)) }
