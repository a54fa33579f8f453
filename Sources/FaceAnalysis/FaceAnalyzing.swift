import Foundation

/// What the server needs from face analysis; `FaceAnalyzer` is the live implementation, and tests
/// of the HTTP layer can substitute their own.
public protocol FaceAnalyzing: Sendable {
    var isReady: Bool { get }
    func analyzeImage(at url: URL) async throws(FaceAnalysisError) -> AnalysisResult
    func analyzeVideo(at url: URL, sampling: VideoSampling) async throws(FaceAnalysisError) -> AnalysisResult
}

/// Model loading state of an analyzer.
public enum FaceAnalyzerStatus: Sendable, Equatable {
    case loading
    case ready
    case unavailable(FaceAnalysisError)
}
