import Fluent

/// The country whose crisis lines a person sees, chosen by them (ISO 3166-1 alpha-2).
struct AddAccountCountry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Account.schema).field("country", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Account.schema).deleteField("country").update()
    }
}
