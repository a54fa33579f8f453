/// Runtime settings of a `FaceAnalyzer`. Defaults suit a 2-core server shared with other work.
public struct FaceAnalyzerConfiguration: Sendable, Equatable {
    /// Native jobs that may run at once; each holds its own networks (~30 MB) on its own thread.
    public var poolSize: Int
    /// OpenCV threads for a network pass (a process-wide setting). OpenCV runs one parallel region
    /// at a time per process: a region that starts while another job's is running runs on its own
    /// thread alone. So 2 lets a lone job (one selfie, a short clip, the last part of a video) run
    /// the face detector on two cores, about halving its latency, while two busy jobs oversubscribe
    /// two cores only while one of them is inside a network pass. Results depend on this number
    /// (the emotion network's sums are split by it, changing probabilities in the 7th decimal), never
    /// on which jobs happen to run at the same time.
    public var threadsPerJob: Int
    /// Nice value of the worker threads (and of the OpenCV threads they start). A chat reply
    /// streaming on the same cores is interactive, an analysis is not; at the same priority the
    /// two did not share the cores but wasted them (llama.cpp's OpenMP threads wait at every step
    /// for a thread the analysis pushed off a core). 2 cores, one reply streaming beside
    /// back-to-back video analyses (`bench/contention`): 0 left the reply 19 % of its speed alone
    /// and the analysis 53 %; 10 leaves 81 % and 18 %. An idle machine runs the analysis as fast.
    public var workerNice: Int
    /// SSD score below which a box is not a face (0.5 is the value the res10 model is used with).
    public var minDetectionConfidence: Float
    /// Boxes running further outside the frame than this share of their size are SSD ghosts.
    public var maxBoxOutsideFraction: Float
    /// Faces smaller than this (pixels) are too small for landmarks and the 64x64 emotion crop.
    public var minFaceSide: Float
    /// Videos: following the face between samples with a cheaper search; nil searches every
    /// sampled frame whole (about 3x the detector cost).
    public var tracking: FaceTracking?
    /// Images above this many pixels are refused from the header, before decoding.
    public var maxImagePixels: Int
    /// Images with a longer side than this are refused from the header.
    public var maxImageSide: Int
    /// Thresholds and weights of the scores.
    public var scoring: ScoringPolicy

    public init(
        poolSize: Int = 2,
        threadsPerJob: Int = 2,
        workerNice: Int = 10,
        minDetectionConfidence: Float = 0.5,
        maxBoxOutsideFraction: Float = 0.2,
        minFaceSide: Float = 24,
        tracking: FaceTracking? = FaceTracking(),
        maxImagePixels: Int = 40_000_000,
        maxImageSide: Int = 10_000,
        scoring: ScoringPolicy = ScoringPolicy()
    ) {
        self.poolSize = max(1, poolSize)
        self.threadsPerJob = max(1, threadsPerJob)
        self.workerNice = min(19, max(0, workerNice))
        self.minDetectionConfidence = minDetectionConfidence
        self.maxBoxOutsideFraction = maxBoxOutsideFraction
        self.minFaceSide = minFaceSide
        self.tracking = tracking
        self.maxImagePixels = maxImagePixels
        self.maxImageSide = maxImageSide
        self.scoring = scoring
    }
}
