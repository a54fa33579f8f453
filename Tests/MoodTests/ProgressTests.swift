import Foundation
@testable import Mood
import Testing

@Suite struct ProgressTests {
    static func series(_ kind: Questionnaire.Kind, _ scores: [Int]) -> QuestionnaireProgress {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        return QuestionnaireProgress(kind: kind, history: scores.enumerated().map { index, score in
            QuestionnaireProgress.Point(score: score, severity: .minimal, date: start.addingTimeInterval(Double(index) * 14 * 86_400))
        })
    }

    @Test func aHalvedPHQ9IsAResponseAndBelowFiveARemission() {
        let progress = Self.series(.phq9, [20, 14, 8])
        #expect(progress.change == -12)
        #expect(progress.response && !progress.remission)
        #expect(progress.reliableImprovement && !progress.reliableDeterioration)
        #expect(progress.clinicallyImportantImprovement)
        #expect(progress.summary == "Your PHQ-9 went from 20 to 8: a response (at least half lower than at the start).")
        #expect(Self.series(.phq9, [12, 4]).remission)
    }

    @Test func reliableChangeIsSixPointsForThePHQ9AndFourForTheGAD7() {
        #expect(!Self.series(.phq9, [15, 10]).reliableImprovement)
        #expect(Self.series(.phq9, [15, 9]).reliableImprovement)
        #expect(Self.series(.gad7, [12, 8]).reliableImprovement)
        #expect(!Self.series(.gad7, [12, 9]).reliableImprovement)
        #expect(Self.series(.gad7, [6, 10]).reliableDeterioration)
        #expect(Self.series(.phq9, [6, 10]).summary.contains("within the range a score moves by chance"))
        #expect(Self.series(.gad7, [6, 10]).summary.contains("reliable worsening"))
    }

    @Test func oneOrNoAnswersClaimNothing() {
        let one = Self.series(.gad7, [3])
        #expect(one.change == nil && !one.response && !one.remission && !one.reliableImprovement)
        #expect(one.summary.contains("first GAD-7 score is 3"))
        #expect(Self.series(.phq9, []).summary == "No PHQ-9 answers yet.")
        let due = one.nextDue(intervalDays: 14)
        #expect(due == one.latest!.date.addingTimeInterval(14 * 86_400))
    }

    @Test(arguments: [(0, Questionnaire.Severity.minimal), (4, .minimal), (5, .mild), (9, .mild), (10, .moderate), (14, .moderate), (15, .severe), (21, .severe)])
    func gad7Bands(total: Int, band: Questionnaire.Severity) throws {
        var answers = Array(repeating: 0, count: 7)
        var left = total
        for index in answers.indices where left > 0 {
            answers[index] = min(3, left)
            left -= answers[index]
        }
        #expect(try Questionnaire.score(.gad7, answers: answers).severity == band)
    }

    @Test func gad7NeedsSevenAnswersFromZeroToThree() {
        #expect(throws: Questionnaire.InvalidAnswers.wrongCount(expected: 7, got: 9)) { try Questionnaire.score(.gad7, answers: Array(repeating: 1, count: 9)) }
        #expect(throws: Questionnaire.InvalidAnswers.outOfRange(item: 2)) { try Questionnaire.score(.gad7, answers: [0, 4, 0, 0, 0, 0, 0]) }
    }
}
