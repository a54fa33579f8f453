/// The raw measurements behind the indicators, so a client or a clinician-facing view can see what
/// the scores rest on. Null when not measured.
public struct Measurements: Codable, Sendable, Equatable {
    /// The analysed (largest) face; image only.
    public var faceBox: FaceBox?
    /// Degrees; image: the analysed face, video: mean over face frames.
    public var headPose: HeadPose?
    /// Eye aspect ratios; image: the analysed face, video: mean over face frames.
    public var eyeOpenness: EyeOpenness?
    /// Pupil offsets inside the eyes; image: the analysed face, video: mean over face frames.
    public var gaze: Gaze?
    /// Continuous eye-contact level 0...1 (image), or its mean over face frames (video).
    public var eyeContactLevel: Double?
    /// Present for video only.
    public var video: VideoMeasurements?

    enum CodingKeys: String, CodingKey {
        case faceBox = "face_box"
        case headPose = "head_pose"
        case eyeOpenness = "eye_openness"
        case gaze
        case eyeContactLevel = "eye_contact_level"
        case video
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(faceBox, forKey: .faceBox)
        try c.encode(headPose, forKey: .headPose)
        try c.encode(eyeOpenness, forKey: .eyeOpenness)
        try c.encode(gaze, forKey: .gaze)
        try c.encode(eyeContactLevel, forKey: .eyeContactLevel)
        try c.encode(video, forKey: .video)
    }
}

/// Head rotation in degrees: yaw > 0 turned toward the image's left, pitch > 0 chin up, roll > 0 clockwise.
public struct HeadPose: Codable, Sendable, Equatable {
    public var yaw: Double
    public var pitch: Double
    public var roll: Double
}

/// Eye aspect ratio per eye (image sides) and their mean; ~0.3 open, below ~0.2 closing.
public struct EyeOpenness: Codable, Sendable, Equatable {
    public var left: Double
    public var right: Double
    public var mean: Double
}

/// Pupil offset inside the eye: horizontal -1 (image-left corner) ... +1 (image-right corner),
/// vertical -1 (upper lid) ... +1 (lower lid). The vertical value is biased by lids and lashes and is
/// reported, not scored.
public struct Gaze: Codable, Sendable, Equatable {
    public var horizontal: Double
    public var vertical: Double
}

/// Temporal measurements of a video.
public struct VideoMeasurements: Codable, Sendable, Equatable {
    /// Seconds, from the container (declared frames / fps).
    public var duration: Double
    public var fps: Double
    /// Frames decoded, sampled or not.
    public var framesRead: Int
    public var framesSampled: Int
    public var framesWithFace: Int
    /// Sampled frames per second of video.
    public var sampledFps: Double
    /// Mean probability (0...1) per emotion over face frames.
    public var emotionMean: EmotionDistribution
    /// Standard deviation of each emotion's probability over face frames.
    public var emotionStd: EmotionDistribution
    /// Mean of `emotionStd` over the seven classes.
    public var emotionVariability: Double
    /// Share of face frames whose eye-contact level reaches the frame threshold.
    public var eyeContactShare: Double?
    /// Share of face frames with the head pitched down beyond the threshold.
    public var headDownShare: Double?
    /// Share of face frames with eyes at or below the closed threshold.
    public var closedEyeShare: Double?
    /// Non-rigid landmark motion (brows, eyes, mouth) after removing head motion, in inter-ocular
    /// distances per second; null with fewer than two usable consecutive samples.
    public var expressivity: Double?
    /// Mean absolute head rotation speed (degrees per second) between consecutive samples.
    public var headRotationSpeed: Double?
    /// Consecutive sample pairs that entered `expressivity`.
    public var motionPairs: Int

    enum CodingKeys: String, CodingKey {
        case duration, fps
        case framesRead = "frames_read"
        case framesSampled = "frames_sampled"
        case framesWithFace = "frames_with_face"
        case sampledFps = "sampled_fps"
        case emotionMean = "emotion_mean"
        case emotionStd = "emotion_std"
        case emotionVariability = "emotion_variability"
        case eyeContactShare = "eye_contact_share"
        case headDownShare = "head_down_share"
        case closedEyeShare = "closed_eye_share"
        case expressivity
        case headRotationSpeed = "head_rotation_speed"
        case motionPairs = "motion_pairs"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(duration, forKey: .duration)
        try c.encode(fps, forKey: .fps)
        try c.encode(framesRead, forKey: .framesRead)
        try c.encode(framesSampled, forKey: .framesSampled)
        try c.encode(framesWithFace, forKey: .framesWithFace)
        try c.encode(sampledFps, forKey: .sampledFps)
        try c.encode(emotionMean, forKey: .emotionMean)
        try c.encode(emotionStd, forKey: .emotionStd)
        try c.encode(emotionVariability, forKey: .emotionVariability)
        try c.encode(eyeContactShare, forKey: .eyeContactShare)
        try c.encode(headDownShare, forKey: .headDownShare)
        try c.encode(closedEyeShare, forKey: .closedEyeShare)
        try c.encode(expressivity, forKey: .expressivity)
        try c.encode(headRotationSpeed, forKey: .headRotationSpeed)
        try c.encode(motionPairs, forKey: .motionPairs)
    }
}
