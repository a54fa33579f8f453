import Fluent
import Foundation

/// The owner of every record. A guest account is created for a visitor with no credentials, so
/// that even an anonymous person's conversations and analyses belong to someone and to nobody else.
final class Account: Model, @unchecked Sendable {
    static let schema = "accounts"

    enum Kind: String, Codable, Sendable {
        case guest
        case registered
    }

    @ID(key: .id) var id: UUID?
    @Enum(key: "kind") var kind: Kind
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// ISO 3166-1 alpha-2 code of the country whose crisis lines the person sees; nil: from the
    /// browser's language, else the deployment's `CRISIS_REGION`.
    @OptionalField(key: "country") var country: String?

    init() {}

    init(id: UUID? = nil, kind: Kind) {
        self.id = id
        self.kind = kind
    }
}
