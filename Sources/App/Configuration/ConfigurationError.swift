import Foundation

/// A bad environment value. The server refuses to start and names the variable, so an operator
/// never discovers a typo from a half-working deployment.
struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    let variable: String
    let value: String
    let expected: String

    var description: String {
        "Invalid configuration: \(variable)=\"\(value)\" (expected \(expected))"
    }
}
