import Fluent
import SQLKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor

/// Wires the application from a configuration. Tests call this with their own configuration and
/// test services, so the router they drive is the production one.
func configure(_ app: Application, configuration: AppConfiguration, services: AppServices? = nil) async throws {
    app.appConfiguration = configuration
    AppMetrics.bootstrap()
    app.http.server.configuration.hostname = configuration.host
    app.http.server.configuration.port = configuration.port
    // Quiescing waits for the chat sockets, which stay open for the shutdown grace period.
    app.http.server.configuration.shutdownTimeout = .seconds(Int64(configuration.shutdownGraceSeconds) + 15)

    try configureDatabase(app, configuration.database)
    if case .sqlite = configuration.database, let sql = app.db as? any SQLDatabase {
        // Write-ahead logging: readers never wait for the writer, and a commit is one append
        // instead of a rollback journal's several syncs. The mode is stored in the file.
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
    app.migrations.add(Migrations.all)
    try await app.autoMigrate()

    app.middleware = Middlewares()
    app.middleware.use(CORSMiddleware(configuration: .init(
        allowedOrigin: .any(configuration.corsAllowedOrigins),
        allowedMethods: [.GET, .POST, .PUT, .OPTIONS, .DELETE, .PATCH],
        allowedHeaders: [.accept, .authorization, .contentType, .origin, .xRequestedWith],
        allowCredentials: true
    )), at: .beginning)
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(APIErrorMiddleware())
    // The web page under Public/: served as files, no build step.
    let publicDirectory = configuration.publicDirectory.hasPrefix("/")
        ? configuration.publicDirectory : app.directory.workingDirectory + configuration.publicDirectory
    app.middleware.use(FileMiddleware(publicDirectory: publicDirectory, defaultFile: "index.html"))

    if let services {
        app.services = services
    } else {
        app.services = try await AppServices.live(app: app, configuration: configuration)
    }
    let sharedDatabase: (any SQLDatabase)? = if case .postgres = configuration.database { app.db as? any SQLDatabase } else { nil }
    app.rateLimits = RateLimits(configuration.rateLimits, chatMessagesPerSocketPerMinute: configuration.chat.messagesPerMinute,
                                shared: sharedDatabase, logger: app.logger)
    app.passwords.use(.bcrypt(cost: configuration.accounts.bcryptCost))
    app.decoyPasswordHash = try Bcrypt.hash(AccountResolver.newToken(), cost: configuration.accounts.bcryptCost)
    app.lifecycle.use(ChatConnectionsLifecycle())
    app.lifecycle.use(HousekeepingLifecycle())
    try routes(app)
}

private func configureDatabase(_ app: Application, _ setting: DatabaseSetting) throws {
    switch setting {
    case .sqlite(let path):
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
    case .postgres(let url):
        app.databases.use(try .postgres(url: url), as: .psql)
    }
}

extension Application {
    /// A value `configure(_:)` stores before any route runs; reading it earlier is a bug.
    func configured<Key: StorageKey>(_ key: Key.Type) -> Key.Value {
        guard let value = storage[key] else { fatalError("configure(_:) has not run") }
        return value
    }

    private struct ConfigurationKey: StorageKey {
        typealias Value = AppConfiguration
    }

    /// The configuration the application was started with.
    var appConfiguration: AppConfiguration {
        get { configured(ConfigurationKey.self) }
        set { storage[ConfigurationKey.self] = newValue }
    }
}
