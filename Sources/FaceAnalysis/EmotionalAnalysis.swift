/// The emotion classifier's view of the analysed face (image) or its mean over time (video).
public struct EmotionalAnalysis: Codable, Sendable, Equatable {
    public var dominantEmotion: Emotion
    /// Probability (0...1) of the dominant emotion.
    public var emotionConfidence: Double
    /// Percentages (0...100, summing to ~100) per emotion, as the prototype reported them.
    public var emotionDistribution: EmotionDistribution

    enum CodingKeys: String, CodingKey {
        case dominantEmotion = "dominant_emotion"
        case emotionConfidence = "emotion_confidence"
        case emotionDistribution = "emotion_distribution"
    }
}

/// One number per FER2013 class; the unit (percent or probability) is stated where it is used.
public struct EmotionDistribution: Codable, Sendable, Equatable {
    public var angry: Double
    public var disgust: Double
    public var fear: Double
    public var happy: Double
    public var sad: Double
    public var surprise: Double
    public var neutral: Double

    /// Values in `Emotion.allCases` order.
    init(_ v: [Double]) {
        precondition(v.count == Emotion.allCases.count)
        (angry, disgust, fear, happy, sad, surprise, neutral) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6])
    }

    public subscript(emotion: Emotion) -> Double {
        switch emotion {
        case .angry: angry
        case .disgust: disgust
        case .fear: fear
        case .happy: happy
        case .sad: sad
        case .surprise: surprise
        case .neutral: neutral
        }
    }

    public var values: [Double] { Emotion.allCases.map { self[$0] } }
}
