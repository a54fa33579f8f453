import Foundation
import Testing
@testable import FaceAnalysis

/// The formulas of docs/face-analysis.md, checked on hand-made inputs (not on media).
@Suite("Scoring formulas")
struct ScoringTests {
    let policy = ScoringPolicy()

    private func face(yaw: Double = 0, pitch: Double = 0, ear: Double = 0.3, pupilX: Double? = 0) -> FaceObservation {
        FaceObservation(
            box: FaceBox(x: 0, y: 0, width: 100, height: 100, confidence: 1), landmarks: [], emotion: nil,
            pose: .init(yaw: yaw, pitch: pitch, roll: 0), eyeAspectLeft: ear, eyeAspectRight: ear,
            pupilLeft: pupilX.map { .init(x: $0, y: 0) }, pupilRight: pupilX.map { .init(x: $0, y: 0) }
        )
    }

    @Test func eyeContactIsTheWeakestCriterion() throws {
        let scorer = EyeContactScorer(policy: policy)
        #expect(try #require(scorer.level(of: face())).value == 1)
        #expect(try #require(scorer.level(of: face(yaw: 25))).value == 0.5)  // halfway 15...35 degrees
        #expect(try #require(scorer.level(of: face(pitch: -40))).value == 0)
        #expect(try #require(scorer.level(of: face(ear: 0.16))).value == 0.5)  // halfway 0.12...0.20
        let noPupil = try #require(scorer.level(of: face(pupilX: nil)))
        #expect(noPupil.value == 1 && !noPupil.usedGaze)
        #expect(abs(try #require(scorer.level(of: face(yaw: 20, pupilX: 0.5))).value - 0.2857) < 1e-3)
    }

    @Test func overallRenormalisesOverMeasuredIndicators() {
        let assessor = RiskAssessor(policy: policy)
        #expect(assessor.overall(facialExpression: 0.6, eyeContact: nil, microExpressions: nil) == 0.6)
        let all = assessor.overall(facialExpression: 0.6, eyeContact: 0.2, microExpressions: 0.4)!
        #expect(abs(all - 0.45) < 1e-12)
        let two = assessor.overall(facialExpression: 0.6, eyeContact: 0.3, microExpressions: nil)!
        #expect(abs(two - 0.5) < 1e-12)
        #expect(assessor.overall(facialExpression: nil, eyeContact: nil, microExpressions: nil) == nil)
        #expect(assessor.risk(overall: 0.44) == .low)
        #expect(assessor.risk(overall: 0.45) == .moderate)
        #expect(assessor.risk(overall: 0.70) == .high)
    }

    @Test func facialExpressionFormula() {
        let scorer = ExpressionScorer(policy: policy)
        // angry, disgust, fear, happy, sad, surprise, neutral
        let sad = scorer.scores(probabilities: [0, 0, 0, 0, 1, 0, 0], variability: nil)
        #expect(abs(sad.facialExpression - 0.80) < 1e-12)  // 0.45 + 0.35
        let happy = scorer.scores(probabilities: [0, 0, 0, 1, 0, 0, 0], variability: nil)
        #expect(happy.facialExpression == 0)
        let neutral = scorer.scores(probabilities: [0, 0, 0, 0, 0, 0, 1], variability: nil)
        #expect(abs(neutral.facialExpression - 0.55) < 1e-12)  // 0.35 + 0.20
        // Over time, varied expressions are not flat.
        let lively = scorer.scores(probabilities: [0, 0, 0, 0, 0, 0, 1], variability: 0.15)
        #expect(lively.flatAffect == 0)
        #expect(abs(lively.facialExpression - 0.35) < 1e-12)
    }

    @Test func rigidHeadMotionIsNotExpressivity() {
        // A fixed landmark layout, moved as a whole (shift, rotation, scale), shows no expression.
        var base: [FaceObservation.Point] = []
        for i in 0..<68 {
            let x: Double = Double(i % 9) * 7 + Double(i) * 0.3
            let y: Double = Double(i / 9) * 9 + Double(i % 5)
            base.append(.init(x: x, y: y))
        }
        let angle = 0.2, scale = 1.1
        let (c, s) = (scale * cos(angle), scale * sin(angle))
        let moved = base.map { p in FaceObservation.Point(x: c * p.x - s * p.y + 12, y: s * p.x + c * p.y - 5) }
        let aligned = ExpressivityMeter.align(moved, to: base)
        for (a, b) in zip(aligned, base) {
            #expect(abs(a.x - b.x) < 1e-9 && abs(a.y - b.y) < 1e-9)
        }
    }

    @Test func emotionStatistics() throws {
        let stats = try #require(EmotionStatistics([[1, 0], [0, 1]]))
        #expect(stats.mean == [0.5, 0.5])
        #expect(stats.std == [0.5, 0.5])
        #expect(stats.variability == 0.5)
    }
}
