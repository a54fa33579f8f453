/// Eye contact as a fuzzy AND of three criteria, each a linear ramp between a "clearly met" and a
/// "clearly not met" threshold: the head faces the camera (pose), the eyes are open (eye aspect
/// ratio; Alghowinem et al. 2013 found eyes less open in depression) and the pupils sit near the
/// middle of the eyes horizontally. The level is the minimum of the three (all must hold).
/// Vertical pupil position is not used: lids and lashes bias it (see EyeRegion.cpp).
struct EyeContactScorer {
    var policy: ScoringPolicy

    struct Level: Equatable {
        var value: Double
        /// False when no pupil was found and the level rests on pose and openness only.
        var usedGaze: Bool
    }

    /// nil when pose or eye landmarks are missing.
    func level(of face: FaceObservation) -> Level? {
        guard let pose = face.pose, let eyes = face.meanEyeAspect else { return nil }
        let angle = max(abs(pose.yaw), abs(pose.pitch))
        var value = min(
            Self.falling(angle, full: policy.frontalPoseDegrees, zero: policy.awayPoseDegrees),
            Self.rising(eyes, zero: policy.closedEyeAspect, full: policy.openEyeAspect)
        )
        let pupil = face.meanPupil
        if let pupil {
            value = min(value, Self.falling(abs(pupil.x), full: policy.centredGazeOffset, zero: policy.avertedGazeOffset))
        }
        return Level(value: value, usedGaze: pupil != nil)
    }

    /// 1 at or below `full`, 0 at or above `zero`, linear between.
    static func falling(_ x: Double, full: Double, zero: Double) -> Double {
        if x <= full { return 1 }
        if x >= zero { return 0 }
        return (zero - x) / (zero - full)
    }

    /// 0 at or below `zero`, 1 at or above `full`, linear between.
    static func rising(_ x: Double, zero: Double, full: Double) -> Double {
        1 - falling(x, full: zero, zero: full)
    }
}
