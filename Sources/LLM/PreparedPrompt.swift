import CLlama
import Foundation

/// A request's prompt, fitted and tokenized by the caller before it reaches the decode thread:
/// rendering the template and tokenizing a long history (several times when the fitter searches
/// for a drop count) would otherwise pause every streaming reply while it runs.
///
/// `@unchecked Sendable`: the sampler is built by the caller and handed to the decode thread once;
/// after that only the decode thread touches it.
struct PreparedPrompt: @unchecked Sendable {
    let tokens: [llama_token]
    let droppedMessages: Int
    /// Where the kept history starts, so the conversation's next turn starts there too.
    let keptStart: KeptHistoryStart?
    /// Primed with the prompt's tokens (penalties and DRY see the conversation so far).
    let sampler: LlamaSampler
}

/// Where each conversation's last prompt began its kept history, for the conversations that hold a
/// slot: written by the decode thread at admission, read by callers preparing the next turn.
final class KeptHistoryStarts: Sendable {
    private let starts = Locked<[UUID: KeptHistoryStart]>([:])

    func start(of conversationID: UUID) -> KeptHistoryStart? {
        starts.withLock { $0[conversationID] }
    }

    /// The slot now holds `conversationID` (evicting `previous`, if another conversation).
    func bind(_ conversationID: UUID, start: KeptHistoryStart?, evicting previous: UUID?) {
        starts.withLock {
            if let previous, previous != conversationID { $0[previous] = nil }
            $0[conversationID] = start
        }
    }
}
