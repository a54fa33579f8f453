@testable import App
import Chat
import Fluent
import Foundation
import Safety
import Testing
import Vapor

/// Help lines where the person is (issue 18): by chosen country, else the browser's language.
@Suite("Crisis lines by country", .serialized)
struct CrisisResourcesTests {
    @Test("at least 30 countries have a line of their own, each listed with its name")
    func countries() async throws {
        try await withRunningApp { app, port in
            let reply = try await APIClient(app: app, port: port).send(.GET, "/api/crisis-resources/countries")
            #expect(reply.status == .ok)
            let countries = try #require(reply.object["countries"]?.array).compactMap(\.object)
            #expect(countries.count >= 30)
            #expect(countries.contains { $0["code"]?.string == "DE" && $0["name"]?.string == "Germany" })
            #expect(countries.contains { $0["code"]?.string == "IN" })
            #expect(countries.contains { $0["code"]?.string == "BR" })
        }
    }

    @Test("a country's own line comes first, then its emergency number and the international directory")
    func germany() async throws {
        try await withRunningApp { app, port in
            let client = APIClient(app: app, port: port)
            let reply = try await client.send(.GET, "/api/crisis-resources?country=de")
            #expect(reply.status == .ok)
            #expect(reply.object["country"]?.string == "DE")
            #expect(reply.object["emergency_number"]?.string == "112")
            let resources = try #require(reply.object["resources"]?.array).compactMap(\.object)
            #expect(resources.first?["name"]?.string == "TelefonSeelsorge")
            #expect(resources.first?["phone"]?.string == "0800 111 0 111")
            #expect(resources.contains { $0["url"]?.string == "https://findahelpline.com" })
            #expect(!resources.contains { $0["phone"]?.string == "988" })
            // Japan: its own emergency number, and a line with limited hours says so.
            let japan = try await client.send(.GET, "/api/crisis-resources?country=JP")
            #expect(japan.object["emergency_number"]?.string == "119")
            #expect(try #require(japan.object["resources"]?.array).contains { $0.object?["hours"]?.string != nil })
            // Without a country: the browser's language region.
            let brazil = try await client.send(.GET, "/api/crisis-resources", headers: ["Accept-Language": "pt-BR,pt;q=0.9,en;q=0.5"])
            #expect(brazil.object["country"]?.string == "BR")
            #expect(try #require(brazil.object["resources"]?.array).first?.object?["phone"]?.string == "188")
            for bad in ["DEU", "1", "ZZ"] {
                let refused = try await client.send(.GET, "/api/crisis-resources?country=\(bad)")
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(refused.object["error"]?.object?["code"]?.string == "invalid_country")
            }
        }
    }

    @Test("a chosen country is kept with the account, exported, and its lines reach the chat's crisis panel",
          arguments: TestDatabase.allCases)
    func chosenCountryInChat(database: TestDatabase) async throws {
        let services = try await AppServices.test().with(chatModel: ScriptedChatModel(tokens: ["Hi", "."]))
        try await withRunningApp(database: database, services: services) { app, port in
            let browser = APIClient(app: app, port: port)
            #expect(try await browser.send(.GET, "/api/me/settings").object["country"]?.string == nil)
            let saved = try await browser.send(.PUT, "/api/me/settings", json: ["country": "DE"])
            #expect(saved.status == .ok)
            #expect(saved.object["country"]?.string == "DE")
            let refused = try await browser.send(.PUT, "/api/me/settings", json: ["country": "Germany"])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await browser.send(.GET, "/api/me/export").object["account"]?.object?["country"]?.string == "DE")

            let socket = try await browser.chat()
            _ = try await socket.next()
            try await socket.send(["type": "chat_message", "content": "I want to kill myself"])
            let reply = try await socket.collectReply()
            let fixed = try #require(reply.first { $0["type"]?.string == "streaming_response" }?["partial_content"]?.string)
            #expect(fixed.contains("112"))
            #expect(fixed.contains("TelefonSeelsorge"))
            #expect(!fixed.contains("988"))
            let support = try #require(reply.first { $0["type"]?.string == "crisis_support" })
            let names = try #require(support["resources"]?.array).compactMap { $0.object?["name"]?.string }
            #expect(names.first == "TelefonSeelsorge")
            try await socket.close()

            // Clearing it: the browser's language decides again.
            #expect(try await browser.send(.PUT, "/api/me/settings", json: ["country": NSNull()]).object["country"]?.string == nil)
        }
    }
}
