import Fluent
import Safety
import Vapor

extension Request {
    /// The country whose help lines this person sees: their choice, else their browser's
    /// language, else the deployment's `CRISIS_REGION`.
    func crisisRegion(accountID: UUID) async throws -> String {
        if let chosen = try await Account.find(accountID, on: db)?.country { return chosen }
        return CrisisCountry.region(acceptLanguage: headers.first(name: .acceptLanguage))
            ?? application.appConfiguration.safety.region
    }

    /// Help lines for where the person is and their own safety plan, with `message` written for
    /// those lines (PHQ-9 item 9, a high-risk analysis).
    func personalSupport(accountID: UUID, message: ([CrisisResource]) -> String) async throws -> AnalysisResponse.Support {
        let resources = application.services.crisisResources.resources(for: try await crisisRegion(accountID: accountID))
        return AnalysisResponse.Support(message: message(resources), resources: resources,
                                        safety_plan: try await SafetyPlan.dto(accountID: accountID, on: db))
    }
}
