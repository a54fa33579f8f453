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
        emergency services now.
        """

    /// `mood` is what the person chose in the app (e.g. "sad"); `supportMode` follows a crisis.
    public func text(mood: String?, supportMode: String?) -> String {
        var parts = [Self.base]
        if let mood = Self.sanitizedMood(mood) {
            parts.append("The person says they are feeling \(mood) right now; keep that in mind.")
        }
        if let supportMode {
            parts.append(supportMode)
        }
        return parts.joined(separator: "\n\n")
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
