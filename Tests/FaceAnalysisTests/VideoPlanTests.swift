import Testing
@testable import FaceAnalysis

@Suite("Video sampling plan")
struct VideoPlanTests {
    @Test func shortClipIsOnePart() {
        // 6 samples: too few for two parts of at least `minimumSamplesPerPart` (4).
        let plan = VideoPlan(duration: 1.5, sampling: VideoSampling(), workers: 2)
        #expect(plan.interval == 250)
        #expect(plan.parts == [.init(firstSample: 0, endSample: -1, capacity: 240)])
    }

    @Test func aFewSecondsAreSplitAcrossBothWorkers() {
        let plan = VideoPlan(duration: 2.4, sampling: VideoSampling(), workers: 2)
        #expect(plan.parts == [.init(firstSample: 0, endSample: 5, capacity: 5),
                               .init(firstSample: 5, endSample: -1, capacity: 235)])
    }

    @Test func longerClipIsSplitAtSampleBoundaries() {
        let plan = VideoPlan(duration: 20, sampling: VideoSampling(), workers: 2)
        #expect(plan.parts.count == 2)
        #expect(plan.parts[0] == .init(firstSample: 0, endSample: 40, capacity: 40))
        #expect(plan.parts[1] == .init(firstSample: 40, endSample: -1, capacity: 200))
    }

    @Test func veryLongClipWidensTheInterval() {
        let plan = VideoPlan(duration: 600, sampling: VideoSampling(), workers: 1)
        #expect(plan.interval == 2500)  // 600 s / 240 samples
    }

    @Test func unknownDurationReadsToTheEnd() {
        let plan = VideoPlan(duration: 0, sampling: VideoSampling(), workers: 2)
        #expect(plan.parts == [.init(firstSample: 0, endSample: -1, capacity: 240)])
    }

    @Test func partsStartOnTrackingSegments() {
        // 6.4 s: 26 samples; the even split (13) is moved down to the segment boundary (12).
        let plan = VideoPlan(duration: 6.4, sampling: VideoSampling(), workers: 2, tracking: FaceTracking())
        #expect(plan.segmentLength == 4)
        #expect(plan.parts == [.init(firstSample: 0, endSample: 12, capacity: 12),
                               .init(firstSample: 12, endSample: -1, capacity: 228)])
    }

    @Test func sparseSamplesAreNotTracked() {
        #expect(FaceTracking().segmentLength(interval: 250) == 4)
        #expect(FaceTracking().segmentLength(interval: 2500) == 1)
        #expect(FaceTracking(reacquireInterval: 0).segmentLength(interval: 250) == 1)
    }
}
