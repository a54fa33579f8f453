@testable import App
import Testing
import VaporTesting

@Suite("Health and readiness")
struct HealthTests {
    @Test("/health answers while the process lives", arguments: TestDatabase.allCases)
    func health(database: TestDatabase) async throws {
        try await withApp(database: database) { app in
            try await app.testing().test(.GET, "health") { res async throws in
                #expect(res.status == .ok)
                #expect(try res.content.decode(HealthResponse.self).status == "ok")
            }
        }
    }

    @Test("/ready is 200 when every component is ready", arguments: TestDatabase.allCases)
    func ready(database: TestDatabase) async throws {
        try await withApp(database: database) { app in
            try await app.testing().test(.GET, "ready") { res async throws in
                #expect(res.status == .ok)
                let body = try res.content.decode(ReadinessResponse.self)
                #expect(body.ready)
                #expect(body.components["database"]?.ready == true)
            }
        }
    }

    @Test("/api/about says plainly when the small demonstration model answers, and names any other")
    func about() async throws {
        try await withRunningApp { app, port in
            let res = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/api/about"))
            #expect(res.status == .ok)
            let body = try res.content.decode(AboutResponse.self)
            #expect(body.embeddedDefault)
            #expect(body.model == "SmolLM2-135M-Instruct.Q4_1.gguf")
            #expect(body.note.contains("very small demonstration model"))
            // It needs no account and makes none: no session cookie comes back.
            #expect(res.headers.setCookie == nil)
        }
        var llm = AppConfiguration.LLM()
        llm.modelPath = "/srv/models/gemma-2-2b-it-Q4_K_M.gguf"
        #expect(AboutController.about(llm) == AboutResponse(backend: "llama", model: "gemma-2-2b-it-Q4_K_M.gguf",
                                                            embeddedDefault: false, note: "Replies come from the AI model gemma-2-2b-it-Q4_K_M.gguf."))
        llm.backend = .openai
        llm.openAIModel = "gemma2:2b"
        #expect(AboutController.about(llm).note == "Replies come from the AI model gemma2:2b.")
    }

    @Test("/ready is 503 naming the component that is not ready")
    func notReady() async throws {
        var services = try await AppServices.test()
        services.extraReadinessChecks = [ReadinessCheck(name: "storage") { .init(ready: false, detail: "disk full") }]
        try await withApp(services: services) { app in
            try await app.testing().test(.GET, "ready") { res async throws in
                #expect(res.status == .serviceUnavailable)
                let body = try res.content.decode(ReadinessResponse.self)
                #expect(body.ready == false)
                #expect(body.components["storage"]?.ready == false)
                #expect(body.components["language_model"]?.ready == true)
                #expect(body.components["face_models"]?.ready == true)
                #expect(body.components["database"]?.ready == true)
            }
        }
    }

    @Test("CORS allows the configured frontend origin with credentials")
    func cors() async throws {
        try await withApp { app in
            try await app.testing().test(.OPTIONS, "health", headers: [
                "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
            ]) { res async in
                #expect(res.headers.first(name: "Access-Control-Allow-Origin") == "http://localhost:3000")
                #expect(res.headers.first(name: "Access-Control-Allow-Credentials") == "true")
            }
            try await app.testing().test(.GET, "health", headers: ["Origin": "http://evil.example"]) { res async in
                #expect(res.headers.first(name: "Access-Control-Allow-Origin") != "http://evil.example")
            }
        }
    }
}
