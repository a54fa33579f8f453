import FaceAnalysis
import Fluent
import Safety
import Vapor

/// Selfie and video uploads: stored under a generated name, analysed, recorded for the owner,
/// and the raw media deleted unless retention is configured.
struct AnalysisController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let analysis = routes.grouped("api", "analysis")
        analysis.on(.POST, "image", body: .stream) { req in try await analyze(req, as: .image) }
        analysis.on(.POST, "video", body: .stream) { req in try await analyze(req, as: .video) }
    }

    @Sendable
    func analyze(_ req: Request, as mediaType: MediaAnalysis.MediaType) async throws -> AnalysisResponse {
        let accountID = try req.accountID
        let limits = req.application.rateLimits
        try await RateLimits.check(limits.uploadsPerAccount, key: accountID.uuidString, what: "uploads")
        try await RateLimits.check(limits.uploadsPerAddress, key: req.clientAddress, what: "uploads")
        let configuration = req.application.appConfiguration
        let analyzer = req.application.services.faceAnalyzer
        let field = mediaType == .image ? "image" : "video"
        let fileID = UUID()
        let started = ContinuousClock.now

        let receiver = UploadReceiver(directory: configuration.storageDirectory, maxBytes: configuration.maxUploadBytes)
        let upload = try await receiver.receive(req, field: field, fileID: fileID)
        let keep = configuration.mediaRetention == .keep
        // Kept only once a stored analysis points at it: a failed upload (no face, unreadable,
        // wrong kind) would otherwise stay on disk with no row, out of reach of erasure.
        var recorded = false
        defer {
            if !(keep && recorded) { try? FileManager.default.removeItem(atPath: upload.path) }
        }

        let url = URL(fileURLWithPath: upload.path)
        var result: AnalysisResult
        do {
            guard let kind = try MediaKind.detect(fileAt: url) else { throw FaceAnalysisError.unsupportedMediaType }
            guard kind.isImage == (mediaType == .image) else {
                throw APIError(status: .unsupportedMediaType, code: "wrong_media_kind",
                               message: mediaType == .image
                                   ? "This file is a video; please upload it as a video."
                                   : "This file is an image; please upload it as an image.")
            }
            result = mediaType == .image
                ? try await analyzer.analyzeImage(at: url)
                : try await analyzer.analyzeVideo(at: url, sampling: VideoSampling())
        } catch let error as FaceAnalysisError {
            AppMetrics.analysisFinished(kind: mediaType.rawValue, outcome: error.code, after: ContinuousClock.now - started)
            req.logger.info("analysis gave no result", metadata: [
                "file": "\(fileID)", "bytes": "\(upload.byteSize)", "code": "\(error.code)",
            ])
            throw APIError(faceAnalysisError: error)
        }

        // The person's own usual, from their earlier check-ins (population thresholds stay as they are).
        let earlier = try await MediaAnalysis.query(on: req.db).filter(\.$account.$id == accountID).all()
            .compactMap { try? JSONDecoder().decode(AnalysisResult.self, from: Data($0.resultJSON.utf8)).depressionIndicators }
        result.personalBaseline = PersonalBaseline(current: result.depressionIndicators, earlier: earlier)
        let record = MediaAnalysis(accountID: accountID, fileID: fileID, mediaType: mediaType, byteSize: upload.byteSize,
                                   resultJSON: try Self.encode(result), riskLevel: result.riskLevel.rawValue,
                                   storedPath: keep ? upload.path : nil)
        try await record.create(on: req.db)
        recorded = true
        AppMetrics.analysisFinished(kind: mediaType.rawValue, outcome: "stored", after: ContinuousClock.now - started)
        req.logger.info("analysis stored", metadata: [
            "file": "\(fileID)", "type": "\(mediaType.rawValue)", "bytes": "\(upload.byteSize)",
            "took": "\(ContinuousClock.now - started)",
        ])
        var support: AnalysisResponse.Support?
        if result.riskLevel == .high {
            support = try await req.personalSupport(accountID: accountID) { Self.highRiskMessage(resources: $0) }
            try await RiskEvent(accountID: accountID, conversationID: nil, source: .analysis, level: "concern",
                                categories: "analysis_high_risk").create(on: req.db)
            AppMetrics.crisisEvent(level: "concern", source: "analysis")
        }
        return AnalysisResponse(file_id: fileID, analysis_id: try record.requireID(), analysis_result: result,
                                support: support)
    }

    /// Said when the cues are high: never a diagnosis, always a door to people who can help.
    static func highRiskMessage(resources: [CrisisResource]) -> String {
        """
        Some of the signals in this picture are ones that often go along with feeling very low. \
        This is not a diagnosis, and a photo can't tell the whole story. If you've been struggling, \
        you don't have to carry it alone: talking with someone you trust, your doctor, or one of the \
        lines below can help. If you're in danger right now, please call \(CrisisResponse.emergencyPhrase(resources)).
        """
    }

    static func encode(_ result: AnalysisResult) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(result), as: UTF8.self)
    }
}

extension APIError {
    /// No face, an unreadable file, a too-short video: each an explicit answer with its own code.
    init(faceAnalysisError error: FaceAnalysisError) {
        let status: HTTPResponseStatus = switch error {
        case .unsupportedMediaType: .unsupportedMediaType
        case .noFaceDetected, .unreadableMedia, .imageTooLarge, .videoTooShort, .tooFewFaceFrames: .unprocessableEntity
        case .modelsUnavailable: .serviceUnavailable
        case .cancelled, .analysisFailed: .internalServerError
        }
        self.init(status: status, code: error.code, message: error.message)
    }
}
