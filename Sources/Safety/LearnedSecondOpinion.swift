/// The learned second opinion: a sentence encoder's embedding of the message, read by the trained
/// `CrisisClassifierHead`.
///
/// The rules know one author's phrasing; the encoder places "after this weekend nobody will have
/// to deal with me" near the farewells it was trained on although no rule names those words.
/// `EscalatingScreener` lets this opinion raise the rules' level, never lower it.
public struct LearnedSecondOpinion: SecondOpinion {
    /// One embedding per text, in order.
    public typealias Embed = @Sendable ([String]) async throws -> [[Float]]

    private let embed: Embed
    private let head: CrisisClassifierHead

    /// `embed` must produce the embeddings the head was trained on (mean-pooled, L2-normalised
    /// all-MiniLM-L6-v2, see `head.encoderFile`).
    public init(head: CrisisClassifierHead, embed: @escaping Embed) {
        self.head = head
        self.embed = embed
    }

    /// nil when the encoder failed or gave a vector of the wrong size: the rules' verdict stands.
    public func level(for text: String) async -> RiskLevel? {
        let units = head.units(of: text)
        guard let embeddings = try? await embed(units), embeddings.count == units.count,
              embeddings.allSatisfy({ $0.count == head.inputDimensions }) else { return nil }
        return head.level(for: embeddings)
    }
}
