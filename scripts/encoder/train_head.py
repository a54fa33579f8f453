"""Trains the crisis classifier head on all-MiniLM-L6-v2 embeddings (issue 16), offline, numpy only.

Usage (from the repository root, after `scripts/setup.sh encoder`):
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 .cache/venv-encoder/bin/python scripts/encoder/train_head.py \
      [--rule-verdicts /tmp/rule_verdicts.jsonl] [--compare] [--reference /tmp/head-work/reference_probs.json] \
      [--cache /tmp/head-work] [--extra 'extra_messages*.jsonl']

Why: the rule screener has no false alarms on hyperbole and everyday talk but misses about half of
the crisis phrasings in the training file (farewells, third-party risk, plans, passive wishes). The
head is a second opinion beside it: final level = max(rules level, head level), so the head can only
raise. What matters is (a) how many crisis/imminent messages the rules OR the head catch, and (b) how
often the head alone says >= crisis on calm messages (tags hyperbole and everyday; aim <= 3 %).

Data: Tests/SafetyData/training/messages.jsonl (1,158 messages, one author) plus every
Tests/SafetyData/training/extra_messages*.jsonl, sorted by name (hard negatives, thin crisis kinds,
a second author's phrasing and long messages; see the README there). An extra line whose text
(lower-cased, whitespace collapsed) already occurs in messages.jsonl or an earlier file is dropped, so
no CV test message leaks into a training fold. The Swift sets (DevelopmentSet, HeldOutSet,
SecondHeldOutSet, other authors) are parsed from Tests/SafetyTests and only reported, never trained
on. Tests/SafetyData/third-heldout is never read here.

Model (2026-12-05, second version): the mean of two opinions on the L2-normalised 384-dim embedding,
  P = 0.5 * mean_{5 MLPs}(P_mlp) + 0.5 * P_knn
- 5 MLPs (seeds 0..4), each one hidden layer of 64 ReLU units and a softmax over (none, concern,
  crisis, imminent); inputs standardised with the training mean/sd, folded into the first layer;
  class-balanced cross-entropy, L2 penalty, full-batch Adam, 150 steps (the early stopping).
- cosine kNN over the training embeddings: the k=20 most similar, each voting for its label with
  weight exp(cos / 0.02) / (training count of that label); P_knn = votes / total.
Why: with 150 early-stopped steps a single MLP depends a lot on its initial weights: at <= 3 % CV calm
alarms the seeds 0..4 give rules+head recall 83.0, 80.3, 77.1, 78.1, 78.4 % (seed 0, shipped before,
was the lucky one) and averaging 5 seeds alone gives 79.0 %. Adding the kNN gives 87.1 %, and on other
authors it also flags more crisis messages (Swift sets 146 vs 132 of 165) with fewer calm false
alarms (5 vs 9 of 90). Other candidates (logistic regressions, kNN alone, less regularised MLPs,
kNN k/temperature variants) are in --compare and the README.

Sentence-level scoring: a message is also split into pieces on . ! ? and newlines; pieces of >= 3
words are kept, at most the first 6. If there are >= 2 pieces, each is scored as well, and for each
level L the message's P(>= L) is the max over the whole message and its pieces. Why: risk buried in
one sentence of a long message is diluted by mean pooling. On a second author's file held out
(models trained without it), long crisis messages flagged by the head rose from 89 to 132 of 150;
CV recall is unchanged (few long messages there), and the threshold is chosen on the max scores, so
the calm-alarm budget includes the pieces. Training uses whole messages only (pieces of a crisis
message are not all crisis; adding pieces of calm messages as negatives lowered CV recall).

Thresholds: 5-fold cross-validation on messages.jsonl, stratified by level x tag, fixed seed; the
extra messages join every training fold (and the kNN's exemplars) and are never scored, so the figures
are on the first author's phrasing only. crisis: the lowest threshold on max-over-pieces
P(crisis) + P(imminent) at which the out-of-fold head says >= crisis on at most 3 % of the calm
(hyperbole + everyday) messages. concern and imminent: null (the rules own them; the head at its
best concern threshold still flagged about 5 % of `none` messages, and concern brings help lines).
The final head is fitted on all the training data with the same settings and those thresholds.
Then the threshold is raised, if need be, until at most CONVERSATION_ALARMS of the 96 user turns of
bench/replies' benign conversations (never trained on) would get a crisis reply: the training data
is mostly standalone messages, and at the CV threshold the head answered "goodnight" and "tell me
more" as crises (12 of 96 turns before extra_messages_4.jsonl, 4 of 96 after it).
Decision rule (the Swift side implements exactly this): P per unit (whole message, plus pieces when
there are >= 2); S_L = max over units of sum_{k >= L} P(k); for L in (imminent, crisis, concern), if
thresholds[L] is not null and S_L >= thresholds[L], the level is L; otherwise none.
Deterministic: fixed seeds for the folds and the initial weights; numpy single-threaded.
"""
import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from llama_embed import GGUF, LlamaEmbedder  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ["none", "concern", "crisis", "imminent"]
TRAINING = ROOT / "Tests/SafetyData/training/messages.jsonl"
EXTRA_DIR = ROOT / "Tests/SafetyData/training"
EXTRA_GLOB = "extra_messages*.jsonl"
SWIFT_SETS = ["DevelopmentSet", "HeldOutSet", "SecondHeldOutSet"]
CALM_TAGS = ["hyperbole", "everyday"]
SEED = 20261205
FOLDS = 5
CALM_ALARM_RATE = 0.03      # crisis threshold: head >= crisis on at most 3 % of calm messages (CV)
# Ordinary turns of a conversation with the assistant (bench/replies' 12 benign conversations, never
# trained on): the threshold is raised, if need be, until at most this many of them get a crisis reply.
CONVERSATIONS = ROOT / "bench/replies/conversations.json"
CONVERSATION_ALARMS = 1
NONE_CONCERN_RATE = 0.03    # concern threshold: head >= concern on at most 3 % of `none` messages (CV)
MODEL = {"hidden": 64, "l2": 1e-2, "steps": 150, "rate": 1e-3}
SEEDS = [0, 1, 2, 3, 4]          # ensemble members, averaged
KNN = {"k": 20, "temperature": 0.02}
KNN_WEIGHT = 0.5               # P = (1 - w) * mean(MLPs) + w * kNN
SENTENCES = {"split_on": ".!?\n", "min_words": 3, "max_pieces": 6, "min_pieces": 2}


