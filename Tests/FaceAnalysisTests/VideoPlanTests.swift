import Testing
@testable import FaceAnalysis

@Suite("Video sampling plan")
struct VideoPlanTests {
    @Test func shortClipIsOnePart() {
        let plan = VideoPlan(duration: 2.4, sampling: VideoSampling(), workers: 2)
        #expect(plan.interval == 250)
        #expect(plan.parts == [.init(firstSample: 0, endSample: -1, capacity: 240)])
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
}
