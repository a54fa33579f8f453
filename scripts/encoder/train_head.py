"""Trains the crisis classifier head on all-MiniLM-L6-v2 embeddings (issue 16), offline.

Usage (inside .cache/venv-encoder, after `scripts/setup.sh encoder`):
  .cache/venv-encoder/bin/python scripts/encoder/train_head.py [--out Sources/Safety/Resources/crisis-head.json]

Data: Tests/SafetyData/training/messages.jsonl (1,158 labelled messages), split 80/20 by a fixed
seed, stratified by level: the 80 % trains, the 20 % picks the crisis threshold. The Swift sets
(DevelopmentSet, HeldOutSet, SecondHeldOutSet: 310 messages by other authors) are reported as a
check on phrasing the training data's author did not write. Tests/SafetyData/third-heldout is never
read here: it is sealed for the first measurement of rules plus model.

Model: multinomial logistic regression (none, concern, crisis, imminent) on the L2-normalised
384-dim embedding, class-balanced, L2-regularised, full-batch gradient descent in numpy. A message
is at least `crisis` when P(crisis) + P(imminent) reaches the threshold chosen on the 20 % for
recall >= 0.97; `imminent` when P(imminent) is the largest. Writes the weights with a record of
the data, the split and the evaluation.
"""
import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from llama_embed import GGUF, LlamaEmbedder  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ["none", "concern", "crisis", "imminent"]
TRAINING = ROOT / "Tests/SafetyData/training/messages.jsonl"
SWIFT_SETS = ["DevelopmentSet", "HeldOutSet", "SecondHeldOutSet"]


