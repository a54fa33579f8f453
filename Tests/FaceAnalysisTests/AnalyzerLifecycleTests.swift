import Foundation
import Testing
@testable import FaceAnalysis

@Suite("Analyzer lifecycle")
struct AnalyzerLifecycleTests {
    @Test("missing models make the analyzer unavailable, with an explicit error")
    func missingModels() async throws {
        let analyzer = FaceAnalyzer(models: FaceModelPaths(directory: URL(fileURLWithPath: "/nonexistent-models")),
                                    configuration: FaceAnalyzerConfiguration(poolSize: 1))
        defer { analyzer.shutdown() }
        let error = await TestSupport.expectFailure { () async throws(FaceAnalysisError) in
            try await analyzer.waitUntilReady()
            return try await analyzer.analyzeImage(at: URL(fileURLWithPath: "/nonexistent.jpg"))
        }
        #expect(error?.code == "models_unavailable")
        #expect(!analyzer.isReady)
        guard case .unavailable = analyzer.status else {
            Issue.record("status should be unavailable, is \(analyzer.status)")
            return
        }
    }
}

extension RealModelTests {
    @Suite("Concurrency")
    struct ConcurrencyTests {
        @Test("concurrent analyses of one image all give the sequential result")
        func concurrentImages() async throws {
            let analyzer = try await TestSupport.analyzer()
            #expect(analyzer.isReady)
            let url = try TestSupport.media("multi_face.jpg")
            let expected = try TestSupport.json(try await analyzer.analyzeImage(at: url))
            let results = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<6 { group.addTask { try TestSupport.json(try await analyzer.analyzeImage(at: url)) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 6)
            #expect(results.allSatisfy { $0 == expected })
        }

        @Test("cancelling a running video analysis stops it with .cancelled")
        func cancelVideo() async throws {
            let analyzer = try await TestSupport.analyzer()
            let url = try TestSupport.media("WolfgangLanger_Pexels.mp4")
            let jobsBefore = analyzer.pool.startedJobs
            let task = Task { () async throws(FaceAnalysisError) -> AnalysisResult in
                try await analyzer.analyzeVideo(at: url, sampling: VideoSampling())
            }
            // The probe is one job; the next is the first part of the frames being measured.
            await analyzer.pool.waitUntilStarted(jobs: jobsBefore + 2)
            task.cancel()
            let started = ContinuousClock.now
            let result = await task.result
            guard case let .failure(error) = result else {
                Issue.record("the analysis finished despite cancellation")
                return
            }
            #expect(error as? FaceAnalysisError == .cancelled)
            #expect(ContinuousClock.now - started < .seconds(2))  // stopped between frames, not at the end
        }
    }
}
