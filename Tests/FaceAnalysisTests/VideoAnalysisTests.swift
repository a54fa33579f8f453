import Foundation
import Testing
@testable import FaceAnalysis

extension RealModelTests {
    @Suite("Videos")
    struct VideoAnalysisTests {
        @Test("single_face.mp4: frames analysed, temporal fields present")
        func singleFaceVideo() async throws {
            let analyzer = try await TestSupport.analyzer()
            let result = try await analyzer.analyzeVideo(at: try TestSupport.media("single_face.mp4"), sampling: VideoSampling())
            try expectWellFormed(result)
            #expect(result.mediaType == "video")
            let video = try #require(result.measurements.video)
            #expect(video.framesRead == 72)
            #expect(video.framesSampled > 0)
            #expect(video.framesWithFace > 0 && video.framesWithFace <= video.framesSampled)
            #expect(abs(video.duration - 2.4) < 0.01)
            #expect(video.emotionStd.values.allSatisfy { $0 >= 0 })
            #expect(abs(video.emotionMean.values.reduce(0, +) - 1) < 0.01)
            #expect(video.expressivity != nil)
            #expect(video.eyeContactShare != nil)
            #expect(result.depressionIndicators.microExpressions != nil)
            print("[video] single_face.mp4: sampled \(video.framesSampled) of \(video.framesRead) frames, faces in \(video.framesWithFace), expressivity \(video.expressivity ?? -1), variability \(video.emotionVariability)")
        }

        @Test("a video without a face is refused explicitly")
        func noFaceVideo() async throws {
            let analyzer = try await TestSupport.analyzer()
            let url = try TestSupport.media("no_face.mp4")
            let error = await TestSupport.expectFailure { () async throws(FaceAnalysisError) in try await analyzer.analyzeVideo(at: url, sampling: VideoSampling()) }
            #expect(error == .noFaceDetected)
        }

        @Test("too few face frames is its own error")
        func tooFewFaceFrames() async throws {
            let analyzer = try await TestSupport.analyzer()
            let url = try TestSupport.media("single_face.mp4")
            // Demand more face frames than a 2.4 s clip at 4 fps can have.
            var sampling = VideoSampling()
            sampling.minimumFaceFrames = 50
            let error = await TestSupport.expectFailure { () async throws(FaceAnalysisError) in try await analyzer.analyzeVideo(at: url, sampling: sampling) }
            guard case let .tooFewFaceFrames(found, required)? = error else {
                Issue.record("expected tooFewFaceFrames, got \(String(describing: error))")
                return
            }
            #expect(found > 0 && required == 50)
        }

        @Test("a clip shorter than the minimum is refused")
        func tooShort() async throws {
            let analyzer = try await TestSupport.analyzer()
            let url = try TestSupport.media("single_face.mp4")
            var sampling = VideoSampling()
            sampling.minimumDuration = 5
            let error = await TestSupport.expectFailure { () async throws(FaceAnalysisError) in try await analyzer.analyzeVideo(at: url, sampling: sampling) }
            #expect(error?.code == "video_too_short")
        }

        @Test("the same video twice gives identical results")
        func deterministic() async throws {
            let analyzer = try await TestSupport.analyzer()
            let url = try TestSupport.media("single_face.mp4")
            let first = try await analyzer.analyzeVideo(at: url, sampling: VideoSampling())
            let second = try await analyzer.analyzeVideo(at: url, sampling: VideoSampling())
            #expect(try TestSupport.json(first) == TestSupport.json(second))
        }

        @Test("splitting a clip across workers measures the same frames as one worker",
              arguments: ["WolfgangLanger_Pexels.mp4", "face_noface.mov"])
        func splitMatchesSequential(name: String) async throws {
            let shared = try await TestSupport.analyzer()  // pool of 2: the clip is split in two parts
            let single = FaceAnalyzer(models: TestSupport.models, configuration: FaceAnalyzerConfiguration(poolSize: 1))
            defer { single.shutdown() }
            let url = try TestSupport.media(name)
            let clock = ContinuousClock()
            var split: AnalysisResult?
            let splitTime = try await clock.measure { split = try await shared.analyzeVideo(at: url, sampling: VideoSampling()) }
            try await single.waitUntilReady()
            var sequential: AnalysisResult?
            let sequentialTime = try await clock.measure { sequential = try await single.analyzeVideo(at: url, sampling: VideoSampling()) }
            #expect(try TestSupport.json(split!) == TestSupport.json(sequential!))
            let video = try #require(split?.measurements.video)
            print("[video] \(name): \(video.framesSampled) samples of \(video.framesRead) frames; 2 workers \(splitTime), 1 worker \(sequentialTime)")
        }
    }
}
