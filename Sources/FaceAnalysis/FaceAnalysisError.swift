/// Why an analysis produced no result. There is deliberately no fallback result: a made-up
/// "neutral" reading would be indistinguishable from a real one for the person reading it.
///
/// `code` is stable for clients and logs; `message` is written for the person who uploaded the file.
public enum FaceAnalysisError: Error, Sendable, Equatable {
    case noFaceDetected
    case unreadableMedia(reason: String)
    case unsupportedMediaType
    case imageTooLarge(width: Int, height: Int)
    case videoTooShort(duration: Double)
    case tooFewFaceFrames(found: Int, required: Int)
    case modelsUnavailable(reason: String)
    case cancelled
    /// A native failure that is not the file's fault (e.g. an OpenCV exception during inference).
    case analysisFailed(reason: String)

    public var code: String {
        switch self {
        case .noFaceDetected: "no_face_detected"
        case .unreadableMedia: "unreadable_media"
        case .unsupportedMediaType: "unsupported_media_type"
        case .imageTooLarge: "image_too_large"
        case .videoTooShort: "video_too_short"
        case .tooFewFaceFrames: "too_few_face_frames"
        case .modelsUnavailable: "models_unavailable"
        case .cancelled: "cancelled"
        case .analysisFailed: "analysis_failed"
        }
    }

    public var message: String {
        switch self {
        case .noFaceDetected:
            "We couldn't find a face in this file. A well-lit photo or video facing the camera works best."
        case .unreadableMedia:
            "We couldn't read this file. It may be damaged or incomplete; please try uploading it again."
        case .unsupportedMediaType:
            "This file type isn't supported. Please use a JPEG, PNG, WebP or BMP photo, or an MP4, MOV, WebM or AVI video."
        case let .imageTooLarge(width, height):
            "This image is too large (\(width) x \(height) pixels). Please use a smaller photo."
        case let .videoTooShort(duration):
            "This video is too short (\(String(format: "%.1f", duration)) s). Please record at least a few seconds."
        case let .tooFewFaceFrames(found, required):
            "Your face was visible in too few moments of this video (\(found) of the \(required) needed). Please keep your face in view of the camera."
        case .modelsUnavailable:
            "Face analysis is not available right now. Please try again later."
        case .cancelled:
            "The analysis was cancelled."
        case .analysisFailed:
            "Something went wrong while analysing this file. Please try again."
        }
    }

    /// Technical detail for logs (never contains face data), nil when `code` says it all.
    public var detail: String? {
        switch self {
        case let .unreadableMedia(reason), let .modelsUnavailable(reason), let .analysisFailed(reason): reason
        default: nil
        }
    }
}

extension FaceAnalysisError: CustomStringConvertible {
    public var description: String {
        if let detail { return "\(code): \(detail)" }
        return code
    }
}
