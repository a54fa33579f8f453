import Foundation
import Testing
@testable import FaceAnalysis

/// Locates the repository's `.cache` (models and media fetched by `make setup`) from this file's
/// path; symlinks are resolved so a scratch package that links these sources still finds it.
enum TestSupport {
    static let repoRoot: URL = URL(fileURLWithPath: (#filePath as NSString).resolvingSymlinksInPath)
        .deletingLastPathComponent()  // FaceAnalysisTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let modelsDirectory = repoRoot.appendingPathComponent(".cache/models")
    static let mediaDirectory = repoRoot.appendingPathComponent(".cache/media")
    static let models = FaceModelPaths(directory: modelsDirectory)

    struct MissingFixture: Error, CustomStringConvertible {
        var description: String
    }

    /// A real media file; a missing one fails the test (never skips) and says how to get it.
    static func media(_ name: String) throws -> URL {
        let url = mediaDirectory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingFixture(description: "test media \(name) is missing from \(mediaDirectory.path): run make setup")
        }
        return url
    }

    /// The shared analyzer, with its models loaded; missing models fail the test with the fix.
    static func analyzer() async throws -> FaceAnalyzer {
        let missing = models.missingFiles()
        guard missing.isEmpty else {
            throw MissingFixture(description: "models missing (\(missing.map(\.lastPathComponent).joined(separator: ", "))): run make setup")
        }
        try await shared.waitUntilReady()
        return shared
    }

    /// One analyzer for the whole test run: loading the 100 MB landmark model once is enough.
    private static let shared = FaceAnalyzer(models: models, configuration: FaceAnalyzerConfiguration(poolSize: 2))

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("face-analysis-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// JSON with sorted keys: two results are identical exactly when these bytes are.
    static func json(_ result: AnalysisResult) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(result), as: UTF8.self)
    }

    /// Runs `body` expecting a `FaceAnalysisError`, returning it.
    static func expectFailure(_ body: () async throws(FaceAnalysisError) -> AnalysisResult) async -> FaceAnalysisError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error
        }
    }
}

/// All tests that run the models, serialized: on 2 cores parallel model tests only slow each other
/// down and make timings meaningless.
@Suite("Face analysis on real models", .serialized)
struct RealModelTests {}
