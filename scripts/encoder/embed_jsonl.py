"""Embed the `text` of every line of a JSONL file with all-MiniLM-L6-v2: the features a classifier head trains on.

Usage (inside .cache/venv-encoder):
  embed_jsonl.py IN.jsonl OUT.npy [--reference numpy] [--gguf FILE] [--model-dir DIR] [--field text]

Writes a float32 .npy matrix, one row per input line in order (n x 384), each row the mean-pooled,
L2-normalised embedding. By default the numbers come from llama-server running the same f16 GGUF that
the Swift server loads in-process (started here on a free loopback port with 1 thread, stopped at the
end; batches of 32 texts), so training and serving see the same numbers. Each text is truncated to 256
tokens ([CLS] + 254 word pieces + [SEP]; see llama_embed.py). `--reference numpy` computes them with
minilm_numpy.py from the safetensors instead (f32-exact reference, cosine >= 0.99999 to llama.cpp).
Blank lines are skipped; a line without the field, or with a non-string one, stops with its line number.
"""
import argparse
import json
import sys
import time
from pathlib import Path

from llama_embed import GGUF, LlamaEmbedder
from minilm_numpy import MiniLM
import numpy as np  # noqa: E402  (after minilm_numpy, which pins OpenBLAS to one thread)

ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = ROOT / ".cache/models/all-MiniLM-L6-v2"


def read_texts(path, field):
    texts = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)[field]
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                sys.exit(f"[embed_jsonl] ERROR: {path}:{n}: no {field!r} field ({e.__class__.__name__})")
            if not isinstance(value, str):
                sys.exit(f"[embed_jsonl] ERROR: {path}:{n}: {field!r} is not a string")
            texts.append(value)
    return texts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("input", type=Path)
    ap.add_argument("output", type=Path)
    ap.add_argument("--reference", choices=["llama", "numpy"], default="llama")
    ap.add_argument("--gguf", type=Path, default=GGUF)
    ap.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    ap.add_argument("--field", default="text")
    args = ap.parse_args()

    texts = read_texts(args.input, args.field)
    start = time.monotonic()
    last = [start]

    def progress(done, total):
        if time.monotonic() - last[0] > 10:
            last[0] = time.monotonic()
            print(f"[embed_jsonl] {done}/{total}", file=sys.stderr)

    if args.reference == "numpy":
        ref = MiniLM(args.model_dir)
        start = time.monotonic()  # the rate below is for embedding alone, without loading the weights
        emb = np.zeros((len(texts), 384), dtype=np.float32)
        for i, t in enumerate(texts):
            emb[i] = ref.forward(ref.tokenize(t))
            progress(i + 1, len(texts))
    else:
        with LlamaEmbedder(args.gguf) as enc:
            t0 = time.monotonic()
            emb = enc.embed(texts, progress=progress)
            start = t0  # the rate below is for embedding alone, without the server's start
    seconds = time.monotonic() - start
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_name(args.output.name + ".part.npy")
    np.save(tmp, emb.astype(np.float32))
    tmp.replace(args.output)
    print(f"[embed_jsonl] {len(texts)} texts -> {args.output} {emb.shape} ({args.reference}) in {seconds:.1f}s, "
          f"{len(texts) / max(seconds, 1e-9):.1f} texts/s", file=sys.stderr)


if __name__ == "__main__":
    main()
