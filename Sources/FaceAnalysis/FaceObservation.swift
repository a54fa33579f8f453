/// Measurements of one face in one frame, copied out of the native structs into Swift values.
struct FaceObservation: Sendable, Equatable {
    struct Point: Sendable, Equatable {
        var x: Double
        var y: Double
    }

    struct Pose: Sendable, Equatable {
        var yaw: Double
        var pitch: Double
        var roll: Double
    }

    struct PupilOffset: Sendable, Equatable {
        var x: Double
        var y: Double
    }

    var box: FaceBox
    /// 68 points (iBUG layout) or empty when the shape predictor gave none.
    var landmarks: [Point]
    /// 7 probabilities in `Emotion.allCases` order, nil when the crop could not be classified.
    var emotion: [Double]?
    var pose: Pose?
    /// Eye aspect ratios of the image-left and image-right eye; nil without landmarks.
    var eyeAspectLeft: Double?
    var eyeAspectRight: Double?
    var pupilLeft: PupilOffset?
    var pupilRight: PupilOffset?

    /// Mean eye aspect ratio of both eyes.
    var meanEyeAspect: Double? {
        guard let l = eyeAspectLeft, let r = eyeAspectRight else { return nil }
        return (l + r) / 2
    }

    /// Mean pupil offset of the eyes where a pupil was found.
    var meanPupil: PupilOffset? {
        let found = [pupilLeft, pupilRight].compactMap { $0 }
        guard !found.isEmpty else { return nil }
        let n = Double(found.count)
        return PupilOffset(x: found.map(\.x).reduce(0, +) / n, y: found.map(\.y).reduce(0, +) / n)
    }

    /// Outer eye corner distance (36-45), the face-size unit for motion.
    var interocularDistance: Double? {
        guard landmarks.count == 68 else { return nil }
        let a = landmarks[36], b = landmarks[45]
        let d = ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
        return d > 0 ? d : nil
    }
}

/// A detected face box in pixels with the detector's score.
public struct FaceBox: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public var confidence: Double

    enum CodingKeys: String, CodingKey {
        case x, y, width, height, confidence
    }
}

/// One measured frame: all boxes, and the largest face measured in detail.
struct FaceFrame: Sendable, Equatable {
    var width: Int
    var height: Int
    var faceCount: Int
    var boxes: [FaceBox]
    var primary: FaceObservation?
    /// Video: index k of the due time this frame answers (0 for images).
    var sampleIndex: Int
    /// Presentation time in seconds (0 for images).
    var time: Double
}
