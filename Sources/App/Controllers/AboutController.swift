import Foundation
import Vapor

/// What answers the person: the page shows it under the chat title, so nobody mistakes the small
/// demo model for a capable one.
struct AboutController: RouteCollection {
    static let embeddedDefaultModel = "SmolLM2-135M-Instruct.Q4_1.gguf"

    func boot(routes: any RoutesBuilder) throws {
        routes.get("api", "about", use: about)
    }

    @Sendable
    func about(req: Request) async throws -> AboutResponse {
        Self.about(req.application.appConfiguration.llm)
    }

    static func about(_ llm: AppConfiguration.LLM) -> AboutResponse {
        switch llm.backend {
        case .llama:
            let file = URL(fileURLWithPath: llm.modelPath).lastPathComponent
            let isDefault = file == embeddedDefaultModel
            return AboutResponse(
                backend: llm.backend.rawValue, model: file, embeddedDefault: isDefault,
                note: isDefault
                    ? "This server runs a very small demonstration model (SmolLM2-135M): its replies are simple and can miss the point."
                    : "Replies come from the AI model \(file).")
        case .openai:
            let model = llm.openAIModel ?? "unknown"
            return AboutResponse(backend: llm.backend.rawValue, model: model, embeddedDefault: false,
                                 note: "Replies come from the AI model \(model).")
        }
    }
}
