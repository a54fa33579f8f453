"""all-MiniLM-L6-v2 in pure numpy: the reference the llama.cpp GGUF is checked against.

Usage (inside .cache/venv-encoder):
  minilm_numpy.py MODEL_DIR "a sentence" ["another" ...]     prints token ids and the first dims
  from minilm_numpy import MiniLM; MiniLM(MODEL_DIR).embed(["..."]) -> float32 (n, 384), L2-normalised

This is what sentence-transformers computes for this model (Transformer -> mean Pooling -> Normalize), with
no torch: the tokenizer.json through the `tokenizers` package (its shipped truncation and padding at 128
turned off), at most MAX_TOKENS tokens ([CLS] + the first 254 + [SEP], as sentence-transformers'
max_seq_length 256 truncates), then from model.safetensors in float64: word + position + token-type(0)
embeddings and LayerNorm; 6 post-LN layers of 12-head self-attention and a GELU (exact, with erf) MLP;
mean over all tokens (one unpadded sentence at a time, so every token counts); L2 normalisation.
"""
import json
import math
import os
import sys
from pathlib import Path

# One BLAS thread: these are small matrices, and OpenBLAS's spinning workers made a 24x384 @ 384x1536
# product 20x slower (23 ms instead of 1 ms) while another process kept the 2 cores busy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model (sentence_bert_config.json)

_erf = np.frompyfunc(math.erf, 1, 1)


def gelu(x):
    """GELU with the exact erf (transformers' "gelu"), not the tanh approximation."""
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)).astype(np.float64))


def layer_norm(x, w, b, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def truncate(ids, max_tokens=MAX_TOKENS):
    """Keep [CLS] + the first max_tokens-2 word pieces + [SEP]: the same rule embed_jsonl.py applies."""
    if len(ids) <= max_tokens:
        return list(ids)
    return list(ids[:max_tokens - 1]) + [ids[-1]]


class MiniLM:
    def __init__(self, model_dir):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        self.config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()  # tokenizer.json ships truncation and padding at 128
        self.tokenizer.no_padding()
        weights = load_file(str(model_dir / "model.safetensors"))
        self.w = {k.removeprefix("bert."): v.astype(np.float64) for k, v in weights.items()
                  if k.removeprefix("bert.") != "embeddings.position_ids"}
        self.n_layers = self.config["num_hidden_layers"]
        self.n_heads = self.config["num_attention_heads"]
        self.eps = self.config["layer_norm_eps"]
        if self.config.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"hidden_act {self.config['hidden_act']!r} is not the exact gelu this code implements")

    def tokenize(self, text):
        return truncate(self.tokenizer.encode(text).ids)

    def forward(self, ids):
        """Token ids -> the L2-normalised mean of the last hidden states, float64 (384,)."""
        w, n = self.w, len(ids)
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        d = x.shape[1]
        hd = d // self.n_heads
        for i in range(self.n_layers):
            p = f"encoder.layer.{i}."

            def lin(name, h):
                return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q = lin("attention.self.query", x).reshape(n, self.n_heads, hd).transpose(1, 0, 2)
            k = lin("attention.self.key", x).reshape(n, self.n_heads, hd).transpose(1, 0, 2)
            v = lin("attention.self.value", x).reshape(n, self.n_heads, hd).transpose(1, 0, 2)
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            ctx = (probs @ v).transpose(1, 0, 2).reshape(n, d)
            x = layer_norm(x + lin("attention.output.dense", ctx),
                           w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], self.eps)
            h = gelu(lin("intermediate.dense", x))
            x = layer_norm(x + lin("output.dense", h),
                           w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        pooled = x.mean(axis=0)
        return pooled / max(np.linalg.norm(pooled), 1e-12)

    def embed(self, texts):
        out = np.zeros((len(texts), self.config["hidden_size"]), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self.forward(self.tokenize(text))
        return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    model = MiniLM(sys.argv[1])
    for text in sys.argv[2:]:
        ids = model.tokenize(text)
        e = model.forward(ids)
        print(f"{text!r}: {len(ids)} tokens {ids[:12]}{' ...' if len(ids) > 12 else ''}")
        print("  " + " ".join(f"{v:+.5f}" for v in e[:8]) + " ...")


if __name__ == "__main__":
    main()
