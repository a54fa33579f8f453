import Vapor

/// The application's dependencies on the outside world, each a small client with a live value
/// (real llama.cpp, real OpenCV) and a test value where a test needs to observe it.
struct AppServices: Sendable {
    var readinessChecks: [ReadinessCheck]

    static func live(app: Application, configuration: AppConfiguration) async throws -> AppServices {
        AppServices(readinessChecks: [])
    }
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = AppServices
    }

    var services: AppServices {
        get {
            guard let value = storage[ServicesKey.self] else { fatalError("configure(_:) has not run") }
            return value
        }
        set { storage[ServicesKey.self] = newValue }
    }
}
