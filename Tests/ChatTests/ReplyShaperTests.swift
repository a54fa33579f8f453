@testable import Chat
import LLM
import Testing

@Suite("Reply shaper: whole sentences, no loops")
struct ReplyShaperTests {
    /// Feeds `text` word by word (as a model streams it) and returns the first decision to stop.
    private func stream(_ text: String, target: Int = 1000, earlier: [String] = []) -> (ReplyShaper.Decision?, ReplyShaper) {
        var shaper = ReplyShaper(targetTokens: target, earlierReplies: earlier)
        var pieces: [String] = []
        var current = ""
        for character in text {
            if character == " ", !current.isEmpty { pieces.append(current); current = "" }
            current.append(character)
        }
        pieces.append(current)
        for piece in pieces {
            let decision = shaper.append(piece)
            if decision != .proceed { return (decision, shaper) }
        }
        return (nil, shaper)
    }

    @Test("a phrase loop stops at the last whole sentence before it")
    func phraseLoop() {
        let (decision, _) = stream("I hear you. That sounds so hard. I'm just a just a just a just a just a just a")
        #expect(decision == .stop(text: "I hear you. That sounds so hard.", reason: .loop))
    }

    @Test("a loop before any whole sentence says the fixed fallback, never an empty bubble")
    func loopWithoutSentence() {
        let (decision, _) = stream("I'm just a just a just a just a just a")
        #expect(decision == .stop(text: ReplyShaper.fallback, reason: .loop))
    }

    @Test("a sentence said twice is cut before the second time")
    func repeatedSentence() {
        let (decision, _) = stream("You are not alone in this. It makes sense to feel tired. You are not alone in this. More")
        #expect(decision == .stop(text: "You are not alone in this. It makes sense to feel tired.", reason: .loop))
    }

    @Test("a long sentence copied from an earlier reply of the conversation is cut")
    func copiedAcrossReplies() {
        let earlier = ["The person you're referring to might be experiencing this very same feeling. Take care."]
        let (decision, _) = stream("Grief takes time. The person you're referring to might be experiencing this very same feeling. And",
                                   earlier: earlier)
        #expect(decision == .stop(text: "Grief takes time.", reason: .loop))
    }

    @Test("an ordinary caring reply streams through untouched")
    func ordinaryReply() {
        let reply = "It sounds like today has been really heavy, and it makes sense that you stayed in bed. "
            + "Being gentle with yourself matters right now. Is there one small thing that usually brings you a bit of comfort? "
            + "Even a glass of water or opening a window counts."
        let (decision, shaper) = stream(reply)
        #expect(decision == nil)
        #expect(shaper.finalText(after: .stop) == reply)
    }

    @Test("past its target a reply ends at the next sentence end")
    func endsAtTarget() {
        let (decision, shaper) = stream("One two three four. Five six seven eight nine ten. Eleven", target: 6)
        #expect(decision == .stop(text: "One two three four. Five six seven eight nine ten.", reason: .reachedTarget))
        #expect(shaper.tokens == 10)
    }

    @Test("a reply cut by the cap loses its trailing fragment; one with no whole sentence keeps its words")
    func capTrimsFragment() {
        let (_, cut) = stream("That sounds hard. You deserve rest and a bit of")
        #expect(cut.finalText(after: .length) == "That sounds hard.")
        // The model may also stop mid-sentence on its own: the fragment goes then too.
        #expect(cut.finalText(after: .stop) == "That sounds hard.")
        let (_, smiley) = stream("I'm glad you're here. Take care :)\"")
        #expect(smiley.finalText(after: .length) == "I'm glad you're here. Take care :)\"")
        let (_, unpunctuated) = stream("Take care")
        #expect(unpunctuated.finalText(after: .stop) == "Take care")
        let (_, fragment) = stream("That sounds so hard and I")
        #expect(fragment.finalText(after: .length) == "That sounds so hard and I\u{2026}")
        let (_, whole) = stream("Sleep matters.\"")
        #expect(whole.finalText(after: .length) == "Sleep matters.\"")
    }

    @Test("a looping reply stored earlier re-enters the prompt cut before its loop")
    func historyCleaning() {
        let looping = "I understand. I'm just a just a just a just a just a"
        #expect(ReplyShaper.historyText(of: looping, earlierReplies: []) == "I understand.")
        #expect(ReplyShaper.historyText(of: "just a just a just a just a", earlierReplies: []) == "")
        #expect(ReplyShaper.historyText(of: "That sounds hard.", earlierReplies: []) == "That sounds hard.")
    }

    @Test("the prompt leaves out failed and replaced replies, and keeps whole sentences of interrupted ones")
    func promptHistory() {
        let history = [
            StoredMessage(role: .user, content: "hi", mood: "sad", status: .complete),
            StoredMessage(role: .assistant, content: "Hello. I'm just a just a just a just a", status: .complete),
            StoredMessage(role: .user, content: "again", status: .complete),
            StoredMessage(role: .assistant, content: "I should be clear: I'm an AI.", status: .replaced),
            StoredMessage(role: .user, content: "and", status: .complete),
            StoredMessage(role: .assistant, content: "partial", status: .failed),
            StoredMessage(role: .user, content: "then", status: .complete),
            StoredMessage(role: .assistant, content: "That's hard. And I wonder if", status: .interrupted),
        ]
        let messages = PromptHistory.messages(system: "S", history: history)
        #expect(messages == [.system("S"), .user("[feeling sad] hi"), .assistant("Hello."), .user("again"), .user("and"),
                             .user("then"), .assistant("That's hard.")])
    }
}
