import CLlama
import Foundation

/// One reply's sampler chain, in llama.cpp's own order (common/sampling): logit bias, penalties,
/// DRY, top-k, top-p, min-p, temperature, seeded draw. Each sequence owns its chain so seeds and
/// repetition history never mix; only the decode thread touches it.
///
/// The prompt's tokens are fed to the chain before the first draw, as llama-server does: the
/// penalties and DRY then also see the conversation so far, so a reply that starts copying an
/// earlier reply is penalised like one that repeats itself.
final class LlamaSampler {
    let chain: UnsafeMutablePointer<llama_sampler>

    /// DRY's default sequence breakers (llama-server's): a repeat never spans a line, a colon, a
    /// quote or an asterisk, so list markers and quoted words do not count as loops.
    static let drySequenceBreakers = ["\n", ":", "\"", "*"]

    init(parameters: GenerationParameters, model: LlamaModel, prompt: [llama_token]) {
        var params = llama_sampler_chain_default_params()
        params.no_perf = true
        chain = llama_sampler_chain_init(params)
        if parameters.ignoresEndOfGeneration {
            let bans = model.endOfGenerationTokens.map { llama_logit_bias(token: $0, bias: -Float.infinity) }
            llama_sampler_chain_add(chain, llama_sampler_init_logit_bias(model.vocabularySize, Int32(bans.count), bans))
        }
        if parameters.repetitionPenalty != 1 {
            llama_sampler_chain_add(chain, llama_sampler_init_penalties(
                model.vocabularySize, Int32(parameters.repetitionWindow), parameters.repetitionPenalty, 0, 0))
        }
        if let dry = parameters.dry, dry.multiplier > 0 {
            let breakers = Self.drySequenceBreakers.map { strdup($0) }
            defer { breakers.forEach { free($0) } }
            var pointers = breakers.map { UnsafePointer<CChar>($0) }
            llama_sampler_chain_add(chain, llama_sampler_init_dry(
                model.vocab, dry.multiplier, dry.base, Int32(dry.allowedLength), Int32(dry.penaltyWindow), &pointers, pointers.count))
        }
        defer {
            if parameters.repetitionPenalty != 1 || parameters.dry != nil {
                for token in prompt { llama_sampler_accept(chain, token) }
            }
        }
        if parameters.temperature <= 0 {
            llama_sampler_chain_add(chain, llama_sampler_init_greedy())
            return
        }
        if parameters.topK > 0 {
            llama_sampler_chain_add(chain, llama_sampler_init_top_k(Int32(parameters.topK)))
        }
        if parameters.topP > 0, parameters.topP < 1 {
            llama_sampler_chain_add(chain, llama_sampler_init_top_p(parameters.topP, 1))
        }
        if parameters.minP > 0 {
            llama_sampler_chain_add(chain, llama_sampler_init_min_p(parameters.minP, 1))
        }
        llama_sampler_chain_add(chain, llama_sampler_init_temp(parameters.temperature))
        llama_sampler_chain_add(chain, llama_sampler_init_dist(parameters.seed ?? UInt32(LLAMA_DEFAULT_SEED)))
    }

    deinit {
        llama_sampler_free(chain)
    }

    /// Samples (and accepts) a token from output `index` of the last decode.
    func sample(context: OpaquePointer, index: Int32) -> llama_token {
        llama_sampler_sample(chain, context, index)
    }
}
