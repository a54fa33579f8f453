import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-shot HTTP/1.1 peer on 127.0.0.1 that answers every connection with a scripted sequence of
/// writes and pauses, then closes. It lets the OpenAI backend be tested against real sockets for
/// what a real server does only by accident: odd chunk boundaries, errors, stalls and drops.
final class ScriptedHTTPServer: @unchecked Sendable {
    enum Step: Sendable {
        case write(String)
        case writeBytes([UInt8])
        case pause(Duration)
    }

    let port: UInt16
    private let listener: Int32
    private let script: [Step]
    private let requests = LockedRequests()
    private let acceptLoopExited = DispatchSemaphore(value: 0)

    init(script: [Step]) throws {
        self.script = script
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Request texts received so far (head and body).
    var receivedRequests: [String] { requests.all }

    /// Stops accepting and waits until the listening socket is closed. Only the accept thread
    /// closes it, so its descriptor cannot be reused by another socket while that thread uses it.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        acceptLoopExited.wait()
    }

    /// An SSE response head for a 200 stream delimited by connection close.
    static func eventStreamHead(status: String = "200 OK", contentType: String = "text/event-stream") -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nConnection: close\r\n\r\n"
    }

    /// One OpenAI streaming chunk carrying `content`.
    static func delta(_ content: String, finish: String? = nil) -> String {
        let text = String(data: try! JSONSerialization.data(withJSONObject: [content]), encoding: .utf8)!
        let escaped = String(text.dropFirst().dropLast())
        let reason = finish.map { "\"\($0)\"" } ?? "null"
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\(escaped)},\"finish_reason\":\(reason)}]}\n\n"
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                close(listener)
                acceptLoopExited.signal()
                return
            }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        // Read the head, then as much body as Content-Length announces.
        while true {
            let count = read(client, &buffer, buffer.count)
            guard count > 0 else { return }
            received.append(contentsOf: buffer[..<count])
            let text = String(decoding: received, as: UTF8.self)
            guard let headEnd = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<headEnd.lowerBound].lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if text.utf8.count - text[..<headEnd.upperBound].utf8.count >= length { break }
        }
        requests.append(String(decoding: received, as: UTF8.self))
        for step in script {
            switch step {
            case .write(let text):
                guard write(Array(text.utf8), to: client) else { return }
            case .writeBytes(let bytes):
                guard write(bytes, to: client) else { return }
            case .pause(let duration):
                Thread.sleep(forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18)
            }
        }
    }

    private func write(_ bytes: [UInt8], to client: Int32) -> Bool {
        bytes.withUnsafeBytes { send(client, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) } >= 0
    }
}

private final class LockedRequests: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [String] = []

    func append(_ request: String) {
        lock.lock()
        requests.append(request)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }
}
