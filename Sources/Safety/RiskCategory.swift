/// What kind of risk a message shows; a message can show several.
///
/// Categories let the crisis reply speak to the right thing (someone in danger from another
/// person needs different words from someone thinking of suicide). Low mood on its own
/// (`concern` with no crisis language) has no category.
public enum RiskCategory: String, Sendable, Codable, CaseIterable, Hashable {
    case suicidalIdeation
    case suicidalIntent
    case suicidePlanOrMeans
    case selfHarm
    case harmToOthers
    case dangerOrAbuse
    /// Passive or indirect ideation ("everyone would be better off without me").
    case indirectIdeation
}
