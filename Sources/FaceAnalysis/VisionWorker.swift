import CFaceVision
import Foundation

/// One native worker (its own detector and emotion networks). Not Sendable: it lives on exactly
/// one `WorkerPool` thread for its whole life, which is what the native side requires.
final class VisionWorker {
    private let handle: OpaquePointer
    private let models: NativeModels

    init(models: NativeModels) throws(FaceAnalysisError) {
        var error = cfv_error()
        guard let handle = cfv_worker_create(models.handle, &error) else {
            throw .modelsUnavailable(reason: error.text)
        }
        self.handle = handle
        self.models = models
    }

    deinit { cfv_worker_destroy(handle) }

    /// Probes, size-checks, decodes and measures one still image.
    func analyzeImage(at path: String, limits: (pixels: Int, side: Int), detection: cfv_detection_params) throws(FaceAnalysisError) -> FaceFrame {
        var params = detection
        var probe = cfv_image_probe()
        var result = cfv_frame_result()
        var error = cfv_error()
        let status = cfv_worker_analyze_image(handle, path, Int64(limits.pixels), Int32(clamping: limits.side), &params, &probe, &result, &error)
        if status == Int32(CFV_IMAGE_TOO_LARGE.rawValue) {
            throw .imageTooLarge(width: Int(probe.width), height: Int(probe.height))
        }
        guard status == Int32(CFV_OK.rawValue) else { throw FaceAnalysisError(native: error) }
        return FaceFrame(native: result, time: 0)
    }

    /// Container facts of a video (fps, declared frame count, size).
    func probeVideo(at path: String) throws(FaceAnalysisError) -> cfv_video_info {
        var info = cfv_video_info()
        var error = cfv_error()
        guard cfv_probe_video(path, &info, &error) == Int32(CFV_OK.rawValue) else { throw FaceAnalysisError(native: error) }
        return info
    }

    /// Measures the samples of one `VideoPlan.Part`.
    func analyzeVideo(
        at path: String, interval: Double, part: VideoPlan.Part, seekMargin: Double,
        detection: cfv_detection_params, tracking: cfv_tracking, cancel: NativeCancelToken
    ) throws(FaceAnalysisError) -> VideoPart {
        var request = cfv_video_request(
            interval_ms: interval, first_sample: Int32(part.firstSample), end_sample: Int32(part.endSample), seek_margin_ms: seekMargin,
            tracking: tracking
        )
        var params = detection
        var report = cfv_video_report()
        var error = cfv_error()
        let capacity = max(0, part.capacity)
        let buffer = UnsafeMutableBufferPointer<cfv_frame_result>.allocate(capacity: max(1, capacity))
        defer { buffer.deallocate() }
        buffer.initialize(repeating: cfv_frame_result())
        let cpuStart = Self.threadCPUTime()
        let status = cfv_worker_analyze_video(
            handle, path, &request, &params, buffer.baseAddress, Int32(capacity), &report, cancel.handle, &error
        )
        guard status == Int32(CFV_OK.rawValue) else { throw FaceAnalysisError(native: error) }
        let frames = (0..<Int(report.samples_written)).map { FaceFrame(native: buffer[$0], time: buffer[$0].timestamp_ms / 1000) }
        return VideoPart(
            frames: frames, framesRead: Int(report.frames_read), framesDecoded: Int(report.frames_decoded),
            reachedEnd: report.reached_end != 0, lastTime: report.last_time_ms / 1000, restarted: report.restarted != 0,
            trackedSamples: (0..<Int(report.samples_written)).filter { buffer[$0].tracked != 0 }.count,
            cpuSeconds: Self.threadCPUTime() - cpuStart
        )
    }

    /// CPU time of the calling thread, for logs: shows a part's cost independently of machine load.
    static func threadCPUTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// What one worker measured in its part of a video.
struct VideoPart: Sendable {
    var frames: [FaceFrame]
    /// Frames inside the part's time window (parts add up to the clip).
    var framesRead: Int
    /// Frames decoded, including those only decoded to reach the window.
    var framesDecoded: Int
    var reachedEnd: Bool
    /// Seconds; time of the last frame grabbed, negative when none.
    var lastTime: Double
    var restarted: Bool
    /// Samples whose detector searched only around the previous face (see `FaceTracking`).
    var trackedSamples: Int
    /// CPU seconds the worker thread spent on this part.
    var cpuSeconds: Double
}
