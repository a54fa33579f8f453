@testable import App
import Chat
import FaceAnalysis
import Fluent
import Foundation
import Testing
import Vapor

/// Uploads through the real router and a real HTTP client, analysed by the real face models.
@Suite("Analysis endpoints", .serialized)
struct AnalysisEndpointTests {
    struct Upload {
        var status: HTTPResponseStatus
        var json: [String: JSONValue]
        var cookie: String?
    }

    static func upload(_ app: Application, port: Int, path: String = "image", field: String = "image",
                       filename: String = "selfie.jpg", bytes: Data, cookie: String? = nil) async throws -> Upload {
        let (headers, body) = MultipartBody.file(field: field, filename: filename, bytes: bytes)
        return try await send(app, port: port, path: path, headers: headers, body: body, cookie: cookie)
    }

    static func send(_ app: Application, port: Int, path: String, headers: HTTPHeaders, body: ByteBuffer,
                     cookie: String? = nil) async throws -> Upload {
        var headers = headers
        if let cookie { headers.add(name: .cookie, value: cookie) }
        let response = try await app.client.post(URI(string: "http://127.0.0.1:\(port)/api/analysis/\(path)"),
                                                 headers: headers) { $0.body = body }
        let text = response.body.map { String(buffer: $0) } ?? ""
        let json = (try? JSONValue(jsonString: text))?.object ?? [:]
        let cookie = response.headers.setCookie?[AccountResolver.cookieName].map { "\(AccountResolver.cookieName)=\($0.string)" }
        return Upload(status: response.status, json: json, cookie: cookie)
    }

