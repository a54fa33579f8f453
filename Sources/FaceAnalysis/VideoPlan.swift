/// Which moments of a clip to measure and how to split them across workers.
///
/// Sample k is due at k * interval; a frame is measured when it is the first frame at or after a due
/// time (see cfv_video_request). Because due times are global, the same frames are measured
/// whether a clip is read by one worker or split across several.
struct VideoPlan: Equatable {
    struct Part: Equatable {
        var firstSample: Int
        /// Exclusive; -1 for the last part, which reads to the end of the stream.
        var endSample: Int
        var capacity: Int
    }

    /// Milliseconds between due times.
    var interval: Double
    var parts: [Part]
    /// Samples per tracking segment (see `FaceTracking`); parts start on multiples of it.
    var segmentLength: Int

    /// `duration` 0 means the container did not declare it: one part reads to the end.
    init(duration: Double, sampling: VideoSampling, workers: Int, tracking: FaceTracking? = nil) {
        let maxSamples = max(1, sampling.maxSampledFrames)
        var interval = 1000 / sampling.targetFramesPerSecond
        guard duration > 0 else {
            self.interval = interval
            segmentLength = tracking?.segmentLength(interval: interval) ?? 1
            parts = [Part(firstSample: 0, endSample: -1, capacity: maxSamples)]
            return
        }
        let milliseconds = duration * 1000
        interval = max(interval, milliseconds / Double(maxSamples))
        let samples = max(1, min(maxSamples, Int((milliseconds / interval).rounded(.up))))
        let count = max(1, min(workers, samples / max(1, sampling.minimumSamplesPerPart)))
        self.interval = interval
        let segment = tracking?.segmentLength(interval: interval) ?? 1
        segmentLength = segment
        // Boundaries rounded down to whole segments, so no tracking state would cross a part.
        var starts: [Int] = []
        for i in 0..<count {
            let start = i * samples / count / segment * segment
            if starts.last != start { starts.append(start) }
        }
        parts = starts.indices.map { i in
            let from = starts[i]
            let last = i == starts.count - 1
            let to = last ? -1 : starts[i + 1]
            // The last part may find more frames than declared: let it fill up to the overall cap.
            return Part(firstSample: from, endSample: to, capacity: last ? maxSamples - from : to - from)
        }
    }
}