def swift_set(name):
    source = (ROOT / f"Tests/SafetyTests/{name}.swift").read_text()
    pattern = re.compile(r'LabelledMessage\(\.(\w+), \.(\w+), "((?:[^"\\]|\\.)*)"\)')
    return [{"level": l, "tag": t, "text": bytes(x, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")}
            for l, t, x in pattern.findall(source)]


def embed(texts):
    with LlamaEmbedder(GGUF, threads=1) as embedder:
        return np.asarray(embedder.embed(texts, batch=32), dtype=np.float64)


def train(x, y, classes=4, l2=1e-3, steps=3000, rate=2.0):
    n, d = x.shape
    counts = np.bincount(y, minlength=classes).astype(float)
    weights = (n / (classes * np.maximum(counts, 1)))[y]
    w = np.zeros((d, classes))
    b = np.zeros(classes)
    onehot = np.eye(classes)[y]
    for _ in range(steps):
        logits = x @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * weights[:, None] / weights.sum()
        w -= rate * (x.T @ g + l2 * w)
        b -= rate * g.sum(axis=0)
    return w, b


def probabilities(x, w, b):
    logits = x @ w + b
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def levels(p, threshold):
    out = []
    for row in p:
        if row[2] + row[3] >= threshold:
            out.append(3 if row[3] >= row[2] else 2)
        else:
            out.append(int(np.argmax(row[:2])))
    return np.array(out)


def report(name, y, predicted, tags):
    lines = [f"{name}: {len(y)} messages"]
    for cut, label in ((1, ">= concern"), (2, ">= crisis"), (3, ">= imminent")):
        pos, pred = y >= cut, predicted >= cut
        recall = (pos & pred).sum() / max(pos.sum(), 1)
        precision = (pos & pred).sum() / max(pred.sum(), 1)
        lines.append(f"  {label:11} precision {precision:6.1%}  recall {recall:6.1%}  positives {pos.sum()}")
    calm = np.isin(tags, ["hyperbole", "everyday"])
    if calm.any():
        alarms = (predicted[calm] >= 2).sum()
        lines.append(f"  false alarms (>= crisis) on hyperbole and everyday: {alarms} of {calm.sum()}")
    misses = [(t, int(l)) for t, l, p in zip(tags, y, predicted) if l >= 2 and p < 2]
    if misses:
        lines.append(f"  crisis misses by tag: {sorted({t: sum(1 for m in misses if m[0] == t) for t, _ in misses}.items())}")
    print("\n".join(lines))
    return {"messages": int(len(y)), "recall_crisis": float(((y >= 2) & (predicted >= 2)).sum() / max((y >= 2).sum(), 1)),
            "precision_crisis": float(((y >= 2) & (predicted >= 2)).sum() / max((predicted >= 2).sum(), 1)),
            "false_alarms_calm": int((predicted[calm] >= 2).sum()) if calm.any() else 0, "calm": int(calm.sum())}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "Tests/SafetyData/training/crisis-head.json"))
    args = parser.parse_args()

    rows = [json.loads(line) for line in TRAINING.read_text().splitlines() if line.strip()]
    rng = np.random.default_rng(20261205)
    y_all = np.array([LEVELS.index(r["level"]) for r in rows])
    dev_mask = np.zeros(len(rows), dtype=bool)
    for level in range(4):
        idx = np.flatnonzero(y_all == level)
        rng.shuffle(idx)
        dev_mask[idx[: len(idx) // 5]] = True
    others = {name: swift_set(name) for name in SWIFT_SETS}

    texts = [r["text"] for r in rows] + [m["text"] for name in SWIFT_SETS for m in others[name]]
    vectors = embed(texts)
    x_all, x_others = vectors[: len(rows)], vectors[len(rows):]

    w, b = train(x_all[~dev_mask], y_all[~dev_mask])
    p_dev = probabilities(x_all[dev_mask], w, b)
    y_dev = y_all[dev_mask]
    threshold = 0.5
    for candidate in np.arange(0.90, 0.04, -0.01):
        recall = ((y_dev >= 2) & (levels(p_dev, candidate) >= 2)).sum() / max((y_dev >= 2).sum(), 1)
        threshold = float(round(candidate, 2))
        if recall >= 0.97:
            break
    tags_all = np.array([r["tag"] for r in rows])
    calm_dev = np.isin(tags_all[dev_mask], ["hyperbole", "everyday"])
    print("threshold  recall>=crisis  false alarms on calm (held-back 20 %)")
    for candidate in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        predicted = levels(p_dev, candidate)
        recall = ((y_dev >= 2) & (predicted >= 2)).sum() / max((y_dev >= 2).sum(), 1)
        print(f"  {candidate:.1f}      {recall:6.1%}          {(predicted[calm_dev] >= 2).sum()} of {calm_dev.sum()}")
    evaluation = {"threshold": threshold}
    evaluation["training_dev_20pct"] = report(f"training data, held-back 20 % (threshold {threshold})", y_dev,
                                              levels(p_dev, threshold), tags_all[dev_mask])
    offset = 0
    for name in SWIFT_SETS:
        items = others[name]
        x = x_others[offset: offset + len(items)]
        offset += len(items)
        y = np.array([LEVELS.index(m["level"]) for m in items])
        evaluation[name] = report(f"{name} (other authors, model alone)", y, levels(probabilities(x, w, b), threshold),
                                  np.array([m["tag"] for m in items]))

    # Final head: all of the training data, the threshold chosen above.
    w, b = train(x_all, y_all)
    record = {
        "encoder": "all-MiniLM-L6-v2 f16 GGUF (sha256 in scripts/checksums.sh, SHA_MINILM_GGUF), mean pooled, L2-normalised",
        "levels": LEVELS,
        "threshold_crisis": threshold,
        "weights": np.round(w.T, 6).tolist(),
        "bias": np.round(b, 6).tolist(),
        "trained_on": {"file": str(TRAINING.relative_to(ROOT)), "messages": len(rows),
                       "sha256": hashlib.sha256(TRAINING.read_bytes()).hexdigest()},
        "evaluation": evaluation,
        "note": "third-heldout was not read; evaluation figures are the model alone, without the rules",
    }
    Path(args.out).write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
