/// How urgently a message needs a safety response.
///
/// Ordered so that callers can compare (`level >= .crisis`) and combine opinions with `max`,
/// which is how every part of this module escalates: levels are only ever raised.
public enum RiskLevel: Int, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// No risk language found.
    case none = 0
    /// Low mood, negated or past risk, third-party worries: the conversation needs care, not a crisis reply.
    case concern = 1
    /// Suicidal ideation or intent, self-harm, harm to others, danger or abuse: reply with the fixed crisis text.
    case crisis = 2
    /// A plan, means, timeframe or act in progress: urge emergency services now.
    case imminent = 3

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .none: "none"
        case .concern: "concern"
        case .crisis: "crisis"
        case .imminent: "imminent"
        }
    }
}
