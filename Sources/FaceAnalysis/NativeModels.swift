import CFaceVision

/// The loaded models (detector, landmarks, emotion), shared by every worker.
///
/// `@unchecked Sendable`: the native object is immutable after loading and documented as safe to
/// read from any thread; the pointer is only freed in deinit, when no worker can be using it
/// (workers hold their own reference to the native data).
final class NativeModels: @unchecked Sendable {
    let handle: OpaquePointer

    init(paths: FaceModelPaths) throws(FaceAnalysisError) {
        let missing = paths.missingFiles()
        if !missing.isEmpty {
            throw .modelsUnavailable(reason: "missing model files: " + missing.map(\.lastPathComponent).joined(separator: ", "))
        }
        var error = cfv_error()
        guard let handle = cfv_models_load(
            paths.detectorConfig.path, paths.detectorWeights.path, paths.landmarks.path, paths.emotion.path, &error
        ) else {
            throw .modelsUnavailable(reason: error.text)
        }
        self.handle = handle
    }

    deinit { cfv_models_destroy(handle) }
}
