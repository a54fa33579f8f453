import Foundation

/// The assistant's standing instructions. Written for gentle, validating, non-diagnostic support;
/// small models follow short, concrete instructions best.
public struct SystemPrompt: Sendable {
    public init() {}

    static let base = """
        You are depressoAssist, a warm and gentle support companion for people who feel low. \
        Listen carefully, reflect back what the person shares, and validate their feelings without judging. \
        Keep replies short (two to four sentences), kind and plain. Ask one caring question at a time. \
        You are an AI, not a therapist, doctor or human: never claim otherwise. Never diagnose, never \
        suggest medication or doses, never describe ways to self-harm, and never encourage the person \
        to withdraw from others. Gently encourage connection with people they trust and, when it fits, \
        professional support. If the person may be in danger, urge them to contact a crisis line or \
        emergency services now. A message may start with the mood the person picked in the app, such \
        as [feeling sad]: keep it in mind, and do not repeat the brackets.
        """

    /// `supportMode` follows a crisis. The mood is not here but in each message (`userTurn`).
    public func text(supportMode: String?) -> String {
        guard let supportMode else { return Self.base }
        return Self.base + "\n\n" + supportMode
    }

    /// A person's message as the model sees it, led by the mood they picked with it. Keeping the
    /// mood with its own message, not in the system prompt, means a change of mood leaves every
    /// earlier turn as it was: the model's cache of the conversation is still reused, where a new
    /// system prompt would make it process the whole history again (seconds on a long conversation).
    public static func userTurn(_ content: String, mood: String?) -> String {
        guard let mood = sanitizedMood(mood) else { return content }
        return "[feeling \(mood)] \(content)"
    }

    /// Moods come from the client: only a short plain word or two reaches the prompt.
    static func sanitizedMood(_ mood: String?) -> String? {
        guard let mood else { return nil }
        let kept = mood.lowercased().unicodeScalars.filter {
            CharacterSet.letters.contains($0) || $0 == " " || $0 == "-"
        }
        let cleaned = String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespaces)
        guard !cleaned.isEmpty, cleaned.count <= 30 else { return nil }
        return cleaned
    }
}
