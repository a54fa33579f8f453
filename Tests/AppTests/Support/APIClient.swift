@testable import App
import Chat
import Foundation
import Vapor

/// A client of the running server that behaves like one browser (it keeps the session cookie
/// it is given) or like an app (it sends a bearer token).
final class APIClient: @unchecked Sendable {
    struct Reply {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var json: JSONValue
        var body: String

        var object: [String: JSONValue] { json.object ?? [:] }
        var errorCode: String? { object["error"]?.object?["code"]?.string }
    }

    let app: Application
    let port: Int
    /// The session cookie, as a browser keeps it between requests.
    var cookie: String?
    var bearer: String?
    /// Sent as `Origin`, as a browser page does.
    var origin: String?

    init(app: Application, port: Int, origin: String? = nil) {
        self.app = app
        self.port = port
        self.origin = origin
    }

    var cookieHeader: HTTPHeaders { cookie.map { ["Cookie": "\(AccountResolver.cookieName)=\($0)"] } ?? [:] }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, json: [String: Any]? = nil, headers extra: HTTPHeaders = [:],
              body: ByteBuffer? = nil) async throws -> Reply {
        var headers = extra
        if let cookie { headers.add(name: .cookie, value: "\(AccountResolver.cookieName)=\(cookie)") }
        if let bearer { headers.bearerAuthorization = .init(token: bearer) }
        if let origin { headers.add(name: .origin, value: origin) }
        var buffer = body
        if let json {
            headers.contentType = .json
            buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        }
        let response = try await app.client.send(method, headers: headers, to: URI(string: "http://127.0.0.1:\(port)\(path)")) {
            if let buffer { $0.body = buffer }
        }
        if let set = response.headers.setCookie?[AccountResolver.cookieName] {
            cookie = set.string.isEmpty ? nil : set.string
        }
        let text = response.body.map { String(buffer: $0) } ?? ""
        return Reply(status: response.status, headers: response.headers,
                     json: (try? JSONValue(jsonString: text)) ?? .null, body: text)
    }

    func upload(_ mediaName: String, as field: String = "image") async throws -> Reply {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: try TestResources.media(mediaName)))
        let (headers, body) = MultipartBody.file(field: field, filename: mediaName, bytes: bytes)
        return try await send(.POST, "/api/analysis/\(field)", headers: headers, body: body)
    }

    /// The account the server sees for this client.
    func accountID() async throws -> UUID {
        let me = try await send(.GET, "/api/me")
        guard let id = me.object["id"]?.string.flatMap(UUID.init(uuidString:)) else {
            throw TestSetupError("GET /api/me answered \(me.status): \(me.body)")
        }
        return id
    }

    /// A chat socket carrying this client's credentials.
    func chat(query: String = "") async throws -> TestChatClient {
        var headers = cookieHeader
        if let bearer { headers.bearerAuthorization = .init(token: bearer) }
        if let origin { headers.add(name: .origin, value: origin) }
        return try await TestChatClient.connect(port: port, query: query, headers: headers)
    }
}
