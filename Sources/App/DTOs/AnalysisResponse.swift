import FaceAnalysis
import Safety
import Vapor

/// The prototype's upload response: `{success, file_id, analysis_id, analysis_result}`, plus
/// `support` when the measured cues are high: a gentle word and where to find help.
struct AnalysisResponse: Content {
    struct Support: Content {
        var message: String
        var resources: [CrisisResource]
        /// The person's own plan, shown first, when they have one.
        var safety_plan: SafetyPlanDTO?
    }

    var success = true
    var file_id: UUID
    var analysis_id: UUID
    var analysis_result: AnalysisResult
    var support: Support?
}
