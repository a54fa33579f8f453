@testable import App

extension AppServices {
    /// Services for tests that do not exercise the models.
    static var test: AppServices {
        AppServices(readinessChecks: [])
    }
}
