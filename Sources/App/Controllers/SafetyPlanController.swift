import Fluent
import Vapor

/// The signed-in person's safety plan: written on a calm day, shown first in every crisis panel.
struct SafetyPlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let plan = routes.grouped("api", "me", "safety-plan")
        plan.get(use: show)
        plan.put(use: replace)
        plan.delete(use: remove)
    }

    /// 204 when there is none yet: not an error, a plan nobody has written.
    @Sendable
    func show(req: Request) async throws -> Response {
        guard let plan = try await SafetyPlan.dto(accountID: try req.accountID, on: req.db) else {
            return Response(status: .noContent)
        }
        return try await plan.encodeResponse(for: req)
    }

    /// Creates or replaces the plan; the whole plan is sent each time, as the page edits it.
    @Sendable
    func replace(req: Request) async throws -> SafetyPlanDTO {
        let accountID = try req.accountID
        let plan = try req.content.decode(SafetyPlanDTO.self).validated()
        let json = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        try await req.db.transaction { db in
            if let existing = try await SafetyPlan.query(on: db).filter(\.$account.$id == accountID).first() {
                existing.planJSON = json
                try await existing.save(on: db)
            } else {
                try await SafetyPlan(accountID: accountID, planJSON: json).create(on: db)
            }
        }
        req.logger.info("safety plan saved", metadata: ["account": "\(accountID)", "items": "\(plan.itemCount)"])
        return try await SafetyPlan.dto(accountID: accountID, on: req.db) ?? plan
    }

    @Sendable
    func remove(req: Request) async throws -> HTTPStatus {
        let accountID = try req.accountID
        try await SafetyPlan.query(on: req.db).filter(\.$account.$id == accountID).delete()
        req.logger.info("safety plan deleted", metadata: ["account": "\(accountID)"])
        return .noContent
    }
}

extension SafetyPlan {
    /// The account's plan as the page reads it, with the time it was last saved.
    static func dto(accountID: UUID, on database: any Database) async throws -> SafetyPlanDTO? {
        guard let record = try await SafetyPlan.query(on: database).filter(\.$account.$id == accountID).first() else { return nil }
        var plan = try JSONDecoder().decode(SafetyPlanDTO.self, from: Data(record.planJSON.utf8))
        plan.updated_at = record.updatedAt ?? record.createdAt
        return plan
    }
}
