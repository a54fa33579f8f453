import CLlama
import Foundation

/// The loaded weights and vocabulary. Immutable after loading; llama.cpp documents the model and
/// its tokenizer functions (`llama_tokenize`, `llama_token_to_piece`, `llama_vocab_*`) as safe to
/// call from several threads, which is what makes this class Sendable.
final class LlamaModel: @unchecked Sendable {
    let pointer: OpaquePointer
    let vocab: OpaquePointer
    let path: String
    let trainingContextSize: Int
    let vocabularySize: Int32
    /// Every token that ends a generation (EOS, end-of-turn, ...), for banning them on request.
    let endOfGenerationTokens: [llama_token]

    init(path: String) throws(LLMError) {
        LlamaBackend.ensureInitialized()
        guard FileManager.default.isReadableFile(atPath: path) else { throw .modelLoadFailed(path: path) }
        var params = llama_model_default_params()
        params.n_gpu_layers = 0
        guard let model = llama_model_load_from_file(path, params) else { throw .modelLoadFailed(path: path) }
        guard let vocab = llama_model_get_vocab(model) else {
            llama_model_free(model)
            throw .modelLoadFailed(path: path)
        }
        self.pointer = model
        self.vocab = vocab
        self.path = path
        self.trainingContextSize = Int(llama_model_n_ctx_train(model))
        let vocabularySize = llama_vocab_n_tokens(vocab)
        self.vocabularySize = vocabularySize
        self.endOfGenerationTokens = (0..<vocabularySize).filter { llama_vocab_is_eog(vocab, $0) }
    }

    deinit {
        llama_model_free(pointer)
    }

    /// The chat template stored in the GGUF metadata, if any.
    var embeddedChatTemplate: String? {
        llama_model_chat_template(pointer, nil).map { String(cString: $0) }
    }

    /// Short model description from llama.cpp (architecture, size, quantisation).
    var summary: String {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = llama_model_desc(pointer, &buffer, buffer.count)
        guard count > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Tokenizes rendered prompt text. Special tokens written in the text (template markers) are
    /// parsed as such, and BOS is added when the vocabulary asks for it.
    func tokenize(_ text: String) throws(LLMError) -> [llama_token] {
        let utf8Count = text.utf8.count
        var tokens = [llama_token](repeating: 0, count: utf8Count + 8)
        var count = llama_tokenize(vocab, text, Int32(utf8Count), &tokens, Int32(tokens.count), true, true)
        if count < 0, count != Int32.min {
            tokens = [llama_token](repeating: 0, count: Int(-count))
            count = llama_tokenize(vocab, text, Int32(utf8Count), &tokens, Int32(tokens.count), true, true)
        }
        guard count >= 0 else { throw .tokenizationFailed }
        tokens.removeLast(tokens.count - Int(count))
        return tokens
    }

    /// The bytes a token stands for; control tokens (template markers) render as nothing.
    func piece(of token: llama_token) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: 64)
        var count = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, false)
        if count < 0 {
            buffer = [CChar](repeating: 0, count: Int(-count))
            count = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, false)
        }
        guard count > 0 else { return [] }
        return buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }
    }

    func isEndOfGeneration(_ token: llama_token) -> Bool {
        llama_vocab_is_eog(vocab, token)
    }
}
