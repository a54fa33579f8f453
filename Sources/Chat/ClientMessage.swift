import Foundation

/// A message from the browser, as the existing React frontend sends it.
public enum ClientMessage: Sendable, Equatable {
    case chat(content: String, mood: String?)
    case analysisRequest(fileID: String, fileType: String?)

    /// Why a frame could not be understood; each becomes an `error` message, never a closed socket.
    public enum ParseError: Error, Equatable {
        case malformedJSON
        case missingType
        case unknownType(String)
        case missingField(String)
    }

    private struct Envelope: Decodable {
        var type: String?
        var content: String?
        var mood: String?
        var file_id: String?
        var file_type: String?
    }

    public static func parse(_ text: String) throws(ParseError) -> ClientMessage {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(text.utf8))
        } catch {
            throw .malformedJSON
        }
        guard let type = envelope.type else { throw .missingType }
        switch type {
        case "chat_message":
            guard let content = envelope.content else { throw .missingField("content") }
            return .chat(content: content, mood: envelope.mood)
        case "analysis_request":
            guard let fileID = envelope.file_id, !fileID.isEmpty else { throw .missingField("file_id") }
            return .analysisRequest(fileID: fileID, fileType: envelope.file_type)
        default:
            throw .unknownType(String(type.prefix(40)))
        }
    }
}
