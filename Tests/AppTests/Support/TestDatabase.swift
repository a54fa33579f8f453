@testable import App
import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor

/// The databases every database test runs against. PostgreSQL comes from the throwaway cluster
/// that `make test` starts (TEST_POSTGRES_URL); without it the PostgreSQL cases fail, never skip.
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A fresh, empty database for one test, and how to throw it away afterwards.
    func makeIsolated() async throws -> (setting: DatabaseSetting, dispose: @Sendable () async throws -> Void) {
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path
            return (.sqlite(path: path), {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            })
        case .postgres:
            guard let adminURL = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"] else {
                throw TestSetupError("TEST_POSTGRES_URL is not set: run the tests with `make test`, which starts PostgreSQL")
            }
            try await Self.runAdmin(adminURL, "CREATE DATABASE \(name)")
            var components = URLComponents(string: adminURL)!
            components.path = "/\(name)"
            return (.postgres(url: components.string!), {
                try await Self.runAdmin(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            })
        }
    }

    private static func runAdmin(_ url: String, _ statement: String) async throws {
        let app = try await Application.make(.testing)
        do {
            app.databases.use(try .postgres(url: url), as: .psql)
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