    static func media(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: try TestResources.media(name)))
    }

    @Test("a selfie is analysed, stored for its owner, its raw media deleted, and served over the socket",
          arguments: TestDatabase.allCases)
    func selfie(database: TestDatabase) async throws {
        try await withRunningApp(database: database) { app, port in
            let result = try await Self.upload(app, port: port, bytes: try Self.media("astronaut.png"))
            #expect(result.status == .ok)
            #expect(result.json["success"]?.bool == true)
            let fileID = try #require(result.json["file_id"]?.string.flatMap(UUID.init(uuidString:)))
            #expect(result.json["analysis_id"]?.string.flatMap(UUID.init(uuidString:)) != nil)
            let analysis = try #require(result.json["analysis_result"]?.object)
            for key in ["depression_indicators", "emotional_analysis", "mood_analysis", "risk_level", "recommendations"] {
                #expect(analysis[key] != nil, "missing \(key)")
            }
            let indicators = try #require(analysis["depression_indicators"]?.object)
            for key in ["facial_expression", "eye_contact", "micro_expressions", "overall_score"] {
                #expect(indicators.keys.contains(key), "missing \(key)")
            }
            // Expressivity needs motion: a single image cannot measure it, and says so.
            #expect(indicators["micro_expressions"] == .null)
            #expect(analysis["unmeasured"]?.array?.isEmpty == false)
            #expect(analysis["emotional_analysis"]?.object?["dominant_emotion"]?.string == "happy")

            // Stored for the guest account the cookie names; the raw media is gone.
            let cookie = try #require(result.cookie)
            let record = try #require(try await MediaAnalysis.query(on: app.db).filter(\.$fileID == fileID).first())
            #expect(record.storedPath == nil)
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: app.appConfiguration.storageDirectory)) ?? []
            #expect(leftovers.isEmpty)

            // The same browser asks over the socket; a different visitor cannot see it.
            let owner = try await TestChatClient.connect(port: port, headers: ["Cookie": cookie])
            _ = try await owner.next()
            try await owner.send(["type": "analysis_request", "file_id": fileID.uuidString, "file_type": "image"])
            let answer = try await owner.next()
            #expect(answer["type"]?.string == "analysis_result")
            #expect(answer["analysis"]?.object == analysis)

            let stranger = try await TestChatClient.connect(port: port)
            _ = try await stranger.next()
            try await stranger.send(["type": "analysis_request", "file_id": fileID.uuidString, "file_type": "image"])
            #expect(try await stranger.next()["code"]?.string == "analysis_not_found")
            try await owner.close()
            try await stranger.close()
        }
    }

    @Test("a short video is analysed over time")
    func video() async throws {
        try await withRunningApp { app, port in
            let result = try await Self.upload(app, port: port, path: "video", field: "video", filename: "clip.mp4",
                                               bytes: try Self.media("single_face.mp4"))
            #expect(result.status == .ok)
            let analysis = try #require(result.json["analysis_result"]?.object)
            let measurements = try #require(analysis["measurements"]?.object)
            let framesWithFace = try #require(measurements["frames_with_face"]?.number ?? measurements["video"]?.object?["frames_with_face"]?.number)
            #expect(framesWithFace > 0)
            #expect(analysis["depression_indicators"]?.object?["micro_expressions"]?.number != nil)
        }
    }

    @Test("bad uploads get clear errors, and the server keeps serving and keeps what it stored")
    func badUploads() async throws {
        try await withRunningApp(configure: { $0.maxUploadBytes = 2 * 1024 * 1024 }) { app, port in
            let good = try await Self.upload(app, port: port, bytes: try Self.media("single_face.jpg"))
            #expect(good.status == .ok)
            let jpeg = try Self.media("single_face.jpg")
            let mp4 = try Self.media("single_face.mp4")

            let cases: [(String, String, String, Data, HTTPResponseStatus, String)] = [
                ("image", "image", "notes.jpg", Data("I am not a picture, just some words.\n".utf8), .unsupportedMediaType, "unsupported_media_type"),
                ("image", "image", "half.jpg", jpeg.prefix(jpeg.count / 3), .unprocessableEntity, "unreadable_media"),
                ("image", "image", "empty.jpg", Data(), .unprocessableEntity, "unreadable_media"),
                ("image", "image", "huge.png", Self.hugePNG(width: 20_000, height: 20_000), .unprocessableEntity, "image_too_large"),
                ("image", "image", "landscape.jpg", try Self.media("free-mountain-vector-01.jpg"), .unprocessableEntity, "no_face_detected"),
                ("image", "photo", "selfie.jpg", jpeg, .badRequest, "missing_field"),
                ("image", "image", "clip.mp4", mp4, .unsupportedMediaType, "wrong_media_kind"),
                ("video", "video", "half.mp4", mp4.prefix(mp4.count / 4), .unprocessableEntity, "unreadable_media"),
                ("video", "video", "noface.mp4", try Self.media("no_face.mp4"), .unprocessableEntity, "no_face_detected"),
                ("image", "image", "big.jpg", Data(count: 3 * 1024 * 1024), .payloadTooLarge, "file_too_large"),
            ]
            for (path, field, filename, bytes, status, code) in cases {
                let result = try await Self.upload(app, port: port, path: path, field: field, filename: filename, bytes: bytes)
                #expect(result.status == status, "\(filename)")
                #expect(result.json["success"]?.bool == false, "\(filename)")
                #expect(result.json["error"]?.object?["code"]?.string == code, "\(filename): \(result.json)")
                #expect(result.json["error"]?.object?["message"]?.string?.isEmpty == false)
            }

            let notMultipart = try await Self.send(app, port: port, path: "image", headers: ["Content-Type": "image/jpeg"],
                                                   body: ByteBuffer(data: jpeg))
            #expect(notMultipart.status == .unsupportedMediaType)
            #expect(notMultipart.json["error"]?.object?["code"]?.string == "expected_multipart")

            #expect(try await MediaAnalysis.query(on: app.db).count() == 1)
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: app.appConfiguration.storageDirectory)) ?? []
            #expect(leftovers.isEmpty)
            let health = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/health"))
            #expect(health.status == .ok)
        }
    }

    @Test("a path trick in the file name is ignored: media is kept only under a generated name")
    func generatedNames() async throws {
        try await withRunningApp(configure: { $0.mediaRetention = .keep }) { app, port in
            let result = try await Self.upload(app, port: port, filename: "../../etc/passwd.jpg",
                                               bytes: try Self.media("single_face.jpg"))
            #expect(result.status == .ok)
            let fileID = try #require(result.json["file_id"]?.string)
            let stored = try FileManager.default.contentsOfDirectory(atPath: app.appConfiguration.storageDirectory)
            #expect(stored == ["\(fileID.lowercased()).upload"])
            let record = try #require(try await MediaAnalysis.query(on: app.db).first())
            #expect(record.storedPath?.hasPrefix(app.appConfiguration.storageDirectory) == true)
            #expect(record.storedPath?.contains("passwd") == false)
        }
    }

    @Test("with media kept, failed uploads leave no file, and erasing the account leaves none at all",
          arguments: TestDatabase.allCases)
    func keptMediaErased(database: TestDatabase) async throws {
        try await withRunningApp(database: database, configure: { $0.mediaRetention = .keep }) { app, port in
            let storage = app.appConfiguration.storageDirectory
            let first = try await Self.upload(app, port: port, bytes: try Self.media("single_face.jpg"))
            #expect(first.status == .ok)
            let cookie = try #require(first.cookie)
            for (path, name, status) in [("image", "free-mountain-vector-01.jpg", HTTPStatus.unprocessableEntity),
                                         ("video", "single_face.jpg", .unsupportedMediaType),
                                         ("image", "no_face.mp4", .unsupportedMediaType)] {
                let failed = try await Self.upload(app, port: port, path: path, field: path, bytes: try Self.media(name), cookie: cookie)
                #expect(failed.status == status, "\(name)")
            }
            // Only the stored analysis keeps its file.
            #expect(try FileManager.default.contentsOfDirectory(atPath: storage).count == 1)
            let erase = try await app.client.delete(URI(string: "http://127.0.0.1:\(port)/api/me"),
                                                    headers: ["Cookie": cookie, "Origin": "http://localhost:3000"])
            #expect(erase.status == .ok || erase.status == .noContent)
            #expect(try FileManager.default.contentsOfDirectory(atPath: storage).isEmpty)
        }
    }

    /// A valid PNG header claiming `width` x `height` with one tiny IDAT: decoding it would need
    /// gigabytes, so the server must refuse it from the header alone.
    static func hugePNG(width: UInt32, height: UInt32) -> Data {
        func chunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + payload
            return UInt32(payload.count).bigEndianBytes + body + crc32(body).bigEndianBytes
        }
        let header = width.bigEndianBytes + height.bigEndianBytes + [8, 2, 0, 0, 0]
        let idat: [UInt8] = [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]
        let bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", idat) + chunk("IEND", [])
        return Data(bytes)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}

