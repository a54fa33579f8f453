import CFaceVision

extension cfv_error {
    /// The NUL-terminated message as a Swift string.
    var text: String {
        withUnsafeBytes(of: message) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }
}

extension FaceAnalysisError {
    /// Maps a native status to the error a caller can act on. `imageTooLarge` needs the probed
    /// size and is built by the caller.
    init(native error: cfv_error) {
        switch cfv_status(rawValue: UInt32(bitPattern: error.status)) {
        case CFV_FILE_UNREADABLE, CFV_CORRUPT_MEDIA: self = .unreadableMedia(reason: error.text)
        case CFV_UNSUPPORTED_FORMAT: self = .unsupportedMediaType
        case CFV_CANCELLED: self = .cancelled
        case CFV_MODEL_LOAD_FAILED: self = .modelsUnavailable(reason: error.text)
        default: self = .analysisFailed(reason: error.text.isEmpty ? "native status \(error.status)" : error.text)
        }
    }
}
