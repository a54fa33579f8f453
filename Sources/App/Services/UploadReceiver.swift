import Vapor

/// Streams one multipart file field to disk under a generated name, never holding the upload in
/// memory and never using the client's file name. Over the size limit it stops reading and
/// answers 413; whatever it wrote is removed on every failure.
struct UploadReceiver: Sendable {
    struct Received: Sendable {
        var path: String
        var byteSize: Int
    }

    let directory: String
    let maxBytes: Int

    func receive(_ req: Request, field: String, fileID: UUID) async throws -> Received {
        guard let contentType = req.headers.contentType, contentType.type == "multipart",
              contentType.subType == "form-data", let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
            throw APIError(status: .unsupportedMediaType, code: "expected_multipart",
                           message: "Send the file as multipart/form-data in the \"\(field)\" field.")
        }
        if let declared = req.headers.first(name: .contentLength).flatMap(Int.init), declared > maxBytes + 64 * 1024 {
            throw Self.tooLarge(maxBytes)
        }

        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/\(fileID.uuidString.lowercased()).upload"
        let io = NonBlockingFileIO(threadPool: req.application.threadPool)
        do {
            let size = try await io.withFileHandle(
                _deprecatedPath: path, mode: .write, flags: .allowFileCreation(posixMode: 0o600)
            ) { handle in
                try await stream(req.body, boundary: boundary, field: field) { buffer in
                    try await io.write(fileHandle: handle, buffer: buffer)
                }
            }
            return Received(path: path, byteSize: size)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    private func stream(_ body: Request.Body, boundary: String, field: String,
                        write: (ByteBuffer) async throws -> Void) async throws -> Int {
        let part = PartTracker(field: field)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in part.header(name: name, value: value) }
        parser.onBody = { buffer in part.body(buffer) }
        parser.onPartComplete = { part.partComplete() }

        var written = 0
        // Network chunks are small (a few KB); writing each one costs a hop to the file thread pool,
        // which made a 0.8 MB upload take ~100 ms. Parts are gathered into blocks of `writeBlock`.
        var staged = ByteBuffer()
        for try await chunk in body {
            do {
                try parser.execute(chunk)
            } catch {
                throw APIError(status: .badRequest, code: "malformed_multipart", message: "The upload is not valid multipart/form-data.")
            }
            for var buffer in part.takePending() {
                written += buffer.readableBytes
                guard written <= maxBytes else { throw Self.tooLarge(maxBytes) }
                staged.writeBuffer(&buffer)
            }
            if staged.readableBytes >= Self.writeBlock {
                try await write(staged)
                staged.clear()
            }
        }
        if staged.readableBytes > 0 { try await write(staged) }
        guard part.found else {
            throw APIError(status: .badRequest, code: "missing_field",
                           message: "The upload has no file in the \"\(field)\" field.")
        }
        return written
    }

    /// Bytes gathered before a write: bounds the memory an upload holds while keeping writes few.
    static let writeBlock = 256 * 1024

    static func tooLarge(_ maxBytes: Int) -> APIError {
        APIError(status: .payloadTooLarge, code: "file_too_large",
                 message: "The file is larger than the \(maxBytes / (1024 * 1024)) MB limit.")
    }
}

/// Follows the multipart parser's callbacks and keeps the bytes of the first part named `field`.
/// Used from one task only.
private final class PartTracker {
    let field: String
    private(set) var found = false
    private var inTarget = false
    private var pending: [ByteBuffer] = []

    init(field: String) {
        self.field = field
    }

    func header(name: String, value: String) {
        guard name.lowercased() == "content-disposition", !found else { return }
        inTarget = Self.fieldName(in: value) == field
    }

    func body(_ buffer: ByteBuffer) {
        if inTarget { pending.append(buffer) }
    }

    func partComplete() {
        if inTarget { found = true }
        inTarget = false
    }

    func takePending() -> [ByteBuffer] {
        defer { pending.removeAll(keepingCapacity: true) }
        return pending
    }

    /// `form-data; name="image"; filename="x.jpg"` → `image`. The file name is deliberately ignored.
    static func fieldName(in disposition: String) -> String? {
        for parameter in disposition.split(separator: ";") {
            let pair = parameter.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix("name=") else { continue }
            return String(pair.dropFirst(5)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
