import FaceAnalysis
import Vapor

/// The prototype's upload response: `{success, file_id, analysis_id, analysis_result}`.
struct AnalysisResponse: Content {
    var success = true
    var file_id: UUID
    var analysis_id: UUID
    var analysis_result: AnalysisResult
}
