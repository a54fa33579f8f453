import Foundation
import Testing

/// The real models and media `make setup` places under `.cache`. A missing file fails the test
/// with the command that fetches it; nothing is skipped.
enum TestResources {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var modelsDirectory: String { repositoryRoot.appendingPathComponent(".cache/models").path }

    static func model(_ name: String) throws -> String {
        try existing(repositoryRoot.appendingPathComponent(".cache/models/\(name)").path)
    }

    static func media(_ name: String) throws -> String {
        try existing(repositoryRoot.appendingPathComponent(".cache/media/\(name)").path)
    }

    static var llamaServer: String {
        get throws { try existing(repositoryRoot.appendingPathComponent(".cache/llama.cpp/bin/llama-server").path) }
    }

    private static func existing(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TestSetupError("\(path) is missing: run `make setup` first")
        }
        return path
    }
}