private extension UInt32 {
    var bigEndianBytes: [UInt8] { [UInt8(self >> 24), UInt8(self >> 16 & 0xFF), UInt8(self >> 8 & 0xFF), UInt8(self & 0xFF)] }
}

/// The real analyzer, with its verdict raised to high: no photo in the test media reads as
/// high risk, and the response to one must be gentle and point to help.
struct HighRiskAnalyzer: FaceAnalyzing {
    let base: any FaceAnalyzing

    var isReady: Bool { base.isReady }

    func analyzeImage(at url: URL) async throws(FaceAnalysisError) -> AnalysisResult {
        var result = try await base.analyzeImage(at: url)
        result.riskLevel = .high
        return result
    }

    func analyzeVideo(at url: URL, sampling: VideoSampling) async throws(FaceAnalysisError) -> AnalysisResult {
        try await base.analyzeVideo(at: url, sampling: sampling)
    }
}

@Suite("Analysis with high risk", .serialized)
struct HighRiskAnalysisTests {
    @Test("a high-risk analysis says so gently, points to resources, and is recorded")
    func highRisk() async throws {
        var services = try await AppServices.test()
        services.faceAnalyzer = HighRiskAnalyzer(base: services.faceAnalyzer)
        try await withRunningApp(services: services) { app, port in
            let result = try await AnalysisEndpointTests.upload(app, port: port, bytes: try AnalysisEndpointTests.media("single_face.jpg"))
            #expect(result.status == .ok)
            let support = try #require(result.json["support"]?.object)
            let message = try #require(support["message"]?.string)
            #expect(message.contains("not a diagnosis"))
            #expect(message.contains("please call 911"))
            #expect(support["resources"]?.array?.contains { $0.object?["phone"]?.string == "988" } == true)
            let events = try await RiskEvent.query(on: app.db).filter(\.$source == .analysis).all()
            #expect(events.map(\.categories) == ["analysis_high_risk"])
        }
    }
}
