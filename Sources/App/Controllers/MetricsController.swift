import Vapor

/// `GET /metrics`: Prometheus text exposition for a scraper. It names no person or conversation,
/// but deployments keep it off the public listener (see deploy/nginx.conf).
struct MetricsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics", use: metrics)
    }

    @Sendable
    func metrics(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: AppMetrics.exposition()))
    }
}
