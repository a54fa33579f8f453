import Foundation
@testable import Mood
import Testing

@Suite struct DailyAssociationsTests {
    @Test func activitiesSeenOnFiveDaysAndMissedOnFiveAreCompared() {
        var entries: [DailyAssociations.Entry] = []
        for day in 0..<12 {
            let walked = day < 6
            entries.append(.init(mood: walked ? 4 : 2, activities: walked ? ["walk", "work"] : ["work"], sleepHours: walked ? 8 : 5))
        }
        let found = DailyAssociations(entries: entries)
        // "work" is on every day: there is nothing to compare it with.
        #expect(found.activities.map(\.activity) == ["walk"])
        #expect(found.activities.first?.daysWith == 6 && found.activities.first?.meanMoodWith == 4)
        #expect(found.activities.first?.daysWithout == 6 && found.activities.first?.meanMoodWithout == 2)
        #expect(found.lines.first == "On the 6 days you logged walk your mood averaged 4.0, against 2.0 on the 6 days without it.")
        #expect(found.sleep?.correlation == 1)
        #expect(found.lines.last?.contains("tended to rise together (r = 1.00)") == true)
    }

    @Test func tooFewDaysOrNoVariationSayNothing() {
        let few = DailyAssociations(entries: (0..<4).map { _ in .init(mood: 3, activities: ["walk"], sleepHours: 7) })
        #expect(few.lines.isEmpty && few.sleep == nil)
        let flat = DailyAssociations(entries: (0..<8).map { _ in .init(mood: 3, activities: [], sleepHours: 7) })
        #expect(flat.sleep?.correlation == nil && flat.lines.isEmpty)
    }
}
