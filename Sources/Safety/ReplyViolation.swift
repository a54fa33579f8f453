/// Why a model reply was blocked. Safe to log and count; carries no text.
public enum ReplyViolation: String, Sendable, Codable, CaseIterable {
    /// Claims to be a human, a therapist, a doctor or another professional ("as your therapist").
    case claimsHumanOrProfessional
    /// Diagnoses the person ("you have depression", "you are bipolar").
    case diagnosis
    /// Suggests medication, doses or dose changes ("take 50mg", "increase your dose").
    case medicationAdvice
    /// Describes how to self-harm or die (method words near how-to language).
    case selfHarmMethod
    /// Pushes the person away from others ("you don't need anyone", "cut everyone off").
    case encouragesIsolation
    /// Encourages or validates self-harm or suicide ("they'd be better off without you").
    case encouragesSelfHarm
    /// Crisis instructions the model must not improvise: unknown hotline numbers, claims to have
    /// called or sent help, or advice not to seek help.
    case unsafeCrisisGuidance
}
