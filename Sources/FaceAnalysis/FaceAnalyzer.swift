import CFaceVision
import Foundation
import Logging

/// The live face-analysis client: decides the media kind from the bytes, runs the native
/// measurements on a bounded pool of dedicated threads and scores the result in Swift.
///
/// Creating one returns at once; the models load on the pool threads in the background (a few
/// seconds). `status` tells where that is, and calls made meanwhile simply wait in the queue.
/// The same file always gives the same result: no randomness, fixed thread counts, and sampled
/// frames that do not depend on how a video is split across workers.
public final class FaceAnalyzer: FaceAnalyzing {
    public let configuration: FaceAnalyzerConfiguration
    let pool: WorkerPool<VisionWorker>
    private let logger: Logger
    private let jobCounter = JobCounter()

    public init(
        models: FaceModelPaths,
        configuration: FaceAnalyzerConfiguration = FaceAnalyzerConfiguration(),
        logger: Logger = Logger(label: "FaceAnalysis")
    ) {
        self.configuration = configuration
        self.logger = logger
        // Process-wide, and before any network runs (see `threadsPerJob`).
        cfv_set_num_threads(Int32(clamping: configuration.threadsPerJob))
        let loader = ModelLoader(paths: models)
        pool = WorkerPool(size: configuration.poolSize, name: "face-analysis", nice: configuration.workerNice) { _ throws(FaceAnalysisError) in
            try VisionWorker(models: try loader.models())
        }
    }

    deinit { pool.shutdown() }

    /// Creates an analyzer and waits until its models are loaded.
    public static func load(
        models: FaceModelPaths,
        configuration: FaceAnalyzerConfiguration = FaceAnalyzerConfiguration(),
        logger: Logger = Logger(label: "FaceAnalysis")
    ) async throws(FaceAnalysisError) -> FaceAnalyzer {
        let analyzer = FaceAnalyzer(models: models, configuration: configuration, logger: logger)
        try await analyzer.waitUntilReady()
        return analyzer
    }

    public var status: FaceAnalyzerStatus {
        let state = pool.state
        if let failure = state.failure { return .unavailable(failure) }
        return state.ready ? .ready : .loading
    }

    public var isReady: Bool { status == .ready }

    /// Returns once every worker has its models, or throws `modelsUnavailable`.
    public func waitUntilReady() async throws(FaceAnalysisError) {
        try await pool.waitUntilReady()
    }

    /// Stops the worker threads after the queued jobs; later calls fail with `modelsUnavailable`.
    public func shutdown() { pool.shutdown() }

    /// Analyses an image or a video, whichever the file's bytes say it is.
    public func analyze(fileAt url: URL, sampling: VideoSampling = VideoSampling()) async throws(FaceAnalysisError) -> AnalysisResult {
        guard let kind = try MediaKind.detect(fileAt: url) else { throw .unsupportedMediaType }
        return kind.isImage ? try await analyzeImage(at: url) : try await analyzeVideo(at: url, sampling: sampling)
    }

    public func analyzeImage(at url: URL) async throws(FaceAnalysisError) -> AnalysisResult {
        let job = jobCounter.next()
        let started = ContinuousClock.now
        do throws(FaceAnalysisError) {
            guard let kind = try MediaKind.detect(fileAt: url), kind.isImage else { throw .unsupportedMediaType }
            let path = url.path
            let limits = (pixels: configuration.maxImagePixels, side: configuration.maxImageSide)
            let detection = detectionParams
            let frame = try await pool.run { worker throws(FaceAnalysisError) in
                try worker.analyzeImage(at: path, limits: limits, detection: detection)
            }
            let result = try ResultBuilder(policy: configuration.scoring).image(frame, format: kind)
            logger.info("face image analysed", metadata: [
                "job": "\(job)", "format": "\(kind.rawValue)", "bytes": "\(fileSize(url))",
                "width": "\(frame.width)", "height": "\(frame.height)", "faces": "\(frame.faceCount)",
                "ms": "\(milliseconds(since: started))",
            ])
            return result
        } catch {
            log(error, job: job, kind: "image", started: started, url: url)
            throw error
        }
    }

