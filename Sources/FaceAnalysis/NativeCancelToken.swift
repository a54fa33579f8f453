import CFaceVision

/// Lets a Swift task stop a running native video job between two frames.
///
/// `@unchecked Sendable`: the native token is a std::atomic<bool>, written by `cancel()` from any
/// thread and read by the worker.
final class NativeCancelToken: @unchecked Sendable {
    let handle: OpaquePointer

    init() {
        guard let handle = cfv_cancel_token_create() else { fatalError("cannot allocate a cancel token") }
        self.handle = handle
    }

    func cancel() { cfv_cancel_token_cancel(handle) }

    deinit { cfv_cancel_token_destroy(handle) }
}
