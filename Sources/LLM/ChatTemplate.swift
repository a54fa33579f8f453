import CLlama
import Foundation

/// Renders a conversation with llama.cpp's built-in template engine (`llama_chat_apply_template`).
/// It recognises templates by name or by pattern and does not run Jinja. Templates without a system
/// role (Gemma) get the system prompt merged into the first user turn by llama.cpp itself.
struct ChatTemplate: Sendable, Equatable {
    /// A built-in name ("chatml", "gemma", ...) or a template source llama.cpp can recognise.
    let source: String

    /// Checks once that llama.cpp recognises the template.
    init(source: String) throws(LLMError) {
        self.source = source
        do {
            _ = try render([.system("s"), .user("u")], addAssistantPrefix: true)
        } catch {
            let name = source.count <= 40 ? "\"\(source)\"" : "the model's embedded template"
            throw .unsupportedChatTemplate(
                "llama.cpp does not recognise \(name); set chatTemplate to a built-in name such as "
                    + Self.builtinNames.prefix(12).joined(separator: ", "))
        }
    }

    /// Names llama.cpp accepts directly.
    static var builtinNames: [String] {
        var names = [UnsafePointer<CChar>?](repeating: nil, count: 128)
        let count = Int(llama_chat_builtin_templates(&names, names.count))
        return names.prefix(min(count, names.count)).compactMap { $0.map { String(cString: $0) } }
    }

    /// The prompt text for `messages`, ending with the assistant prefix so the model answers next.
    func render(_ messages: [ChatMessage], addAssistantPrefix: Bool = true) throws(LLMError) -> String {
        // llama.cpp reads the C strings during the call only; duplicate them so they outlive it.
        let roles = messages.map { strdup($0.role.rawValue) }
        let contents = messages.map { strdup($0.content) }
        defer {
            roles.forEach { free($0) }
            contents.forEach { free($0) }
        }
        var chat = (0..<messages.count).map { index in
            llama_chat_message(role: roles[index], content: contents[index])
        }
        let estimate = messages.reduce(256) { $0 + $1.content.utf8.count * 2 + 64 }
        var buffer = [CChar](repeating: 0, count: estimate)
        var length = llama_chat_apply_template(
            source, &chat, chat.count, addAssistantPrefix, &buffer, Int32(buffer.count))
        if length > buffer.count {
            buffer = [CChar](repeating: 0, count: Int(length))
            length = llama_chat_apply_template(
                source, &chat, chat.count, addAssistantPrefix, &buffer, Int32(buffer.count))
        }
        guard length >= 0 else { throw .unsupportedChatTemplate(source.count <= 40 ? source : "template") }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