    public func analyzeVideo(at url: URL, sampling: VideoSampling = VideoSampling()) async throws(FaceAnalysisError) -> AnalysisResult {
        let job = jobCounter.next()
        let started = ContinuousClock.now
        do throws(FaceAnalysisError) {
            guard let kind = try MediaKind.detect(fileAt: url), kind.isVideo else { throw .unsupportedMediaType }
            let path = url.path
            let info = try await pool.run { worker throws(FaceAnalysisError) in try worker.probeVideo(at: path) }
            guard info.fps > 0 else { throw .unreadableMedia(reason: "the video declares no frame rate") }
            let declared = info.frame_count > 0 ? info.duration_s : 0
            if declared > 0, declared < sampling.minimumDuration { throw .videoTooShort(duration: declared) }

            let plan = VideoPlan(duration: declared, sampling: sampling, workers: pool.size, tracking: configuration.tracking)
            let parts = try await measure(path: path, plan: plan)
            // The stream ends one frame after the last frame's time.
            let streamEnd = (parts.last?.lastTime ?? -1) + 1 / info.fps
            if declared > 0, let end = parts.filter(\.reachedEnd).map({ $0.lastTime + 1 / info.fps }).min(),
               end < sampling.minimumReadableShare * declared {
                throw .unreadableMedia(reason: "the video stream ends at \(String(format: "%.2f", end)) s of \(String(format: "%.2f", declared)) s declared; the file may be truncated")
            }
            let duration = declared > 0 ? declared : max(0, streamEnd)
            if duration < sampling.minimumDuration { throw .videoTooShort(duration: duration) }

            let frames = parts.flatMap(\.frames)
            let framesRead = parts.map(\.framesRead).reduce(0, +)
            let facts = ResultBuilder.VideoFacts(
                duration: duration, fps: info.fps, framesRead: framesRead, framesSampled: frames.count,
                sampledFps: 1000 / plan.interval
            )
            let result = try ResultBuilder(policy: configuration.scoring).video(frames, facts: facts, sampling: sampling, format: kind)
            logger.info("face video analysed", metadata: [
                "job": "\(job)", "format": "\(kind.rawValue)", "bytes": "\(fileSize(url))",
                "width": "\(info.width)", "height": "\(info.height)", "frames_read": "\(framesRead)",
                "frames_sampled": "\(frames.count)", "parts": "\(plan.parts.count)",
                "tracked": "\(parts.map(\.trackedSamples).reduce(0, +))",
                "frames_decoded": "\(parts.map(\.framesDecoded).reduce(0, +))", "restarts": "\(parts.filter(\.restarted).count)",
                "part_cpu_ms": "\(parts.map { Int($0.cpuSeconds * 1000) })",
                "ms": "\(milliseconds(since: started))",
            ])
            return result
        } catch {
            log(error, job: job, kind: "video", started: started, url: url)
            throw error
        }
    }

    /// Runs the plan's parts concurrently (at most `poolSize` at once) and returns them in order.
    private func measure(path: String, plan: VideoPlan) async throws(FaceAnalysisError) -> [VideoPart] {
        let detection = detectionParams
        let interval = plan.interval
        let tracking = cfv_tracking(
            reacquire_every: Int32(clamping: plan.segmentLength), crop_scale: configuration.tracking?.cropScale ?? 2,
            face_input_side: Int32(clamping: configuration.tracking?.faceInputSide ?? 96)
        )
        let token = NativeCancelToken()
        let outcome: Result<[VideoPart], FaceAnalysisError> = await withTaskCancellationHandler {
            await withTaskGroup(of: (Int, Result<VideoPart, FaceAnalysisError>).self) { group in
                for (index, part) in plan.parts.enumerated() {
                    group.addTask {
                        do throws(FaceAnalysisError) {
                            let measured = try await self.pool.run { worker throws(FaceAnalysisError) in
                                try worker.analyzeVideo(at: path, interval: interval, part: part, seekMargin: Self.seekMargin,
                                                        detection: detection, tracking: tracking, cancel: token)
                            }
                            return (index, .success(measured))
                        } catch {
                            token.cancel()  // the other parts are useless now
                            return (index, .failure(error))
                        }
                    }
                }
                var results = [Result<VideoPart, FaceAnalysisError>?](repeating: nil, count: plan.parts.count)
                for await (index, result) in group { results[index] = result }
                // Report the first part's error in plan order, not whichever finished first.
                var parts: [VideoPart] = []
                for result in results {
                    switch result! {
                    case let .success(part): parts.append(part)
                    case let .failure(error): return .failure(error)
                    }
                }
                return .success(parts)
            }
        } onCancel: {
            token.cancel()
        }
        return try outcome.get()
    }

    /// How far before its first due time a part starts decoding (ms); covers the seek imprecision
    /// of constant-rate files, variable-rate ones fall back to wider margins or a full read.
    private static let seekMargin = 500.0

    /// Runs a job on a pool worker (for tests and tools that need the raw measurements).
    func runOnWorker<T: Sendable>(_ body: @escaping @Sendable (VisionWorker) throws(FaceAnalysisError) -> T) async throws(FaceAnalysisError) -> T {
        try await pool.run(body)
    }

    var detectionParams: cfv_detection_params {
        cfv_detection_params(
            min_confidence: configuration.minDetectionConfidence,
            max_outside_fraction: configuration.maxBoxOutsideFraction,
            min_face_side: configuration.minFaceSide
        )
    }

    private func log(_ error: FaceAnalysisError, job: Int, kind: String, started: ContinuousClock.Instant, url: URL) {
        logger.notice("face analysis refused", metadata: [
            "job": "\(job)", "kind": "\(kind)", "code": "\(error.code)", "detail": "\(error.detail ?? "")",
            "bytes": "\(fileSize(url))", "ms": "\(milliseconds(since: started))",
        ])
    }

    private func fileSize(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue ?? -1
    }

    private func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let d = ContinuousClock.now - start
        return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// Numbers jobs for logs, so lines of one analysis can be correlated without naming the file.
private final class JobCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
