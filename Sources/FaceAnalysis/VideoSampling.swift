/// Which frames of a video are measured. Every face measurement costs ~50-100 ms, so a clip is
/// sampled at a few frames per second: facial expressions last 0.5-4 s (Ekman), which 4 fps still
/// resolves, while micro-movements shorter than the sampling interval are not seen.
public struct VideoSampling: Sendable, Equatable {
    /// Sampled frames per second of video (the stride is rounded from the clip's frame rate).
    public var targetFramesPerSecond: Double
    /// Upper bound on measured frames; longer clips get a wider stride instead.
    public var maxSampledFrames: Int
    /// Shorter clips are refused: expressivity and variability need several seconds of signal.
    public var minimumDuration: Double
    /// At least this many sampled frames must show a face...
    public var minimumFaceFrames: Int
    /// ...and at least this share of the sampled frames.
    public var minimumFaceFrameShare: Double
    /// A clip is split across workers only when each part gets at least this many samples
    /// (every part pays for opening the file and seeking: about 20 ms for a 640x360 clip, so
    /// even a 2.4 s selfie video gains from using both cores).
    public var minimumSamplesPerPart: Int
    /// A stream that ends before this share of its declared frame count is treated as truncated.
    public var minimumReadableShare: Double

    public init(
        targetFramesPerSecond: Double = 4,
        maxSampledFrames: Int = 240,
        minimumDuration: Double = 1.0,
        minimumFaceFrames: Int = 3,
        minimumFaceFrameShare: Double = 0.2,
        minimumSamplesPerPart: Int = 4,
        minimumReadableShare: Double = 0.9
    ) {
        self.targetFramesPerSecond = targetFramesPerSecond
        self.maxSampledFrames = maxSampledFrames
        self.minimumDuration = minimumDuration
        self.minimumFaceFrames = minimumFaceFrames
        self.minimumFaceFrameShare = minimumFaceFrameShare
        self.minimumSamplesPerPart = minimumSamplesPerPart
        self.minimumReadableShare = minimumReadableShare
    }

    /// Face frames needed out of `sampled` sampled frames.
    public func requiredFaceFrames(sampled: Int) -> Int {
        max(minimumFaceFrames, Int((Double(sampled) * minimumFaceFrameShare).rounded(.up)))
    }
}
