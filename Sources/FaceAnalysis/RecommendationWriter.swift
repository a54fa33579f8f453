import Foundation

/// Gentle, non-diagnostic wording: the summary describes what the camera saw, and recommendations
/// suggest ordinary next steps. Nothing here names a condition.
struct RecommendationWriter {
    func summary(dominant: Emotion, confidence: Double, valence: Double, flatAffect: Double, duration: Double?) -> String {
        var parts: [String] = []
        let percent = Int((confidence * 100).rounded())
        if let duration {
            parts.append("Over about \(Int(duration.rounded())) seconds, your expression read mostly as \(dominant.rawValue) (\(percent)% on average).")
        } else {
            parts.append("In this photo your expression reads mostly as \(dominant.rawValue) (\(percent)%).")
        }
        if valence > 0.2 {
            parts.append("Positive expressions outweigh negative ones.")
        } else if valence < -0.2 {
            parts.append("Expressions such as sadness, anger or worry outweigh positive ones.")
        } else if flatAffect >= 0.5 {
            parts.append(duration == nil ? "Your face looks mostly calm and neutral." : "Your expression changed little over the clip.")
        } else {
            parts.append("Positive and negative expressions are roughly balanced.")
        }
        return parts.joined(separator: " ")
    }

    func recommendations(risk: CueRiskLevel, reducedEyeContact: Bool, isVideo: Bool) -> [String] {
        var list: [String] = []
        switch risk {
        case .low:
            list.append("Keep up the things that support you, like rest, movement and time with people you feel good around.")
        case .moderate:
            list.append("Take a moment to check in with yourself: how have your mood, sleep and energy been over the past couple of weeks?")
            list.append("Consider sharing how you feel with someone you trust.")
        case .high:
            list.append("It may help to talk with a doctor or a mental health professional about how you have been feeling lately.")
            list.append("If you ever feel unsafe or have thoughts of harming yourself, please contact your local emergency number or a crisis line right away.")
        }
        if reducedEyeContact {
            list.append("If you were looking away or down, that is completely fine; facing the camera in good light gives a steadier reading.")
        }
        if !isVideo {
            list.append("A single photo captures one moment. A short video, or check-ins over several days, gives a fuller picture.")
        }
        return list
    }
}
