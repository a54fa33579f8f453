import Safety
import Vapor

/// `PUT /api/me/settings` and its answer.
struct SettingsBody: Content {
    /// ISO 3166-1 alpha-2 ("DE"), or null to follow the browser's language again.
    var country: String?
}

/// `GET /api/crisis-resources`: the lines for one country, its own first, then the international ones.
struct CrisisResourcesResponse: Content {
    var country: String?
    var emergency_number: String
    var resources: [CrisisResource]
}

/// `GET /api/crisis-resources/countries`: what the page's chooser offers.
struct CrisisCountriesResponse: Content {
    struct Country: Content {
        var code: String
        var name: String
    }

    var countries: [Country]
}


