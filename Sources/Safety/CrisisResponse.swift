/// The fixed replies the chat sends instead of model output. Never generated: in a crisis the
/// words must be reviewed in advance, always include real numbers, and never improvise.
///
/// Wording follows common safe-messaging guidance: acknowledge and thank, say they are not alone,
/// point to people who can help now, be honest that this is an AI that cannot call for help, and
/// for imminent danger say plainly to call emergency services and to move away from means.
public enum CrisisResponse {
    /// The reply for a message assessed at `crisis` or `imminent`.
    ///
    /// - Parameters:
    ///   - assessment: the screener's verdict; below `crisis` the standard crisis text is still
    ///     returned, so callers decide when to use it (normally `assessment.needsCrisisResponse`).
    ///   - resources: from `CrisisResourceDirectory.resources(for:)` for the person's region.
    ///   - hasSafetyPlan: the person wrote a safety plan; the panel shows it, and the reply says so.
    public static func reply(for assessment: SafetyAssessment, resources: [CrisisResource], hasSafetyPlan: Bool = false) -> String {
        let emergency = emergencyPhrase(resources)
        // Their own words, written on a calmer day, come before any stranger's number.
        let plan = hasSafetyPlan
            ? "\n\nYour safety plan is at the top of the screen: the steps and people you chose for a moment like this. Try its first step now.\n"
            : "\n"
        let lines = resourceLines(resources)
        let focus = Focus(assessment.categories)

        if assessment.level >= .imminent {
            return """
            I'm really worried about your safety right now. Please call \(emergency) now, or go to the nearest emergency department. \
            If you can, move away from anything you could use to hurt \(focus == .others ? "anyone" : "yourself"), and tell someone near you what's happening. \
            You don't have to get through this moment alone.\(plan)
            You can also reach someone straight away:
            \(lines)

            I'm an AI, so I can't call for help or contact anyone for you. Please make that call now. I'm still here with you.
            """
        }

        let opening: String
        switch focus {
        case .danger:
            opening = """
            Thank you for telling me. What you're describing sounds frightening, and it isn't your fault. \
            You deserve to be safe, and you're not alone in this.
            """
        case .others:
            opening = """
            Thank you for being honest with me; that takes courage. Thoughts of hurting someone can be really frightening, \
            and you're not alone with them. Talking to someone trained to help can make a real difference.
            """
        case .selfDirected:
            opening = """
            I'm really glad you told me. What you're feeling sounds incredibly painful, and you're not alone, \
            even if it feels that way right now. You deserve support.
            """
        }
        return """
        \(opening)\(plan)
        Please reach out to someone who can help right now:
        \(lines)

        If you're in immediate danger, call \(emergency) now.

        I'm an AI, so I can't call anyone or send help myself, but I'm here to keep talking while you reach out. \
        Is there someone you trust who could be with you right now?
        """
    }

    /// The line above the help lines when a message was `concern` (low, hopeless, a past attempt,
    /// a dark joke): the model still answers; this only keeps the door open, without alarm.
    public static func concernPanelMessage(resources: [CrisisResource]) -> String {
        "It sounds like things are heavy right now. You don't have to carry that alone: these people are there to listen, any time. If you are ever in danger, please call \(emergencyPhrase(resources))."
    }

    /// The line above the help lines in the page's crisis panel; the reply itself is in the chat.
    public static func panelMessage(resources: [CrisisResource]) -> String {
        "If you are in danger right now, please call \(emergencyPhrase(resources)). These people are there to listen, any time:"
    }

    /// What the person sees when a generated reply was blocked by `ReplyScreen`: gentle, honest
    /// about being an AI, and steering back to them rather than explaining what went wrong.
    ///
    /// - Parameter conversationAtRisk: whether the person's own words in this conversation were
    ///   about danger (support mode, or risk language in the message being answered). Only then
    ///   does a blocked reply about self-harm or crisis help become the crisis text: a grieving or
    ///   lonely person whose reply was caught (often a small model's muddled line, or an invented
    ///   hotline number) must not suddenly read "If you're thinking about hurting yourself".
    public static func replacementForBlockedReply(reason: ReplyViolation, resources: [CrisisResource],
                                                  conversationAtRisk: Bool = true) -> String {
        let intro: String
        switch reason {
        // (`where` binds to one pattern only, hence three times.)
        case .selfHarmMethod where !conversationAtRisk, .encouragesSelfHarm where !conversationAtRisk,
             .unsafeCrisisGuidance where !conversationAtRisk:
            intro = """
            Sorry, that came out wrong, so I've left it out. If you'd ever like to talk to a person, \
            these services are free and confidential:
            \(resourceLines(resources))
            """
        case .claimsHumanOrProfessional:
            intro = "I should be clear: I'm an AI, not a person, a therapist or a doctor."
        case .diagnosis:
            intro = "I'm an AI, so I can't diagnose anything. A doctor or mental health professional can help you make sense of what you're going through."
        case .medicationAdvice:
            intro = "I'm an AI, so I can't advise on medication or doses. Your doctor or pharmacist is the right person to ask, and please don't change medication without talking to them."
        case .encouragesIsolation:
            intro = "The people who care about you matter, and leaning on them, even a little, can help."
        case .selfHarmMethod, .encouragesSelfHarm, .unsafeCrisisGuidance:
            intro = """
            I'm not able to help with that, but I care about how you're doing. If you're thinking about hurting yourself, please reach out now:
            \(resourceLines(resources))
            If you're in immediate danger, call \(emergencyPhrase(resources)). I'm an AI and can't call for help myself.
            """
        }
        return intro + "\n\nI'm still here to listen. How are you feeling right now?"
    }

    // MARK: - Rendering

    private enum Focus: Equatable {
        case selfDirected, danger, others

        init(_ categories: Set<RiskCategory>) {
            let selfDirected: Set<RiskCategory> = [.suicidalIdeation, .suicidalIntent, .suicidePlanOrMeans, .selfHarm, .indirectIdeation]
            if !categories.isDisjoint(with: selfDirected) || categories.isEmpty {
                self = .selfDirected
            } else if categories.contains(.dangerOrAbuse) {
                self = .danger
            } else {
                self = .others
            }
        }
    }

    static func resourceLines(_ resources: [CrisisResource]) -> String {
        let lines = resources.filter { !$0.isEmergencyNumber }.map { resource -> String in
            var ways: [String] = []
            switch (resource.phone, resource.sms) {
            case let (phone?, sms?) where phone == sms: ways.append("call or text \(phone)")
            case let (phone, sms):
                if let phone { ways.append("call \(phone)") }
                if let sms { ways.append("text \(sms)") }
            }
            if let url = resource.url { ways.append(url) }
            // A line that is closed at night must say so: nobody should call it at 3 am and find no one.
            return "• \(resource.name): " + ways.joined(separator: " · ") + (resource.hours.map { " (\($0))" } ?? "")
        }
        return lines.isEmpty ? "• Find a helpline near you: https://findahelpline.com" : lines.joined(separator: "\n")
    }

    /// The region's emergency number, so no message in a crisis asks a person to look one up.
    public static func emergencyPhrase(_ resources: [CrisisResource]) -> String {
        if let phone = resources.first(where: \.isEmergencyNumber)?.phone { return phone }
        return "your local emergency number"
    }
}
