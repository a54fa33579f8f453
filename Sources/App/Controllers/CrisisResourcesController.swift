import Fluent
import Safety
import Vapor

/// Help lines by country, public (a person in crisis must not need an account to see them), and
/// the signed-in person's own choice of country.
struct CrisisResourcesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let resources = routes.grouped("api", "crisis-resources")
        resources.get(use: lines)
        resources.get("countries", use: countries)
    }

    /// `?country=DE`; without it, the browser's language region, else the deployment's region.
    @Sendable
    func lines(req: Request) async throws -> CrisisResourcesResponse {
        let requested = try req.query.get(String?.self, at: "country")
        if let requested, CrisisCountry.code(requested) == nil {
            throw APIError(status: .badRequest, code: "invalid_country",
                           message: "country must be a two-letter ISO 3166 code such as DE or US.")
        }
        let directory = req.application.services.crisisResources
        let country = requested.flatMap(CrisisCountry.code)
            ?? CrisisCountry.region(acceptLanguage: req.headers.first(name: .acceptLanguage))
            ?? req.application.appConfiguration.safety.region
        return CrisisResourcesResponse(country: country, emergency_number: directory.emergencyNumber(for: country),
                                       resources: directory.resources(for: country))
    }

    @Sendable
    func countries(req: Request) async throws -> CrisisCountriesResponse {
        let codes = req.application.services.crisisResources.countries
        return CrisisCountriesResponse(countries: codes.map { .init(code: $0, name: CrisisCountry.name($0)) }
            .sorted { $0.name < $1.name })
    }
}

/// The signed-in person's settings: today, the country of their crisis lines.
struct SettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let settings = routes.grouped("api", "me", "settings")
        settings.get(use: show)
        settings.put(use: update)
    }

    @Sendable
    func show(req: Request) async throws -> SettingsBody {
        SettingsBody(country: try await account(req).country)
    }

    @Sendable
    func update(req: Request) async throws -> SettingsBody {
        let body = try req.content.decode(SettingsBody.self)
        var country: String?
        if let requested = body.country {
            guard let code = CrisisCountry.code(requested) else {
                throw APIError(status: .unprocessableEntity, code: "invalid_country",
                               message: "country must be a two-letter ISO 3166 code such as DE or US, or null.")
            }
            country = code
        }
        let account = try await account(req)
        account.country = country
        try await account.save(on: req.db)
        req.logger.info("settings updated", metadata: ["account": "\(account.id?.uuidString ?? "-")"])
        return SettingsBody(country: country)
    }

    private func account(_ req: Request) async throws -> Account {
        guard let account = try await Account.find(try req.accountID, on: req.db) else {
            throw APIError(status: .unauthorized, code: "unauthenticated", message: "Please sign in.")
        }
        return account
    }
}
