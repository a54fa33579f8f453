import Logging
import Vapor

@main
enum Entrypoint {
    static func main() async throws {
        var environment = try Environment.detect()
        try LoggingSystem.bootstrap(from: &environment)

        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration.load()
        } catch let error as ConfigurationError {
            // Refuse to start at all rather than serve with a value nobody meant.
            Logger(label: "depressoassist.config").critical("\(error.description)")
            exit(78)  // EX_CONFIG
        }

        let app = try await Application.make(environment)
        do {
            try await configure(app, configuration: configuration)
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
