/// The outcome of one analysis, in the JSON shape of the old prototype plus fields that say what was
/// and was not measured. Every number is either measured from this file or null; nothing is filled
/// in. Indicators are screening cues with higher = more of the cue, never a diagnosis.
public struct AnalysisResult: Codable, Sendable, Equatable {
    public var depressionIndicators: DepressionIndicators
    public var emotionalAnalysis: EmotionalAnalysis
    public var moodAnalysis: MoodAnalysis
    public var riskLevel: CueRiskLevel
    public var recommendations: [String]
    /// Fields that are null (or partial), each with the reason.
    public var unmeasured: [UnmeasuredField]
    /// Faces found (image) or the most found in one sampled frame (video); the largest is analysed.
    public var facesDetected: Int
    /// "image" or "video".
    public var mediaType: String
    /// The container or image format recognised from the file's bytes (e.g. "jpeg", "mp4").
    public var mediaFormat: String
    public var measurements: Measurements
    public var methodVersion: String
    public var disclaimer: String
    /// This check-in against the person's own earlier ones; set by the app, which knows them.
    public var personalBaseline: PersonalBaseline?

    public static let disclaimerText =
        "These are screening cues from facial signals, not a diagnosis. They can be wrong, and they cannot tell how you feel. If you are struggling, please talk to someone you trust or a health professional."

    enum CodingKeys: String, CodingKey {
        case depressionIndicators = "depression_indicators"
        case emotionalAnalysis = "emotional_analysis"
        case moodAnalysis = "mood_analysis"
        case riskLevel = "risk_level"
        case recommendations
        case unmeasured
        case facesDetected = "faces_detected"
        case mediaType = "media_type"
        case mediaFormat = "media_format"
        case measurements
        case methodVersion = "method_version"
        case disclaimer
        case personalBaseline = "personal_baseline"
    }
}

/// Screening indicators, each 0...1 with higher = more of the cue associated with depression, or
/// null when it could not be measured from this file (the reason is in `unmeasured`).
public struct DepressionIndicators: Codable, Sendable, Equatable {
    /// Sadness, lack of positive affect and flat affect in the emotion distribution.
    public var facialExpression: Double?
    /// Reduced eye contact: 1 - eye-contact level (image) or 1 - share of face frames with eye contact (video).
    public var eyeContact: Double?
    /// Reduced facial expressivity over time (video only).
    public var microExpressions: Double?
    /// Weighted mean of the measured indicators only (weights renormalised).
    public var overallScore: Double?

    enum CodingKeys: String, CodingKey {
        case facialExpression = "facial_expression"
        case eyeContact = "eye_contact"
        case microExpressions = "micro_expressions"
        case overallScore = "overall_score"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(facialExpression, forKey: .facialExpression)
        try c.encode(eyeContact, forKey: .eyeContact)
        try c.encode(microExpressions, forKey: .microExpressions)
        try c.encode(overallScore, forKey: .overallScore)
    }
}

/// How high the measured facial cues are (`risk_level` in the result): a summary of measurements,
/// not a clinical risk. Named apart from the Safety module's `RiskLevel`, which grades what a person
/// writes, so that neither reads as the other.
public enum CueRiskLevel: String, Codable, Sendable, Equatable {
    case low, moderate, high
}

/// A field left null or partial, and why (for the client to explain, and for honesty).
public struct UnmeasuredField: Codable, Sendable, Equatable {
    /// Dotted JSON path, e.g. "depression_indicators.micro_expressions".
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}
