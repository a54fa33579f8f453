import Foundation
import Vapor

/// A multipart/form-data body as a browser sends it.
struct MultipartBody {
    let boundary = "----depresso-test-\(UUID().uuidString)"
    private(set) var data = Data()

    mutating func addFile(field: String, filename: String, contentType: String = "application/octet-stream", bytes: Data) {
        data.append(Data("--\(boundary)\r\n".utf8))
        data.append(Data("Content-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\n".utf8))
        data.append(Data("Content-Type: \(contentType)\r\n\r\n".utf8))
        data.append(bytes)
        data.append(Data("\r\n".utf8))
    }

    mutating func addField(_ field: String, value: String) {
        data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"\r\n\r\n\(value)\r\n".utf8))
    }

    func finished() -> (headers: HTTPHeaders, body: ByteBuffer) {
        var bytes = data
        bytes.append(Data("--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return (headers, ByteBuffer(data: bytes))
    }

    static func file(field: String, filename: String, bytes: Data) -> (headers: HTTPHeaders, body: ByteBuffer) {
        var body = MultipartBody()
        body.addFile(field: field, filename: filename, bytes: bytes)
        return body.finished()
    }
}
