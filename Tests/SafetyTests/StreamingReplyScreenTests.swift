import Safety
import Testing

@Suite struct StreamingReplyScreenTests {
    static let replies = [
        "I'm sorry you're going through this. As your therapist, I think you need rest. Take care.",
        "That sounds really hard. You can call 988 any time. I'm here. You have depression, clearly.",
        "Thank you for telling me. Many people feel this way. You could call 1-800-555-0199 tonight.",
        "It's okay to rest. Try not to isolate yourself. A therapist could help you with that.",
        "I hear you.\nSamaritans are on 116 123, day or night.\nI'm still here.",
    ]

    @Test(arguments: replies)
    func givesTheSameVerdictsAsTheStatelessScreenAtEveryStep(reply: String) {
        let screen = ReplyScreen()
        var stream = StreamingReplyScreen(screen: screen)
        var prefix = ""
        var streamBlocked = false
        for character in reply {
            prefix.append(character)
            let expected = screen.check(prefix)
            let actual = stream.check(prefix)
            #expect(actual == expected || streamBlocked, "diverged after \(prefix.count) characters")
            streamBlocked = streamBlocked || actual.isBlocked
        }
        #expect(stream.check(reply, isComplete: true) == screen.check(reply, isComplete: true))
    }

    @Test func approvedPrefixHoldsBackTheUnfinishedSentence() {
        var stream = StreamingReplyScreen()
        #expect(stream.check("I hear you. It sounds") == .allowed)
        #expect(stream.approvedPrefix == "I hear you. ")
        #expect(stream.check("I hear you. It sounds really hard. As your") == .allowed)
        #expect(stream.approvedPrefix == "I hear you. It sounds really hard. ")
        #expect(stream.check("I hear you. It sounds really hard. As your therapist, I").isBlocked)
        #expect(stream.approvedPrefix.isEmpty)
        var complete = StreamingReplyScreen()
        #expect(complete.check("All done here.", isComplete: true) == .allowed)
        #expect(complete.approvedPrefix == "All done here.")
    }

    @Test func staysBlockedOnceBlocked() {
        var stream = StreamingReplyScreen()
        #expect(stream.check("You have depression. ").isBlocked)
        #expect(stream.check("You have depression. Anyway, how are you?").isBlocked)
    }

    @Test func restartsWhenTheTextIsNotAnExtension() {
        var stream = StreamingReplyScreen()
        #expect(stream.check("Hello there. How are you today? ") == .allowed)
        #expect(stream.check("A new reply. You have depression. Yes.") == .blocked(reason: .diagnosis))
    }

    @Test func costStaysFlatAsTheReplyGrows() {
        let sentence = "I'm really sorry you're feeling this way, and I'm glad you reached out today. "
        let reply = String(repeating: sentence, count: 40)
        var stream = StreamingReplyScreen()
        let clock = ContinuousClock()
        var checks = 0
        let elapsed = clock.measure {
            var index = reply.startIndex
            while index < reply.endIndex {
                index = reply.index(index, offsetBy: 8, limitedBy: reply.endIndex) ?? reply.endIndex
                _ = stream.check(String(reply[..<index]))
                checks += 1
            }
        }
        print("StreamingReplyScreen: \(checks) checks of a growing \(reply.count)-character reply took \(elapsed)")
        #expect(stream.check(reply, isComplete: true) == .allowed)
    }
}
