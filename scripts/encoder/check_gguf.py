"""Check the all-MiniLM-L6-v2 GGUF through llama-server against the pure-numpy reference (minilm_numpy.py).

Usage (inside .cache/venv-encoder): check_gguf.py [--model-dir DIR] [--gguf FILE] [--min-cos 0.9999]

For ~20 varied texts (short, long, punctuation, accents, emoji, CJK, digits, one past 256 tokens) it checks
that llama.cpp's tokens equal the `tokenizers` ones, that every embedding's cosine to the reference is at
least --min-cos, and prints the sanity pairs of shared/DEPENDENCIES.md. Exits 1 on any failure.
"""
import argparse
import sys
import time
from pathlib import Path

from llama_embed import GGUF, LlamaEmbedder
from minilm_numpy import MiniLM
import numpy as np  # noqa: E402  (after minilm_numpy, which pins OpenBLAS to one thread)

ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = ROOT / ".cache/models/all-MiniLM-L6-v2"

TEXTS = [
    "I want to end my life",
    "I am thinking about killing myself",
    "this homework is killing me",
    "I feel a bit better today, I went for a walk with my sister.",
    "Nothing matters anymore. I haven't slept properly in weeks and I can't face anyone.",
    "hi",
    "?",
    "OK",
    "My therapist said I should write down three good things every day... so far: coffee, the cat, sunlight!",
    "I'm SO tired of pretending everything is FINE!!!",
    "Je me sens très seul depuis que j'ai déménagé à Zürich, naïvement je pensais que ça irait.",
    "Ich fühle mich leer und müde, jeden Tag.",
    "我很难过，不想和任何人说话。",
    "I can't stop crying 😢💔 and I don't know why 🙃",
    "On a scale of 1-10 my mood is a 2.5; last week it was 4/10 (maybe).",
    "Call 988 or +1-800-273-8255 if you're in the U.S., or text HOME to 741741.",
    "don't won't can't shouldn't y'all i'd've",
    "   leading and trailing whitespace\t\n with\ttabs   ",
    "E-mail me at someone@example.com or visit https://example.org/help?x=1&y=2",
    "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
    " ".join(["Some days the weight of everything is unbearable and I just lie in bed staring at the ceiling,"
              " wondering whether anything will ever change."] * 12),  # > 256 tokens: truncated
]
SANITY = [("I want to end my life", "I am thinking about killing myself", 0.53),
          ("I want to end my life", "this homework is killing me", 0.14)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    ap.add_argument("--gguf", type=Path, default=GGUF)
    ap.add_argument("--min-cos", type=float, default=0.9999)
    args = ap.parse_args()

    ref = MiniLM(args.model_dir)
    ok = True
    with LlamaEmbedder(args.gguf) as enc:
        llama_ids = [enc.tokenize(t) for t in TEXTS]
        t0 = time.monotonic()
        got = enc.embed(TEXTS)
        llama_s = time.monotonic() - t0
    ref_ids = [ref.tokenize(t) for t in TEXTS]
    t0 = time.monotonic()
    want = ref.embed(TEXTS)
    numpy_s = time.monotonic() - t0

    cos = (got * want).sum(axis=1)
    for text, a, b, c, g, w in zip(TEXTS, llama_ids, ref_ids, cos, got, want):
        same = a == b
        ok &= same and c >= args.min_cos
        short = text if len(text) <= 60 else text[:57] + "..."
        print(f"cos {c:.7f}  max|diff| {np.abs(g - w).max():.1e}  tokens {len(a):3d} "
              f"{'same' if same else 'DIFFER'}  {short!r}")
        if not same:
            print(f"    llama.cpp {a[:40]}\n    tokenizers {b[:40]}")
    n_tok = sum(len(i) for i in llama_ids)
    print(f"min cosine {cos.min():.7f} over {len(TEXTS)} texts ({n_tok} tokens); token ids identical: "
          f"{all(a == b for a, b in zip(llama_ids, ref_ids))}; llama-server {llama_s:.2f}s, numpy {numpy_s:.2f}s")
    for x, y, expect in SANITY:
        i, j = TEXTS.index(x), TEXTS.index(y)
        print(f"sanity cos({x!r}, {y!r}) = {got[i] @ got[j]:.3f} llama.cpp, {want[i] @ want[j]:.3f} numpy "
              f"(DEPENDENCIES.md: {expect})")
        ok &= abs(float(got[i] @ got[j]) - expect) < 0.02
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