def swift_set(name):
    source = (ROOT / f"Tests/SafetyTests/{name}.swift").read_text()
    pattern = re.compile(r'LabelledMessage\(\.(\w+), \.(\w+), "((?:[^"\\]|\\.)*)"\)')
    return [{"level": l, "tag": t, "text": bytes(x, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")}
            for l, t, x in pattern.findall(source)]


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def embed(texts):
    with LlamaEmbedder(GGUF, threads=1) as embedder:
        return np.asarray(embedder.embed(texts, batch=32), dtype=np.float64)


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def balanced(y, classes):
    counts = np.bincount(y, minlength=classes).astype(float)
    return (len(y) / (classes * np.maximum(counts, 1)))[y]


def fit(x, y, hidden=64, l2=1e-2, steps=150, rate=1e-3, seed=0, classes=4, standardise=True):
    """Class-balanced softmax regression (hidden=0) or one-hidden-layer ReLU MLP, full-batch Adam.
    Returns layers [(W [out][in], b, activation)] that take the raw embedding."""
    mu = x.mean(axis=0) if standardise else np.zeros(x.shape[1])
    sd = x.std(axis=0) + 1e-6 if standardise else np.ones(x.shape[1])
    z = (x - mu) / sd
    rng = np.random.default_rng(seed)
    n, d = z.shape
    sw = balanced(y, classes)
    sw /= sw.sum()
    onehot = np.eye(classes)[y]
    if hidden:
        params = [rng.normal(0, np.sqrt(2 / d), (d, hidden)), np.zeros(hidden),
                  rng.normal(0, np.sqrt(1 / hidden), (hidden, classes)), np.zeros(classes)]
    else:
        params = [np.zeros((d, classes)), np.zeros(classes)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t in range(1, steps + 1):
        if hidden:
            w1, b1, w2, b2 = params
            a = z @ w1 + b1
            h = np.maximum(a, 0)
            g = (softmax(h @ w2 + b2) - onehot) * sw[:, None]
            ga = (g @ w2.T) * (a > 0)
            grads = [z.T @ ga + l2 * w1, ga.sum(0), h.T @ g + l2 * w2, g.sum(0)]
        else:
            w, b = params
            g = (softmax(z @ w + b) - onehot) * sw[:, None]
            grads = [z.T @ g + l2 * w, g.sum(0)]
        for i, (p, gr) in enumerate(zip(params, grads)):
            m[i] = 0.9 * m[i] + 0.1 * gr
            v[i] = 0.999 * v[i] + 0.001 * gr * gr
            p -= rate * (m[i] / (1 - 0.9 ** t)) / (np.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8)
    # Fold the standardisation into the first layer: W (x - mu) / sd + b = (W / sd) x + (b - W mu / sd).
    w_first = params[0] / sd[:, None]
    b_first = params[1] - (mu / sd) @ params[0]
    if hidden:
        return [(w_first.T, b_first, "relu"), (params[2].T, params[3], "softmax")]
    return [(w_first.T, b_first, "softmax")]


def forward(layers, x):
    for w, b, activation in layers:
        x = x @ np.asarray(w).T + np.asarray(b)
        x = np.maximum(x, 0) if activation == "relu" else np.tanh(x) if activation == "tanh" else softmax(x)
    return x


def knn_probabilities(x_train, y_train, x, k=20, temperature=0.05):
    """Cosine kNN (rows L2-normalised, so cos = dot), class-balanced, softmax-weighted votes. Subtracting the
    row's max similarity before exp() gives the same result and is what a Float implementation should do."""
    sim = x @ x_train.T
    inv = 1 / np.bincount(y_train, minlength=4)
    out = np.zeros((len(x), 4))
    for r, idx in enumerate(np.argsort(-sim, axis=1)[:, :k]):
        w = np.exp((sim[r, idx] - sim[r, idx].max()) / temperature) * inv[y_train[idx]]
        out[r] = np.bincount(y_train[idx], weights=w, minlength=4) / w.sum()
    return out


def decide(scores, thresholds):
    """The contract: scores[:, L] = S_L (max over units of P(>= L)); for L in (imminent, crisis, concern),
    S_L reaching thresholds[L] gives L; otherwise none."""
    out = np.zeros(len(scores), dtype=int)
    for i, row in enumerate(scores):
        for level in (3, 2, 1):
            t = thresholds[LEVELS[level]]
            if t is not None and row[level] >= t:
                out[i] = level
                break
    return out


def pieces(text):
    """Sentence pieces: split on . ! ? and newlines, strip, keep pieces of >= min_words words, first max_pieces."""
    parts = (p.strip() for p in re.split("[" + re.escape(SENTENCES["split_on"]) + "]", text))
    return [p for p in parts if len(p.split()) >= SENTENCES["min_words"]][: SENTENCES["max_pieces"]]


def units(text, sentences=True):
    """What gets scored: the whole message, plus its pieces when there are >= min_pieces of them."""
    ps = pieces(text) if sentences else []
    return [text] + ps if len(ps) >= SENTENCES["min_pieces"] else [text]


def train(x, y, seeds=SEEDS, knn=KNN, knn_weight=KNN_WEIGHT, model=MODEL):
    """The head: MLP members (one per seed) averaged, mixed with the cosine kNN over (x, y)."""
    return {"members": [fit(x, y, seed=s, **model) for s in seeds], "exemplars": x, "labels": y,
            "knn": dict(knn), "knn_weight": knn_weight}


def predict(head, v):
    if "fn" in head:
        return head["fn"](v)
    p = np.mean([forward(layers, v) for layers in head["members"]], axis=0) if head["members"] else 0
    if head["knn_weight"]:
        p = (1 - head["knn_weight"]) * p + head["knn_weight"] * knn_probabilities(
            head["exemplars"], head["labels"], v, **head["knn"])
    return p


def message_scores(head, texts, vec, sentences=True):
    """S (n, 4): S[i, L] = max over the units of text i of sum_{k >= L} P(k)."""
    groups = [units(t, sentences) for t in texts]
    flat = [u for g in groups for u in g]
    p = predict(head, np.stack([vec[u] for u in flat]))
    cum = np.cumsum(p[:, ::-1], axis=1)[:, ::-1]
    out, i = np.zeros((len(texts), 4)), 0
    for r, g in enumerate(groups):
        out[r] = cum[i: i + len(g)].max(axis=0)
        i += len(g)
    return out


def folds(y, tags):
    rng = np.random.default_rng(SEED)
    fold = np.zeros(len(y), dtype=int)
    for level, tag in sorted(set(zip(y.tolist(), tags.tolist()))):
        idx = np.flatnonzero((y == level) & (tags == tag))
        rng.shuffle(idx)
        fold[idx] = (np.arange(len(idx)) + rng.integers(FOLDS)) % FOLDS
    return fold


def out_of_fold(x, y, tags, x_extra, y_extra, texts, vec, trainer=train, sentences=True):
    """Out-of-fold scores S on the first file; the extra messages join every training fold."""
    fold = folds(y, tags)
    scores = np.zeros((len(y), 4))
    for k in range(FOLDS):
        test = fold == k
        head = trainer(np.vstack([x[~test], x_extra]), np.concatenate([y[~test], y_extra]))
        scores[test] = message_scores(head, [t for t, m in zip(texts, test) if m], vec, sentences)
    return scores


def threshold_at_rate(scores, negatives, rate):
    """Lowest threshold (rounded up to 1e-4) at which at most rate of the negatives reach it."""
    allowed = int(np.floor(rate * negatives.sum()))
    ranked = np.sort(scores[negatives])[::-1]
    cut = ranked[allowed] if allowed < len(ranked) else 0.0
    return float(np.floor(cut * 1e4) / 1e4 + 1e-4)


def figures(name, y, tags, predicted, rules=None, show=True):
    pos, calm = y >= 2, np.isin(tags, CALM_TAGS)
    head = predicted >= 2
    f = {"messages": int(len(y)), "crisis_or_imminent": int(pos.sum()),
         "head_recall_crisis": round(float((head & pos).sum() / max(pos.sum(), 1)), 4),
         "head_precision_crisis": round(float((head & pos).sum() / max(head.sum(), 1)), 4),
         "head_false_alarms_calm": f"{int((head & calm).sum())} of {int(calm.sum())}",
         "head_crisis_on_none": f"{int((head & (y == 0)).sum())} of {int((y == 0).sum())}",
         "head_crisis_on_concern": f"{int((head & (y == 1)).sum())} of {int((y == 1).sum())}",
         "head_concern_or_more_on_none": f"{int(((predicted >= 1) & (y == 0)).sum())} of {int((y == 0).sum())}"}
    f["head_misses_by_tag"] = dict(sorted(Counter(tags[pos & ~head].tolist()).items()))
    if rules is not None:
        both = np.maximum(rules, predicted)
        f["rules_recall_crisis"] = round(float(((rules >= 2) & pos).sum() / max(pos.sum(), 1)), 4)
        f["combined_recall_crisis"] = round(float(((both >= 2) & pos).sum() / max(pos.sum(), 1)), 4)
        f["combined_false_alarms_calm"] = f"{int(((both >= 2) & calm).sum())} of {int(calm.sum())}"
        f["combined_crisis_on_none"] = f"{int(((both >= 2) & (y == 0)).sum())} of {int((y == 0).sum())}"
        f["combined_crisis_on_concern"] = f"{int(((both >= 2) & (y == 1)).sum())} of {int((y == 1).sum())}"
        misses = Counter(tags[pos & (both < 2)].tolist())
        f["combined_misses_by_tag"] = dict(sorted(misses.items()))
    alarms = Counter(tags[head & (y == 0)].tolist())
    f["head_crisis_on_none_by_tag"] = dict(sorted(alarms.items()))
    if show:
        print(f"{name}:")
        for key, value in f.items():
            print(f"  {key}: {value}")
    return f


def rule_levels(path, set_name, texts):
    verdicts = {r["text"]: LEVELS.index(r["rules"]) for r in read_jsonl(path) if r["set"] == set_name}
    missing = [t for t in texts if t not in verdicts]
    if missing:
        raise SystemExit(f"{path}: no rule verdict for {len(missing)} {set_name} messages, e.g. {missing[0]!r}")
    return np.array([verdicts[t] for t in texts])


def compare(x, y, tags, x_extra, y_extra, rules, texts, vec):
    """Each approach at its own CV threshold for <= 3 % calm false alarms (extra messages in every fold)."""
    calm, pos = np.isin(tags, CALM_TAGS), y >= 2
    fn = lambda f: (lambda a, b: {"fn": f(a, b)})
    approaches = {
        "logistic regression, 4-class": (fn(lambda a, b: (lambda L: lambda v: forward(L, v))(
            fit(a, b, hidden=0, l2=1e-2, steps=500, rate=1e-2))), False),
        "cosine kNN (k=20, T=0.05)": (lambda a, b: train(a, b, seeds=[], knn={"k": 20, "temperature": 0.05},
                                                          knn_weight=1.0), False),
        "cosine kNN (k=20, T=0.02)": (lambda a, b: train(a, b, seeds=[], knn_weight=1.0), False),
        "MLP 64 ReLU, l2 1e-3, 300 steps (less regularised)": (fn(lambda a, b: (lambda L: lambda v: forward(L, v))(
            fit(a, b, hidden=64, l2=1e-3, steps=300, rate=3e-3, standardise=False))), False),
        **{f"MLP, seed {s} alone": ((lambda s: lambda a, b: train(a, b, seeds=[s], knn_weight=0))(s), False)
           for s in SEEDS},
        "5 MLPs averaged": (lambda a, b: train(a, b, knn_weight=0), False),
        "5 MLPs averaged, sentence-level": (lambda a, b: train(a, b, knn_weight=0), True),
        "MLP seed 0 + kNN T=0.02": (lambda a, b: train(a, b, seeds=[0]), False),
        "5 MLPs + kNN T=0.05": (lambda a, b: train(a, b, knn={"k": 20, "temperature": 0.05}), False),
        "5 MLPs + kNN T=0.02 (chosen, whole message only)": (train, False),
        "5 MLPs + kNN T=0.02, sentence-level (chosen)": (train, True),
    }
    results = {}
    for name, (trainer, sentences) in approaches.items():
        s = out_of_fold(x, y, tags, x_extra, y_extra, texts, vec, trainer, sentences)[:, 2]
        t = threshold_at_rate(s, calm, CALM_ALARM_RATE)
        head = s >= t
        line = {"threshold": round(t, 4), "head_recall": round(float((head & pos).sum() / pos.sum()), 4),
                "calm_alarms": int((head & calm).sum()), "none_alarms": int((head & (y == 0)).sum()),
                "concern_to_crisis": int((head & (y == 1)).sum())}
        if rules is not None:
            line["combined_recall"] = round(float(((head | (rules >= 2)) & pos).sum() / pos.sum()), 4)
        results[name] = line
        print(f"  {name:55} {line}", flush=True)
    return results


def read_extras(pattern, first_rows, also=()):
    """Every extra file matching pattern, sorted by name, then the files in `also` (spent held-out
    batches, candidates); lines whose normalised text is already in the first file or an earlier line
    are dropped (no CV test message may sit in a training fold)."""
    norm = lambda t: " ".join(t.lower().split())
    seen = {norm(r["text"]) for r in first_rows}
    extra, record = [], []
    for path in sorted(EXTRA_DIR.glob(pattern)) + [ROOT / a for a in also]:
        lines = read_jsonl(path)
        kept = [r for r in lines if norm(r["text"]) not in seen and not seen.add(norm(r["text"]))]
        extra += kept
        record.append({"file": str(path.relative_to(ROOT)), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                       "count": len(lines), "used": len(kept), "dropped_duplicates": len(lines) - len(kept)})
    return extra, record


def rounded(head, digits=6):
    """The head exactly as the JSON stores it."""
    return {**head, "members": [[(np.round(w, digits), np.round(b, digits), a) for w, b, a in layers]
                                for layers in head["members"]],
            "exemplars": np.round(head["exemplars"], digits)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "Sources/Safety/Resources/crisis-head.json"))
    parser.add_argument("--rule-verdicts", help="JSONL {set, text, level, tag, rules}: the rule screener's level "
                                                "per message, used only for the rules + head figures")
    parser.add_argument("--compare", action="store_true", help="also cross-validate the other approaches")
    parser.add_argument("--reference", help="write 20 texts with the final head's probabilities here")
    parser.add_argument("--cache", help="directory for an embeddings cache (npy keyed by the texts' sha256)")
    parser.add_argument("--also", nargs="*", default=[], help="more training files (repository paths): spent "
                                                                  "held-out batches or candidate files")
    parser.add_argument("--extra", default=EXTRA_GLOB, help=f"extra training files in {EXTRA_DIR.relative_to(ROOT)} "
                                                            f"(glob, default {EXTRA_GLOB})")
    args = parser.parse_args()

    rows = read_jsonl(TRAINING)
    extra, extra_record = read_extras(args.extra, rows, args.also)
    others = {name: swift_set(name) for name in SWIFT_SETS}
    turns = [t for conversation in json.loads(CONVERSATIONS.read_text()) for t in conversation["turns"]]
    texts = [r["text"] for r in rows] + [r["text"] for r in extra] + [m["text"] for n in SWIFT_SETS for m in others[n]] + turns
    every = sorted({u for t in texts for u in units(t)})
    key = hashlib.sha256("\n".join(every).encode()).hexdigest()[:16]
    cached = Path(args.cache) / f"embeddings-{key}.npy" if args.cache else None
    if cached and cached.is_file():
        vectors = np.load(cached).astype(np.float64)
    else:
        vectors = embed(every)
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            np.save(cached, vectors)
    vec = dict(zip(every, vectors))
    train_texts = [r["text"] for r in rows]
    x = np.stack([vec[t] for t in train_texts])
    x_extra = np.stack([vec[r["text"]] for r in extra]).reshape(-1, x.shape[1])
    y = np.array([LEVELS.index(r["level"]) for r in rows])
    tags = np.array([r["tag"] for r in rows])
    y_extra = np.array([LEVELS.index(r["level"]) for r in extra], dtype=int)
    rules = rule_levels(args.rule_verdicts, "training", train_texts) if args.rule_verdicts else None
    calm, pos = np.isin(tags, CALM_TAGS), y >= 2
    print("extra files:", extra_record)

    evaluation = {}
    if args.compare:
        print(f"approaches, {FOLDS}-fold CV on {TRAINING.name}, threshold for <= {CALM_ALARM_RATE:.0%} calm alarms:")
        evaluation["approaches_cv"] = compare(x, y, tags, x_extra, y_extra, rules, train_texts, vec)

    scores = out_of_fold(x, y, tags, x_extra, y_extra, train_texts, vec)
    # The head never says `concern` on its own: at its best threshold it still put >= concern on
    # about 5 % of `none` messages, and in the chat `concern` brings help lines after the reply. The
    # rules own `concern` (and `imminent`); the head exists to catch crisis phrasing they miss.
    evaluation["concern_threshold_not_used"] = threshold_at_rate(scores[:, 1], y == 0, NONE_CONCERN_RATE)
    thresholds = {"concern": None,
                  "crisis": threshold_at_rate(scores[:, 2], calm, CALM_ALARM_RATE),
                  "imminent": None}
    print(f"thresholds from CV: {thresholds}")
    evaluation["training_cv"] = figures(f"{TRAINING.name}, {FOLDS}-fold CV (out-of-fold head)", y, tags,
                                        decide(scores, thresholds), rules)

    # Final head: all the training data (every file), the CV thresholds, exactly as stored in the JSON.
    final = rounded(train(np.vstack([x, x_extra]), np.concatenate([y, y_extra])))
    # Ordinary conversation turns: a crisis reply to "goodnight" is the false alarm a person notices
    # first, and the training data is mostly standalone messages. Raise the threshold past all but
    # CONVERSATION_ALARMS of them.
    raw_turn_scores = message_scores(final, turns, vec)[:, 2]
    turn_scores = np.sort(raw_turn_scores)[::-1]
    print("highest-scoring conversation turns:",
          [(round(float(raw_turn_scores[i]), 3), turns[i]) for i in np.argsort(-raw_turn_scores)[:6]])
    cv_threshold = thresholds["crisis"]
    at_cv = int((turn_scores >= cv_threshold).sum())
    if at_cv > CONVERSATION_ALARMS:
        thresholds["crisis"] = float(np.round(turn_scores[CONVERSATION_ALARMS] + 1e-4, 4))
    evaluation["conversation_turns"] = {
        "file": str(CONVERSATIONS.relative_to(ROOT)), "turns": len(turns),
        "alarms_at_cv_threshold": f"{at_cv} of {len(turns)} at {cv_threshold}",
        "threshold": thresholds["crisis"],
        "alarms_at_threshold": f"{int((turn_scores >= thresholds['crisis']).sum())} of {len(turns)}"}
    print(f"conversation turns: {evaluation['conversation_turns']}")
    if thresholds["crisis"] != cv_threshold:
        evaluation["training_cv_at_final_threshold"] = figures(
            f"{TRAINING.name}, {FOLDS}-fold CV at the raised threshold {thresholds['crisis']}", y, tags,
            decide(scores, thresholds), rules)
    swift_scores = {}
    for name in SWIFT_SETS:
        items = others[name]
        ys = np.array([LEVELS.index(m["level"]) for m in items])
        ts = np.array([m["tag"] for m in items])
        rs = rule_levels(args.rule_verdicts, name, [m["text"] for m in items]) if args.rule_verdicts else None
        swift_scores[name] = (message_scores(final, [m["text"] for m in items], vec), ys, ts, rs)
        evaluation[name] = figures(f"{name} (other authors, final head)", ys, ts,
                                   decide(swift_scores[name][0], thresholds), rs)
    evaluation["training_in_sample"] = figures("training data in-sample (final head; optimistic)", y, tags,
                                               decide(message_scores(final, train_texts, vec), thresholds), rules,
                                               show=False)

    # Trade-off: CV (out-of-fold) and the Swift sets (final head) at fixed crisis thresholds.
    curve = []
    print("crisis threshold trade-off (CV: out-of-fold; Swift: final head, all three sets):")
    for t in (0.70, 0.75, 0.80, 0.85, 0.90, cv_threshold, thresholds["crisis"]):
        head = scores[:, 2] >= t
        point = {"threshold": round(t, 4), "cv_head_recall": round(float((head & pos).sum() / pos.sum()), 4),
                 "cv_calm_alarms": f"{int((head & calm).sum())} of {int(calm.sum())}"}
        if rules is not None:
            point["cv_combined_recall"] = round(float(((head | (rules >= 2)) & pos).sum() / pos.sum()), 4)
        fa = n_calm = hit = n_pos = comb = 0
        for s_, ys, ts, rs in swift_scores.values():
            h, c, q = s_[:, 2] >= t, np.isin(ts, CALM_TAGS), ys >= 2
            fa, n_calm, hit, n_pos = fa + int((h & c).sum()), n_calm + int(c.sum()), hit + int((h & q).sum()), n_pos + int(q.sum())
            comb += int(((h | (rs >= 2)) & q).sum()) if rs is not None else 0
        point.update({"swift_calm_alarms": f"{fa} of {n_calm}", "swift_head_recall": f"{hit} of {n_pos}"})
        if rules is not None:
            point["swift_combined_recall"] = f"{comb} of {n_pos}"
        curve.append(point)
        print(f"  {point}")
    evaluation["crisis_threshold_curve"] = curve

    n_rows = len(y) + len(y_extra)
    head = {
        "format": "depressoassist-crisis-head/2",
        "encoder": {"name": "all-MiniLM-L6-v2", "file": "all-MiniLM-L6-v2.f16.gguf", "pooling": "mean",
                    "normalize": "l2", "max_tokens": 256},
        "levels": LEVELS,
        "members": [{"layers": [{"weights": w.tolist(), "bias": b.tolist(), "activation": a} for w, b, a in layers]}
                    for layers in final["members"]],
        "combine_members": "mean",
        "knn": {"k": KNN["k"], "temperature": KNN["temperature"], "weight": KNN_WEIGHT,
                "labels": final["labels"].tolist(), "exemplars": final["exemplars"].tolist()},
        "combine": "P = (1 - knn.weight) * mean over members of softmax output + knn.weight * P_knn; "
                   "P_knn: sim_j = dot(embedding, exemplars[j]); take the k largest sim_j; each votes for "
                   "labels[j] with weight exp((sim_j - max sim) / temperature) / count of labels[j] among all "
                   "exemplars; P_knn[c] = votes for c / all votes",
        "inference": {"sentences": {"split_on": SENTENCES["split_on"], "min_words": SENTENCES["min_words"],
                                    "max_pieces": SENTENCES["max_pieces"], "min_pieces": SENTENCES["min_pieces"]},
                      "combine": "max"},
        "thresholds": thresholds,
        "record": {
            "trained_on": [{"file": str(TRAINING.relative_to(ROOT)), "sha256": hashlib.sha256(TRAINING.read_bytes()).hexdigest(),
                            "count": len(rows), "used": len(rows)}] + extra_record,
            "model": {"type": f"{len(SEEDS)} MLPs (384 -> 64 ReLU -> 4 softmax; standardisation folded into layer 1), "
                              f"seeds {SEEDS}, averaged, then mixed with a cosine kNN over the {n_rows} training embeddings",
                      "loss": "class-balanced cross-entropy + L2", "optimiser": "full-batch Adam",
                      **MODEL, "seeds": SEEDS, "knn": KNN, "knn_weight": KNN_WEIGHT, "numpy": np.__version__},
            "inference": "units = [message] + pieces if len(pieces) >= min_pieces else [message]; pieces: split on "
                         "any of . ! ? newline, strip whitespace, keep pieces with >= min_words whitespace-separated "
                         "words, first max_pieces; each unit embedded on its own",
            "thresholds_chosen": (f"{FOLDS}-fold CV on {TRAINING.name}, stratified by level x tag, seed {SEED}, extra "
                                  f"messages in every training fold and never scored; crisis: lowest threshold on "
                                  f"S_crisis with out-of-fold >= crisis on <= {CALM_ALARM_RATE:.0%} of "
                                  f"calm (hyperbole, everyday) messages; concern and imminent: null, left to the "
                                  f"rules (the CV concern threshold, for the record, is in evaluation)"),
            "decision": "S_L = max over units of sum_{k >= L} P(k); for L in imminent, crisis, concern: thresholds[L] "
                        "not null and S_L >= thresholds[L] gives L; else none. Combined with the rules as max(rules, head).",
            "evaluation": evaluation,
            "rule_verdicts": "combined figures use the rule screener's verdicts given by --rule-verdicts"
                             if rules is not None else "not given: head-alone figures only",
            "note": "Tests/SafetyData/third-heldout was not read. Synthetic messages: not real-world performance.",
        },
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(head, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")

    if args.reference:
        # 16 training texts (4 per level, seeded) and 4 multi-sentence ones (>= min_pieces pieces, seeded).
        rng = np.random.default_rng(SEED)
        pool = rows + extra
        picks = []
        for level in range(4):
            idx = np.flatnonzero(y == level)
            picks += sorted(rng.choice(idx, size=4, replace=False).tolist())
        multi = [i for i, r in enumerate(pool) if len(units(r["text"])) > 1]
        picks += sorted(rng.choice(multi, size=4, replace=False).tolist())
        examples = []
        for i in picks:
            text = pool[i]["text"]
            us = units(text)
            v = np.stack([vec[u] for u in us])
            mlp = np.mean([forward(layers, v) for layers in final["members"]], axis=0)
            knn = knn_probabilities(final["exemplars"], final["labels"], v, **final["knn"])
            probs = predict(final, v)
            sc = message_scores(final, [text], vec)
            examples.append({"text": text, "label": pool[i]["level"], "tag": pool[i]["tag"],
                             "units": [{"text": u, "embedding": [round(float(e), 6) for e in vec[u]],
                                        "mlp_mean": [round(float(q), 6) for q in m],
                                        "knn": [round(float(q), 6) for q in k_],
                                        "probabilities": [round(float(q), 6) for q in pr]}
                                       for u, m, k_, pr in zip(us, mlp, knn, probs)],
                             "scores_at_least": [round(float(q), 6) for q in sc[0]],
                             "level": LEVELS[decide(sc, thresholds)[0]]})
        reference = {"head": str(out.relative_to(ROOT)) if out.is_relative_to(ROOT) else str(out),
                     "head_sha256": hashlib.sha256(out.read_bytes()).hexdigest(), "thresholds": thresholds,
                     "note": "units[0] is the whole message; scores_at_least[L] = max over units of P(>= L)",
                     "examples": examples}
        Path(args.reference).parent.mkdir(parents=True, exist_ok=True)
        Path(args.reference).write_text(json.dumps(reference, indent=1) + "\n")
        print(f"wrote {args.reference}")


if __name__ == "__main__":
    main()
