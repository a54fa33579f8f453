import Fluent
import SQLKit
import Vapor

/// Liveness and readiness for load balancers and operators.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("ready", use: ready)
    }

    @Sendable
    func health(req: Request) async throws -> HealthResponse {
        HealthResponse(status: "ok")
    }

    /// 200 when the database answers and every model is loaded, 503 naming what is not.
    @Sendable
    func ready(req: Request) async throws -> Response {
        var components: [String: ReadinessResponse.Component] = [:]
        components["database"] = await databaseStatus(req.db)
        for check in req.application.services.readinessChecks {
            components[check.name] = await check.status()
        }
        let body = ReadinessResponse(ready: components.values.allSatisfy(\.ready), components: components)
        let response = try await body.encodeResponse(for: req)
        response.status = body.ready ? .ok : .serviceUnavailable
        return response
    }

    private func databaseStatus(_ database: any Database) async -> ReadinessResponse.Component {
        guard let sql = database as? any SQLDatabase else {
            return .init(ready: false, detail: "database does not speak SQL")
        }
        do {
            try await sql.raw("SELECT 1").run()
            return .init(ready: true, detail: "\(sql.dialect.name) reachable")
        } catch {
            return .init(ready: false, detail: "\(sql.dialect.name) unreachable")
        }
    }
}
