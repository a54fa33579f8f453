import Foundation
import Safety

/// A message to the browser. Field names are the ones the existing React frontend reads.
public enum ServerMessage: Sendable, Equatable {
    case system(content: String, conversationID: UUID)
    case typing(Bool)
    /// `partialContent` is the whole reply so far; the last message of a reply has `isComplete`.
    case streaming(messageID: UUID, partialContent: String, isComplete: Bool, note: StreamNote? = nil)
    case queue(position: Int)
    /// The help-lines panel; `safetyPlan` is the person's own plan (shown first) when they have one.
    case crisisSupport(level: String, message: String, resources: [CrisisResource], safetyPlan: JSONValue? = nil)
    case analysisResult(fileID: String, analysis: JSONValue)
    case error(code: ChatErrorCode, message: String)

    /// Why a reply ended other than by running to its end, for clients that want to show it.
    public enum StreamNote: String, Sendable, Equatable {
        case interrupted
        case replaced
        case safetyReply = "safety_reply"
        case failed
    }

    /// The mood the assistant answers in, as the prototype's frontend expects.
    static let assistantMood = "caring"

    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every case encodes; a failure here would be a programming error in this file.
        let data = (try? encoder.encode(Wire(self))) ?? Data(#"{"type":"error","code":"internal","message":"encoding failed"}"#.utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private struct Wire: Encodable {
        let message: ServerMessage
        init(_ message: ServerMessage) { self.message = message }

        enum Key: String, CodingKey {
            case type, content, conversation_id, is_typing, message_id, partial_content, is_complete, mood
            case note, position, level, resources, safety_plan, file_id, analysis, code, message
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            switch message {
            case .system(let content, let conversationID):
                try c.encode("system_message", forKey: .type)
                try c.encode(content, forKey: .content)
                try c.encode(conversationID.uuidString.lowercased(), forKey: .conversation_id)
            case .typing(let isTyping):
                try c.encode("ai_typing", forKey: .type)
                try c.encode(isTyping, forKey: .is_typing)
            case .streaming(let messageID, let partialContent, let isComplete, let note):
                try c.encode("streaming_response", forKey: .type)
                try c.encode(messageID.uuidString.lowercased(), forKey: .message_id)
                try c.encode(partialContent, forKey: .partial_content)
                try c.encode(isComplete, forKey: .is_complete)
                try c.encode(ServerMessage.assistantMood, forKey: .mood)
                try c.encodeIfPresent(note?.rawValue, forKey: .note)
            case .queue(let position):
                try c.encode("queue_status", forKey: .type)
                try c.encode(position, forKey: .position)
            case .crisisSupport(let level, let message, let resources, let safetyPlan):
                try c.encode("crisis_support", forKey: .type)
                try c.encode(level, forKey: .level)
                try c.encode(message, forKey: .message)
                try c.encode(resources, forKey: .resources)
                try c.encodeIfPresent(safetyPlan, forKey: .safety_plan)
            case .analysisResult(let fileID, let analysis):
                try c.encode("analysis_result", forKey: .type)
                try c.encode(fileID, forKey: .file_id)
                try c.encode(analysis, forKey: .analysis)
            case .error(let code, let message):
                try c.encode("error", forKey: .type)
                try c.encode(code.rawValue, forKey: .code)
                try c.encode(message, forKey: .message)
            }
        }
    }
}

/// Stable codes for `error` messages, so a client can react without parsing text.
public enum ChatErrorCode: String, Sendable, Equatable {
    case malformedJSON = "malformed_json"
    case unknownType = "unknown_type"
    case missingField = "missing_field"
    case emptyMessage = "empty_message"
    case messageTooLong = "message_too_long"
    case binaryNotSupported = "binary_not_supported"
    case rateLimited = "rate_limited"
    case analysisNotFound = "analysis_not_found"
    case modelUnavailable = "model_unavailable"
    case generationFailed = "generation_failed"
    case storageFailed = "storage_failed"
}
