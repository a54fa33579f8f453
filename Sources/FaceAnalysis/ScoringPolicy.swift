/// Every threshold and weight that turns measurements into indicators, in one place, so the
/// method in docs/face-analysis.md and the code cannot drift apart. None of them was fitted to
/// clinical data: they are a-priori choices from the cited literature and the measurement ranges
/// of the models, and `methodVersion` changes whenever one of them does.
public struct ScoringPolicy: Sendable, Equatable {
    public static let methodVersion = "face-analysis-1.1"

    // Eye contact: three criteria, each a linear ramp from 1 (clearly met) to 0 (clearly not).
    /// Head turned or tilted up to this many degrees (max of |yaw|, |pitch|) still faces the camera.
    public var frontalPoseDegrees: Double = 15
    /// ...and from this many degrees it clearly does not.
    public var awayPoseDegrees: Double = 35
    /// Eye aspect ratio at or below which eyes count as closed (Soukupova & Cech 2016 use ~0.2 for blinks).
    public var closedEyeAspect: Double = 0.12
    /// Eye aspect ratio from which eyes count as open.
    public var openEyeAspect: Double = 0.20
    /// Horizontal pupil offset (-1...1 between the eye corners) still counted as centred.
    public var centredGazeOffset: Double = 0.25
    /// Horizontal pupil offset from which gaze is clearly to the side.
    public var avertedGazeOffset: Double = 0.60
    /// A video frame "holds eye contact" when its continuous eye-contact level reaches this.
    public var eyeContactFrameLevel: Double = 0.5
    /// Pitch (degrees, negative = chin down) below which a frame counts as head-down (Scherer 2013).
    public var headDownPitchDegrees: Double = -15

    // Facial expression indicator = sadness + lack of positive affect + flat affect, weighted.
    public var sadnessWeight: Double = 0.45
    public var lackOfPositiveWeight: Double = 0.35
    public var flatAffectWeight: Double = 0.20
    /// Mean per-class standard deviation of emotion probabilities over a video at which affect is
    /// no longer called flat at all.
    public var livelyEmotionVariability: Double = 0.15

    // Micro-expressions (video): non-rigid landmark motion in inter-ocular distances per second at
    // which expressivity counts as full (indicator 0).
    public var fullExpressivity: Double = 0.25
    /// Consecutive samples further apart than this (seconds) are not compared for motion.
    public var maxMotionGap: Double = 1.0

    // Overall score: weighted mean over the indicators that were measured.
    public var facialExpressionWeight: Double = 0.5
    public var eyeContactWeight: Double = 0.25
    public var microExpressionsWeight: Double = 0.25

    /// overall_score below this is "low".
    public var moderateRiskFrom: Double = 0.45
    /// overall_score from this is "high".
    public var highRiskFrom: Double = 0.70

    public init() {}
}
