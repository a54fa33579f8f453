import CLlama
import Logging

/// Process-wide llama.cpp setup, done once: backend init and routing llama.cpp's own log lines
/// (which never contain prompt text) to swift-log, keeping only warnings and errors.
enum LlamaBackend {
    private static let logger = Logger(label: "llama.cpp")

    static func ensureInitialized() {
        _ = initialized
    }

    private static let initialized: Bool = {
        llama_log_set({ level, text, _ in
            guard let text, level == GGML_LOG_LEVEL_WARN || level == GGML_LOG_LEVEL_ERROR else { return }
            var line = String(cString: text)
            while line.last?.isNewline == true { line.removeLast() }
            // With a unified KV cache llama.cpp compares the whole pool with the training context;
            // each sequence is held to `contextSize` (clamped to it) by the engine, so drop that warning.
            guard !line.isEmpty, !(line.contains("n_ctx_seq") && line.contains("n_ctx_train")) else { return }
            if level == GGML_LOG_LEVEL_ERROR {
                LlamaBackend.logger.error("\(line)")
            } else {
                LlamaBackend.logger.warning("\(line)")
            }
        }, nil)
        llama_backend_init()
        return true
    }()
}
