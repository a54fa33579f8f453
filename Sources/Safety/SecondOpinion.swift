/// An optional second check, e.g. a small classifier model, consulted after the rules.
///
/// Return nil when it has no opinion (timed out, unavailable). Implementations should return
/// promptly and honour task cancellation: the chat waits for this before replying.
public protocol SecondOpinion: Sendable {
    func level(for text: String) async -> RiskLevel?
}
