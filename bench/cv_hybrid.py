"""Cross-validated accuracy of the lexicon, the trained classifier and the hybrid.

Usage: python bench/cv_hybrid.py [--folds 5] [--repeats 1] [--seed 0] [--json FILE]

For each corpus (the bundled data/sample_corpus.jsonl, and ../shared/corpus/dev.jsonl
when it is there), the articles are split into ``--folds`` folds. For each fold, the
classifier and the hybrid are trained on the other folds only and tag the held-out
fold; the lexicon tagger is fixed (it is not trained). Printed per corpus: pooled
micro/macro F1 over all held-out predictions, the mean, standard deviation, minimum
and maximum of the per-fold micro-F1, and for the hybrid the share of articles flagged
``needs_review`` and the micro precision and recall of the articles that were not.
The figures go in docs/classification.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import KFold

import sundtext
from sundtext.classify import HybridTagger, ThemeClassifier
from sundtext.evaluate import read_gold

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {
    "sample": ROOT / "data" / "sample_corpus.jsonl",
    "dev": ROOT.parent / "shared" / "corpus" / "dev.jsonl",
}
METHODS = ("lexicon", "classifier", "hybrid")
BANDS = ((0.2, 0.8), (0.25, 0.75), (0.3, 0.7))  # the first is HybridTagger's default


def micro(golds: list[frozenset[str]], preds: list[frozenset[str]]) -> tuple[float, float, float]:
    tp = sum(len(g & p) for g, p in zip(golds, preds, strict=True))
    n_pred = sum(len(p) for p in preds)
    n_gold = sum(len(g) for g in golds)
    precision = tp / n_pred if n_pred else 1.0
    recall = tp / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_corpus(path: Path, folds: int, repeats: int, seed: int) -> dict[str, Any]:
    articles = read_gold(path)
    records = [{"text": a.text, "title": a.title} for a in articles]
    golds = [a.themes for a in articles]
    themes = list(sundtext.load_taxonomy().themes)
    labels = [sorted(g) for g in golds]
    lexicon = [frozenset(sundtext.tag(a.text, title=a.title).themes) for a in articles]

    per_fold: dict[str, list[float]] = {m: [] for m in METHODS}
    pooled: dict[str, list[dict[str, Any]]] = {m: [] for m in METHODS}
    review: dict[tuple[float, float], list[dict[str, Any]]] = {band: [] for band in BANDS}
    thresholds: list[float] = []
    seconds = {"classifier": 0.0, "hybrid": 0.0}
    for r in range(repeats):
        preds: dict[str, list[frozenset[str]]] = {m: [frozenset()] * len(articles) for m in METHODS}
        proba = np.zeros((len(articles), len(themes)))
        splitter = KFold(folds, shuffle=True, random_state=seed + r)
        for train, test in splitter.split(np.zeros(len(articles))):
            x_train = [records[i] for i in train]
            y_train = [labels[i] for i in train]
            started = time.perf_counter()
            clf = ThemeClassifier(classes=themes, random_state=seed).fit(x_train, y_train)
            seconds["classifier"] += time.perf_counter() - started
            started = time.perf_counter()
            hybrid = HybridTagger(
                ThemeClassifier(classes=themes, random_state=seed), random_state=seed
            ).fit(x_train, y_train)
            seconds["hybrid"] += time.perf_counter() - started
            texts = [articles[i].text for i in test]
            titles = [articles[i].title for i in test]
            clf_tags = clf.tag_many(texts, titles)
            hybrid_tags = hybrid.tag_many(texts, titles)
            for k, i in enumerate(test):
                preds["lexicon"][i] = lexicon[i]
                preds["classifier"][i] = frozenset(clf_tags[k].themes)
                preds["hybrid"][i] = frozenset(hybrid_tags[k].themes)
                proba[i] = [hybrid_tags[k].scores[t] for t in themes]
            thresholds.append(hybrid.threshold_)
            for m in METHODS:
                fold_gold = [golds[i] for i in test]
                per_fold[m].append(micro(fold_gold, [preds[m][i] for i in test])[2])
        for m in METHODS:
            by_id = {str(i): _Tags(p) for i, p in enumerate(preds[m])}
            gold = [
                {"id": str(i), "text": a.text, "themes": sorted(a.themes)}
                for i, a in enumerate(articles)
            ]
            ev = sundtext.evaluate(gold, predict=lambda a, by_id=by_id: by_id[a.id])
            p, rc, f = micro(golds, preds[m])
            pooled[m].append({"precision": p, "recall": rc, "micro_f1": f, "macro_f1": ev.macro_f1})
        for low, high in BANDS:
            flagged = ((proba > low) & (proba < high)).any(axis=1)
            sure = [i for i in range(len(articles)) if not flagged[i]]
            p, rc, f = micro([golds[i] for i in sure], [preds["hybrid"][i] for i in sure])
            review[(low, high)].append(
                {
                    "flagged_share": float(flagged.mean()),
                    "unflagged_precision": p,
                    "unflagged_recall": rc,
                    "unflagged_f1": f,
                }
            )

    def mean(rows: list[dict[str, Any]], key: str) -> float:
        return float(statistics.fmean(row[key] for row in rows))

    out: dict[str, Any] = {"articles": len(articles), "methods": {}, "seconds": seconds}
    for m in METHODS:
        scores = per_fold[m]
        out["methods"][m] = {
            "micro_f1": mean(pooled[m], "micro_f1"),
            "precision": mean(pooled[m], "precision"),
            "recall": mean(pooled[m], "recall"),
            "macro_f1": mean(pooled[m], "macro_f1"),
            "fold_mean": statistics.fmean(scores),
            "fold_sd": statistics.stdev(scores) if len(scores) > 1 else 0.0,
            "fold_min": min(scores),
            "fold_max": max(scores),
            "folds": scores,
        }
    out["review"] = {
        f"{low}-{high}": {key: mean(rows, key) for key in rows[0]}
        for (low, high), rows in review.items()
    }
    out["hybrid_threshold"] = {"min": min(thresholds), "max": max(thresholds)}
    return out


class _Tags:
    """The little of ArticleTags that sundtext.evaluate reads."""

    def __init__(self, themes: frozenset[str]) -> None:
        self.themes = tuple(sorted(themes))
        self.reasons: dict[str, str] = {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=1, help="repeat the CV with other splits")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()

    import sklearn

    print(
        f"sundtext {sundtext.__version__}, scikit-learn {sklearn.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    results: dict[str, Any] = {}
    for name, path in CORPORA.items():
        if not path.is_file():
            print(f"\n{name}: {path} is not there; skipped")
            continue
        res = results[name] = run_corpus(path, args.folds, args.repeats, args.seed)
        print(
            f"\n{name}: {res['articles']} articles, {args.folds}-fold CV x {args.repeats} "
            f"(seed {args.seed})"
        )
        print(
            f"{'method':<12}{'micro F1':>9}{'P':>7}{'R':>7}{'macro F1':>10}"
            f"{'fold mean':>11}{'sd':>7}{'min':>7}{'max':>7}"
        )
        for m, s in res["methods"].items():
            print(
                f"{m:<12}{s['micro_f1']:>9.3f}{s['precision']:>7.3f}{s['recall']:>7.3f}"
                f"{s['macro_f1']:>10.3f}{s['fold_mean']:>11.3f}{s['fold_sd']:>7.3f}"
                f"{s['fold_min']:>7.3f}{s['fold_max']:>7.3f}"
            )
        th = res["hybrid_threshold"]
        print(f"hybrid threshold ('auto'): {th['min']:.3f}-{th['max']:.3f} over the folds")
        for band, rv in res["review"].items():
            print(
                f"review band {band}: {rv['flagged_share']:.1%} of articles flagged; the others: "
                f"micro P {rv['unflagged_precision']:.3f} R {rv['unflagged_recall']:.3f} "
                f"F1 {rv['unflagged_f1']:.3f}"
            )
        print(
            f"training time: classifier {res['seconds']['classifier']:.1f} s, hybrid "
            f"{res['seconds']['hybrid']:.1f} s (all folds)"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
