@testable import App
import Foundation
import Vapor
import VaporTesting

/// Runs `test` against a fully configured application on its own fresh database.
func withApp(
    database: TestDatabase = .sqlite,
    services: AppServices? = nil,
    configure adjust: (inout AppConfiguration) -> Void = { _ in },
    _ test: (Application) async throws -> Void
) async throws {
    let (setting, dispose) = try await database.makeIsolated()
    var configuration = AppConfiguration()
    configuration.database = setting
    configuration.port = 0
    configuration.host = "127.0.0.1"
    // Short replies keep the suite fast; tests that need long ones raise it.
    configuration.llm.maxNewTokens = 48
    // Seeded sampling: the same prompt gets the same reply on every run, so no test depends on luck.
    configuration.llm.sampling.seed = 20_261_205
    configuration.llm.threads = 2
    // Real Bcrypt at a low work factor: the rules and the flow are the same, each hash a millisecond.
    configuration.accounts.bcryptCost = 5
    configuration.storageDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("depresso-test-\(UUID().uuidString)").path
    adjust(&configuration)

    let resolvedServices: AppServices
    if let services { resolvedServices = services } else { resolvedServices = try await AppServices.test() }
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, configuration: configuration, services: resolvedServices)
        try await test(app)
    } catch {
        try await app.asyncShutdown()
        try? await dispose()
        throw error
    }
    try await app.asyncShutdown()
    try await dispose()
    try? FileManager.default.removeItem(atPath: configuration.storageDirectory)
}
