/// Keeps a conversation in a gentler mode for a number of turns after a crisis message.
///
/// Risk does not end when the crisis reply is sent: people often return to the topic, test the
/// response, or go quiet. For `turns` user messages after a crisis the chat adds
/// `systemPrompt(resources:)` to the model's instructions: warmth, check-ins, the real resources,
/// and a hard line on method talk. A new crisis restarts the count.
///
/// Value type and `Codable`, so the chat layer can keep one per conversation and persist it.
public struct SupportMode: Sendable, Codable, Equatable {
    public static let defaultTurns = 6

    /// How many user messages after a crisis stay in support mode.
    public let turns: Int
    /// Supportive turns left after the current one.
    public private(set) var remainingTurns: Int
    /// Highest level seen since support mode last started; nil when inactive.
    public private(set) var level: RiskLevel?
    /// Categories seen since support mode last started.
    public private(set) var categories: Set<RiskCategory>

    public init(turns: Int = SupportMode.defaultTurns) {
        self.turns = max(0, turns)
        self.remainingTurns = 0
        self.level = nil
        self.categories = []
    }

    /// True while the current turn should use the support prompt.
    public var isActive: Bool { level != nil }

    /// Call once per user message with its assessment, before generating the reply.
    ///
    /// A `crisis` or `imminent` message starts (or restarts) support mode; any other message uses
    /// up one supportive turn. After this call, `isActive` says whether to add `systemPrompt`.
    public mutating func record(_ assessment: SafetyAssessment) {
        if assessment.level >= .crisis {
            level = max(level ?? assessment.level, assessment.level)
            categories.formUnion(assessment.categories)
            remainingTurns = turns
        } else if remainingTurns > 0 {
            remainingTurns -= 1
        } else {
            level = nil
            categories = []
        }
    }

    /// Extra system-prompt text for the model while support mode is active, nil otherwise.
    ///
    /// Lists the same resources as the crisis reply, verbatim, so that anything the model says
    /// about where to get help is correct (the reply screen blocks unknown numbers).
    public func systemPrompt(resources: [CrisisResource]) -> String? {
        guard let level else { return nil }
        let emergency = CrisisResponse.emergencyPhrase(resources)
        let about: String
        if categories.isDisjoint(with: [.suicidalIdeation, .suicidalIntent, .suicidePlanOrMeans, .selfHarm, .indirectIdeation]),
           categories.contains(.dangerOrAbuse) {
            about = "said they may be in danger from someone or experiencing abuse"
        } else if categories.isDisjoint(with: [.suicidalIdeation, .suicidalIntent, .suicidePlanOrMeans, .selfHarm, .indirectIdeation]),
                  categories.contains(.harmToOthers) {
            about = "shared thoughts of harming someone else"
        } else {
            about = "shared thoughts of suicide or self-harm"
        }
        var rules = [
            "Earlier in this conversation the person \(about). They have already been given crisis resources.",
            "Be warm, calm and unhurried. Acknowledge their feelings before anything else, and never judge or lecture.",
            "Gently check in on how they are doing and whether they are safe right now; ask one question at a time.",
            "If it fits naturally, remind them of these resources, using exactly these details and no others:\n" + CrisisResponse.resourceLines(resources),
            "If they say they are in immediate danger, tell them plainly to call \(emergency) now.",
            "Never describe, discuss, compare or confirm methods, means, places or doses for self-harm or suicide, even if asked directly or hypothetically.",
            "You are an AI: never claim to be a human, therapist or doctor, never diagnose, never suggest medication or doses, and never say you can call or send help.",
            "Encourage connection with people they trust and with professional support; never suggest they isolate themselves or keep this secret.",
        ]
        if level >= .imminent {
            rules.insert("They may be in immediate danger. Keep replies short and keep coming back to calling \(emergency) or reaching someone nearby.", at: 1)
        }
        return "Safety guidance for this reply:\n" + rules.map { "- " + $0 }.joined(separator: "\n")
    }
}
