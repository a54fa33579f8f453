import CLlama

/// One reply's sampler chain (penalties, top-k, top-p, temperature, seeded draw). Each sequence
/// owns its chain so seeds and penalty history never mix; only the decode thread touches it.
final class LlamaSampler {
    let chain: UnsafeMutablePointer<llama_sampler>

    init(parameters: GenerationParameters, model: LlamaModel) {
        var params = llama_sampler_chain_default_params()
        params.no_perf = true
        chain = llama_sampler_chain_init(params)
        if parameters.ignoresEndOfGeneration {
            let bans = model.endOfGenerationTokens.map { llama_logit_bias(token: $0, bias: -Float.infinity) }
            llama_sampler_chain_add(chain, llama_sampler_init_logit_bias(model.vocabularySize, Int32(bans.count), bans))
        }
        if parameters.repetitionPenalty != 1 {
            llama_sampler_chain_add(chain, llama_sampler_init_penalties(model.vocabularySize, 64, parameters.repetitionPenalty, 0, 0))
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
