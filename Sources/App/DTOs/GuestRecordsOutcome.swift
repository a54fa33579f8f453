import Vapor

/// What became of the previous guest's records at sign-in, and how many there were.
struct GuestRecordsOutcome: Content, Equatable {
    /// "moved" or "erased".
    var outcome: String
    var conversations: Int
    var analyses: Int
    var questionnaires: Int
}
