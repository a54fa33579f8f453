import Foundation
import Testing
@testable import FaceAnalysis

@Suite("Result JSON")
struct ResultEncodingTests {
    @Test("keys are the prototype's snake_case, and unmeasured indicators are explicit nulls")
    func keysAndNulls() throws {
        let frame = FaceFrame(
            width: 100, height: 100, faceCount: 1,
            boxes: [FaceBox(x: 10, y: 10, width: 50, height: 50, confidence: 0.9)],
            primary: FaceObservation(
                box: FaceBox(x: 10, y: 10, width: 50, height: 50, confidence: 0.9), landmarks: [],
                emotion: [0.05, 0.05, 0.05, 0.5, 0.1, 0.05, 0.2], pose: nil, eyeAspectLeft: nil, eyeAspectRight: nil,
                pupilLeft: nil, pupilRight: nil
            ),
            sampleIndex: 0, time: 0
        )
        let result = try ResultBuilder(policy: ScoringPolicy()).image(frame, format: .jpeg)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any])
        #expect(Set(object.keys) == [
            "depression_indicators", "emotional_analysis", "mood_analysis", "risk_level", "recommendations",
            "unmeasured", "faces_detected", "media_type", "media_format", "measurements", "method_version", "disclaimer",
        ])
        let indicators = try #require(object["depression_indicators"] as? [String: Any])
        #expect(Set(indicators.keys) == ["facial_expression", "eye_contact", "micro_expressions", "overall_score"])
        #expect(indicators["eye_contact"] is NSNull)  // no pose or landmarks in this frame
        #expect(indicators["micro_expressions"] is NSNull)
        let emotional = try #require(object["emotional_analysis"] as? [String: Any])
        #expect(emotional["dominant_emotion"] as? String == "happy")
        let distribution = try #require(emotional["emotion_distribution"] as? [String: Double])
        #expect(Set(distribution.keys) == ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"])
        #expect(distribution["happy"] == 50)
        // Overall rests on facial expression alone here: 0.45*0.1 + 0.35*0.5 + 0.2*0.2 = 0.26.
        #expect(indicators["overall_score"] as? Double == 0.26)
        #expect(result.unmeasured.map(\.field).contains("depression_indicators.eye_contact"))
        let decoded = try JSONDecoder().decode(AnalysisResult.self, from: JSONEncoder().encode(result))
        #expect(decoded == result)
    }

    @Test("every error has a stable code and a message")
    func errorCodes() {
        let errors: [FaceAnalysisError] = [
            .noFaceDetected, .unreadableMedia(reason: "x"), .unsupportedMediaType, .imageTooLarge(width: 1, height: 2),
            .videoTooShort(duration: 0.5), .tooFewFaceFrames(found: 1, required: 3), .modelsUnavailable(reason: "y"),
        ]
        #expect(errors.map(\.code) == [
            "no_face_detected", "unreadable_media", "unsupported_media_type", "image_too_large",
            "video_too_short", "too_few_face_frames", "models_unavailable",
        ])
        #expect(errors.allSatisfy { !$0.message.isEmpty })
    }
}
