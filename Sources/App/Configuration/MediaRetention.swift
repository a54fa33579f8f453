/// What happens to an uploaded selfie or video once it has been analysed. Raw faces are health
/// data: by default they are deleted as soon as the measurements are stored.
enum MediaRetention: String, Equatable, Sendable, CaseIterable {
    case delete
    case keep
}
