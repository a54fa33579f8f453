import Foundation

/// Where the four model files live. `make setup` puts them in `.cache/models` under these names.
public struct FaceModelPaths: Sendable, Equatable {
    /// res10 SSD deploy prototxt (Caffe).
    public var detectorConfig: URL
    /// res10_300x300_ssd_iter_140000.caffemodel.
    public var detectorWeights: URL
    /// dlib's shape_predictor_68_face_landmarks.dat (iBUG 300-W: non-commercial terms).
    public var landmarks: URL
    /// FER2013 mini-Xception converted to ONNX (NCHW [1,1,64,64] in, [1,7] softmax out).
    public var emotion: URL

    public init(detectorConfig: URL, detectorWeights: URL, landmarks: URL, emotion: URL) {
        self.detectorConfig = detectorConfig
        self.detectorWeights = detectorWeights
        self.landmarks = landmarks
        self.emotion = emotion
    }

    /// The standard file names inside one directory.
    public init(directory: URL) {
        self.init(
            detectorConfig: directory.appendingPathComponent("res10_deploy.prototxt"),
            detectorWeights: directory.appendingPathComponent("res10_300x300_ssd_iter_140000.caffemodel"),
            landmarks: directory.appendingPathComponent("shape_predictor_68_face_landmarks.dat"),
            emotion: directory.appendingPathComponent("emotion_model.onnx")
        )
    }

    public var all: [URL] { [detectorConfig, detectorWeights, landmarks, emotion] }

    /// Files that do not exist, so a startup check can name them instead of failing later.
    public func missingFiles() -> [URL] {
        all.filter { !FileManager.default.fileExists(atPath: $0.path) }
    }
}
