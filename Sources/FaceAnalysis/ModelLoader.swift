import Foundation

/// Loads the shared models once, on whichever pool thread asks first; the others wait for that
/// load instead of repeating it (the landmark model alone is 100 MB).
///
/// `@unchecked Sendable`: `result` is only read and written under `lock`.
final class ModelLoader: @unchecked Sendable {
    private let lock = NSLock()
    private let paths: FaceModelPaths
    private var result: Result<NativeModels, FaceAnalysisError>?

    init(paths: FaceModelPaths) { self.paths = paths }

    func models() throws(FaceAnalysisError) -> NativeModels {
        lock.lock()
        defer { lock.unlock() }
        if result == nil {
            do throws(FaceAnalysisError) {
                result = .success(try NativeModels(paths: paths))
            } catch {
                result = .failure(error)
            }
        }
        return try result!.get()
    }
}
