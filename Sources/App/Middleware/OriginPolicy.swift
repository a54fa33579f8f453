import Vapor

/// Which browser origins may act with this site's cookie: the configured frontend origins and
/// the server's own page (same origin). A request without Origin comes from a client that is not
/// a browser page (an app, a script, a test) and is allowed; it authenticates by bearer token
/// or carries no cookie a page could abuse.
struct OriginPolicy: Sendable {
    var allowedOrigins: [String]

    func allows(_ request: Request) -> Bool {
        guard let origin = request.headers.first(name: .origin) else { return true }
        if allowedOrigins.contains(origin) { return true }
        return Self.isSameOrigin(origin, host: request.headers.first(name: .host))
    }

    /// `Origin: http://example.org:8000` with `Host: example.org:8000`. Behind a TLS proxy the
    /// scheme differs, so only host and port are compared.
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, !host.isEmpty, let components = URLComponents(string: origin),
              let originHost = components.host else { return false }
        let originAuthority = components.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() == host.lowercased()
    }
}
