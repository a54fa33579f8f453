import Foundation
import Mood
import Testing

@Suite("Mood timeline")
struct MoodTimelineTests {
    let day1 = Date(timeIntervalSince1970: 1_795_000_000) // 2026-11-18 (UTC)
    var day1Late: Date { day1.addingTimeInterval(3_600) }
    var day3: Date { day1.addingTimeInterval(2 * 86_400) }

    @Test("records are joined by UTC day, oldest first, and empty days are left out")
    func joinsByDay() {
        let timeline = MoodTimeline(
            moods: [.init(mood: "Sad", date: day1), .init(mood: "sad ", date: day1Late), .init(mood: "calm", date: day3),
                    .init(mood: "  ", date: day3)],
            analyses: [.init(id: UUID(), mediaType: "image", overallScore: 0.4, dominantEmotion: "sad", riskLevel: "moderate",
                             date: day3)],
            questionnaires: [.init(id: UUID(), kind: .phq9, score: 12, severity: "moderate", date: day1Late),
                             .init(id: UUID(), kind: .phq2, score: 2, severity: "negative", date: day1)])
        #expect(timeline.days.map(\.date) == [MoodTimeline.dayKey(day1), MoodTimeline.dayKey(day3)])
        #expect(MoodTimeline.dayKey(day1) == "2026-11-18")
        #expect(timeline.days[0].moods == ["sad": 2])
        #expect(timeline.days[0].questionnaires.map(\.kind) == [.phq2, .phq9])
        #expect(timeline.days[0].analyses.isEmpty)
        #expect(timeline.days[1].moods == ["calm": 1])
        #expect(timeline.days[1].analyses.first?.overallScore == 0.4)
    }

    @Test("no records, no days")
    func empty() {
        #expect(MoodTimeline(moods: [], analyses: [], questionnaires: []).days.isEmpty)
    }
}
