@testable import FaceAnalysis
import Testing

@Suite struct PersonalBaselineTests {
    static func indicators(_ expression: Double?, _ eye: Double?, overall: Double?) -> DepressionIndicators {
        DepressionIndicators(facialExpression: expression, eyeContact: eye, microExpressions: nil, overallScore: overall)
    }

    @Test func fewerThanThreeEarlierCheckInsSayHowManyMoreAreNeeded() {
        let baseline = PersonalBaseline(current: Self.indicators(0.5, 0.5, overall: 0.5), earlier: [Self.indicators(0.4, 0.4, overall: 0.4)])
        #expect(!baseline.available && baseline.checkIns == 1 && baseline.needed == 2 && baseline.cues.isEmpty)
    }

    @Test func eachMeasuredCueIsComparedWithTheMedianOfEarlierOnes() throws {
        let earlier = [Self.indicators(0.40, 0.30, overall: 0.35), Self.indicators(0.50, 0.32, overall: 0.40),
                       Self.indicators(0.45, nil, overall: 0.38), Self.indicators(0.42, 0.28, overall: 0.36)]
        let baseline = PersonalBaseline(current: Self.indicators(0.60, 0.31, overall: nil), earlier: earlier)
        #expect(baseline.available && baseline.checkIns == 4 && baseline.needed == nil)
        // Overall was not measured now, micro-expressions never: only two cues.
        #expect(baseline.cues.map(\.cue) == ["facial_expression", "eye_contact"])
        let expression = try #require(baseline.cues.first)
        #expect(expression.median == 0.435 && expression.n == 4)
        #expect(expression.differencePercent == 38)
        #expect(expression.summary == "Flat or sad expression: 0.60, 38% higher than your usual 0.43 (over 4 check-ins)")
        let eye = try #require(baseline.cues.last)
        #expect(eye.n == 3 && eye.median == 0.3)
        #expect(eye.summary.contains("within your usual range"))
    }
}
