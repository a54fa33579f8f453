/// The reply screen's decision on a (partial) model reply.
public enum ReplyScreenVerdict: Sendable, Equatable {
    case allowed
    case blocked(reason: ReplyViolation)

    public var isBlocked: Bool {
        if case .blocked = self { return true }
        return false
    }
}
