@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

/// `/metrics` through the real router: Prometheus text that moves with requests, chats and
/// crisis events. The registry is per process and other suites may run beside these, so the
/// tests compare before and after, and allow for others' traffic (at least, never exactly).
@Suite("Prometheus metrics", .serialized)
struct MetricsTests {
    /// The sum of the samples whose name and labels start with `prefix` (0 when absent).
    private static func value(_ text: String, _ prefix: String) -> Double {
        text.split(separator: "\n").filter { $0.hasPrefix(prefix) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    private static func scrape(_ app: Application) async throws -> String {
        var text = ""
        try await app.testing().test(.GET, "metrics") { res async throws in
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.description.hasPrefix("text/plain") == true)
            text = res.body.string
        }
        return text
    }

    @Test("HTTP requests are counted by route and status")
    func httpRequests() async throws {
        try await withApp { app in
            let metric = "http_requests_total{method=\"GET\",path=\"/health\",status=\"200\"}"
            let before = Self.value(try await Self.scrape(app), metric)
            try await app.testing().test(.GET, "health") { res async throws in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "health") { res async throws in #expect(res.status == .ok) }
            let after = try await Self.scrape(app)
            #expect(Self.value(after, metric) >= before + 2)
            #expect(after.contains("# TYPE http_request_duration_seconds histogram"))
        }
    }

    @Test("a chat moves the connection gauge, the reply histograms and the crisis counter")
    func chat() async throws {
        let model = PacedChatModel(tokens: ["I ", "hear ", "you."], interval: .milliseconds(10))
        let services = try await AppServices.test().with(chatModel: model)
        try await withRunningApp(services: services) { app, port in
            let connections = AppMetrics.Name.websocketConnections
            let ttftCount = AppMetrics.Name.timeToFirstToken + "_count"
            let finished = AppMetrics.Name.generations + "{outcome=\"finished\"}"
            let crisis = AppMetrics.Name.crisisEvents + "{"
            let before = try await Self.scrape(app)

            let client = try await TestChatClient.connect(port: port)
            _ = try await client.next()
            let open = try await Self.scrape(app)
            #expect(Self.value(open, connections + " ") >= 1)

            try await client.sendChat("Hello, I had a long day.")
            _ = try await client.collectReply(timeout: .seconds(20))
            try await client.sendChat("I want to kill myself tonight.")
            _ = try await client.collect(until: { $0["type"]?.string == "crisis_support" }, timeout: .seconds(20))
            try await client.close()

            let after = try await Self.scrape(app)
            #expect(after.contains("# TYPE \(connections) gauge"))
            #expect(after.contains("# TYPE \(AppMetrics.Name.queueLength) gauge"))
            #expect(Self.value(after, ttftCount) >= Self.value(before, ttftCount) + 1)
            #expect(Self.value(after, finished) >= Self.value(before, finished) + 1)
            #expect(Self.value(after, AppMetrics.Name.tokensPerSecond + "_count") >= 1)
            #expect(Self.value(after, crisis) >= Self.value(before, crisis) + 1)
        }
    }

    @Test("a finished and a cancelled reply each leave the queue and in-flight gauges as they found them")
    func gaugesBalance() async throws {
        // Distinct words and no sentence end: nothing ends the reply early but its length cap.
        let model = PacedChatModel(tokens: (0..<400).map { "word\($0) " }, interval: .milliseconds(5))
        let services = try await AppServices.test().with(chatModel: model)
        try await withRunningApp(services: services) { app, port in
            let finished = AppMetrics.Name.generations + "{outcome=\"finished\"}"
            let cancelled = AppMetrics.Name.generations + "{outcome=\"cancelled\"}"
            let gauges = [AppMetrics.Name.queueLength + " ", AppMetrics.Name.generationsInFlight + " "]
            let before = try await Self.scrape(app)

            let client = try await TestChatClient.connect(port: port)
            _ = try await client.next()
            try await client.sendChat("Hello, I had a long day.")
            _ = try await client.collectReply(timeout: .seconds(20))
            // The second reply is cut off by the person leaving after its first token.
            try await client.sendChat("Tell me something calming.")
            _ = try await client.collect(until: { $0["type"]?.string == "streaming_response" }, timeout: .seconds(20))
            try await client.close()
            await app.chatConnections.waitUntilClosed(total: 1)

            let after = try await Self.scrape(app)
            #expect(Self.value(after, finished) >= Self.value(before, finished) + 1)
            #expect(Self.value(after, cancelled) >= Self.value(before, cancelled) + 1)
            for gauge in gauges {
                #expect(Self.value(after, gauge) == Self.value(before, gauge), "\(gauge)")
            }
        }
    }
}
