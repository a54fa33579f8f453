import Mood
import Testing

@Suite("PHQ-9 and PHQ-2 scoring")
struct QuestionnaireTests {
    @Test("PHQ-9 severity bands start at 5, 10, 15 and 20", arguments: [
        (0, Questionnaire.Severity.minimal), (4, .minimal), (5, .mild), (9, .mild), (10, .moderate), (14, .moderate),
        (15, .moderatelySevere), (19, .moderatelySevere), (20, .severe), (27, .severe),
    ])
    func phq9Bands(total: Int, expected: Questionnaire.Severity) throws {
        // Spread the total over items 1-8 so item 9 stays 0.
        var answers = Array(repeating: 0, count: 9)
        var left = total
        for index in 0..<9 where left > 0 {
            answers[index] = min(3, left)
            left -= answers[index]
        }
        let score = try Questionnaire.score(.phq9, answers: answers)
        #expect(score.total == total)
        #expect(score.severity == expected)
        #expect(score.selfHarmItemPositive == (answers[8] > 0))
    }

    @Test("any answer above 0 on PHQ-9 item 9 starts the crisis flow, even with a minimal total")
    func itemNine() throws {
        let score = try Questionnaire.score(.phq9, answers: [0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(score.total == 1)
        #expect(score.severity == .minimal)
        #expect(score.selfHarmItemPositive)
        #expect(try !Questionnaire.score(.phq9, answers: [3, 3, 3, 3, 3, 3, 3, 3, 0]).selfHarmItemPositive)
    }

    @Test("PHQ-2 is positive from 3")
    func phq2() throws {
        #expect(try Questionnaire.score(.phq2, answers: [1, 1]).severity == .negative)
        #expect(try Questionnaire.score(.phq2, answers: [2, 1]).severity == .positive)
        #expect(try Questionnaire.score(.phq2, answers: [3, 3]).total == 6)
    }

    @Test("wrong answer counts and values outside 0...3 are refused")
    func invalid() {
        #expect(throws: Questionnaire.InvalidAnswers.wrongCount(expected: 9, got: 8)) {
            try Questionnaire.score(.phq9, answers: Array(repeating: 0, count: 8))
        }
        #expect(throws: Questionnaire.InvalidAnswers.outOfRange(item: 2)) {
            try Questionnaire.score(.phq2, answers: [0, 4])
        }
        #expect(throws: Questionnaire.InvalidAnswers.outOfRange(item: 1)) {
            try Questionnaire.score(.phq2, answers: [-1, 0])
        }
    }
}
