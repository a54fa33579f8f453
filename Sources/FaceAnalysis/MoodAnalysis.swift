/// A plain-language reading of the emotion distribution. Affect values are probabilities (0...1)
/// summed over classes; valence = positive - negative (-1...1).
public struct MoodAnalysis: Codable, Sendable, Equatable {
    /// Positive minus negative affect.
    public var valence: Double
    /// P(happy).
    public var positiveAffect: Double
    /// P(sad) + P(angry) + P(fear) + P(disgust).
    public var negativeAffect: Double
    /// Neutral expression, damped by emotional variability over time for video (see docs).
    public var flatAffect: Double
    /// One or two sentences for the person, descriptive and non-diagnostic.
    public var summary: String

    enum CodingKeys: String, CodingKey {
        case valence
        case positiveAffect = "positive_affect"
        case negativeAffect = "negative_affect"
        case flatAffect = "flat_affect"
        case summary
    }
}
