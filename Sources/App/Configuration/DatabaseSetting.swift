import Foundation

/// Where records live: SQLite (a single file, the embedded default) or PostgreSQL.
enum DatabaseSetting: Equatable, Sendable {
    case sqlite(path: String)
    case postgres(url: String)

    /// `DATABASE_URL` absent means an SQLite file under `data/`; `postgres://` and `postgresql://`
    /// select PostgreSQL; `sqlite:///abs/path` or `sqlite://relative/path` name an SQLite file.
    static func parse(_ raw: String?, defaultSQLitePath: String) throws -> DatabaseSetting {
        guard let raw, !raw.isEmpty else { return .sqlite(path: defaultSQLitePath) }
        let invalid = ConfigurationError(
            variable: "DATABASE_URL", value: redacted(raw),
            expected: "postgres://user:password@host:port/database or sqlite:///path/to/file.sqlite")
        guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased() else {
            throw invalid
        }
        switch scheme {
        case "postgres", "postgresql":
            guard let host = components.host, !host.isEmpty, components.path.count > 1 else { throw invalid }
            return .postgres(url: raw)
        case "sqlite":
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw invalid }
            return .sqlite(path: path)
        default:
            throw invalid
        }
    }

    /// Passwords never reach logs or error messages.
    static func redacted(_ raw: String) -> String {
        guard var components = URLComponents(string: raw), components.password != nil else { return raw }
        components.password = "***"
        return components.string ?? "***"
    }
}
