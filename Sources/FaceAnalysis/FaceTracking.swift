/// How a video follows the face from one sample to the next. The face detector is most of the cost
/// of a sample (about 45 ms of ~50 ms on one core at 300x300); between two samples a quarter of a
/// second apart a face moves little, so the samples after the first of each segment search only a
/// square around the previous sample's face, scaled so that face is ~96 px: for a selfie video whose
/// face fills most of a 640x360 frame that is a ~160x100 input instead of 300x300, under a fifth.
///
/// What this changes is only where the detector looks: landmarks, emotion, pose and eyes are measured
/// on the box it returns as before. A crop that finds no face, or a face running past the crop, falls
/// back to the whole frame; the whole frame is searched again at the start of every segment, so a new
/// or larger face is picked up within `reacquireInterval`. Segments are fixed by sample number and
/// video parts start on segment boundaries, so results still do not depend on how a clip is split.
public struct FaceTracking: Sendable, Equatable {
    /// Seconds of video per segment; the first sample of each searches the whole frame.
    public var reacquireInterval: Double
    /// Side of the searched square as a multiple of the previous face's longer side. 2 leaves half a
    /// face of room each way, more than a face moves in a quarter second in a selfie video.
    public var cropScale: Float
    /// Size (pixels, longer side) at which the previous face is shown to the detector; 96 px is well
    /// inside the face sizes the res10 SSD finds reliably (it sees a typical selfie's face at 100-250 px
    /// in the squeezed 300x300 whole frame). When the crop would cost 80 % of the whole frame or more,
    /// the whole frame is searched instead.
    public var faceInputSide: Int

    public init(reacquireInterval: Double = 1.0, cropScale: Float = 2.0, faceInputSide: Int = 96) {
        self.reacquireInterval = reacquireInterval
        self.cropScale = max(1.2, cropScale)
        self.faceInputSide = max(32, faceInputSide)
    }

    /// Samples per segment at the given interval (ms between samples); 1 means no tracking.
    func segmentLength(interval: Double) -> Int {
        guard reacquireInterval > 0, interval > 0 else { return 1 }
        return max(1, Int((reacquireInterval * 1000 / interval).rounded()))
    }
}
