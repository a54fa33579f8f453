import Fluent
import Foundation

/// A person's own Stanley-Brown safety plan, written on a calm day to be read on a bad one. One
/// per account, stored as the JSON the person sent (after validation), never logged.
final class SafetyPlan: Model, @unchecked Sendable {
    static let schema = "safety_plans"

    @ID(key: .id) var id: UUID?
    @Parent(key: "account_id") var account: Account
    @Field(key: "plan_json") var planJSON: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(accountID: UUID, planJSON: String) {
        self.$account.id = accountID
        self.planJSON = planJSON
    }
}
