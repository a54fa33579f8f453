import Fluent

/// Migrations in numbered groups: a group is never edited once released; changes go in the next.
enum Migrations {
    static let all: [any Migration] = group001 + group002 + group003 + group004

    /// 001: accounts and everything they own.
    static let group001: [any Migration] = [
        CreateAccount(),
        CreateAccountToken(),
        CreateConversation(),
        CreateConversationMessage(),
        CreateMediaAnalysis(),
        CreateRiskEvent(),
    ]

    /// 002: sign-in for registered accounts, and questionnaires for mood over time.
    static let group002: [any Migration] = [
        CreateAccountCredential(),
        CreateQuestionnaireResponse(),
    ]

    /// 003: sessions expire when unused, so unreachable guests can be erased; rate limits shared
    /// by all instances.
    static let group003: [any Migration] = [
        AddAccountTokenLastSeen(),
        CreateRateLimitWindow(),
    ]

    /// 004: the country whose crisis lines a person sees, their safety plan, their daily log.
    static let group004: [any Migration] = [
        AddAccountCountry(),
        CreateSafetyPlan(),
        CreateDailyLog(),
    ]
}
