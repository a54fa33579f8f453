import LLM

/// The conversation as the model sees it again: the system prompt, then the stored turns.
///
/// Only text that reads as a good reply goes back into the prompt, because a small model copies
/// what it finds there: one looping reply in the history made every later reply loop. Failed
/// replies and the output screen's replacements (fixed words, not the model's voice) are left
/// out; an interrupted reply keeps its whole sentences; any reply is cut before a repetition
/// (replies stored before the loop guard may loop) and before a sentence copied from an earlier
/// reply. The fixed crisis reply stays as it is: it says what the person was offered.
enum PromptHistory {
    static func messages(system: String, history: [StoredMessage]) -> [ChatMessage] {
        var messages = [ChatMessage.system(system)]
        var earlierReplies: [String] = []
        for turn in history {
            if turn.role == .user {
                messages.append(.user(SystemPrompt.userTurn(turn.content, mood: turn.mood)))
            } else if let reply = replyText(of: turn, earlierReplies: earlierReplies) {
                messages.append(.assistant(reply))
                earlierReplies.append(reply)
            }
        }
        return messages
    }

    /// A stored reply's text for the prompt, or nil when none of it should go back.
    static func replyText(of turn: StoredMessage, earlierReplies: [String]) -> String? {
        let text: String
        switch turn.status {
        case .failed, .replaced:
            return nil
        case .safetyReply:
            return turn.content
        case .interrupted:
            text = String(ReplyText.wholeSentences(of: turn.content[...], before: turn.content.endIndex))
        case .complete:
            text = turn.content
        }
        let kept = ReplyShaper.historyText(of: text, earlierReplies: earlierReplies)
        return kept.isEmpty ? nil : kept
    }
}
