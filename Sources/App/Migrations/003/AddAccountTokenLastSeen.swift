import Fluent
import SQLKit

struct AddAccountTokenLastSeen: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountToken.schema).field("last_seen_at", .datetime).update()
        // Tokens from before count as last seen when they were made.
        if let sql = database as? any SQLDatabase {
            try await sql.update(AccountToken.schema).set(SQLIdentifier("last_seen_at"), to: SQLIdentifier("created_at")).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccountToken.schema).deleteField("last_seen_at").update()
    }
}
