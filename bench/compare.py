"""Compare the speed of ``tag_many`` in several source trees, side by side with the baseline.

Usage::

    python bench/compare.py /tmp/before/src src [--n 5000] [--rounds 3]

Each tree (a folder holding the ``sundtext`` package) and the spaCy baseline of
``bench/bench.py`` tag the same generated corpus (the sample corpus repeated to
``--n`` unique articles) in fresh processes, taking turns for ``--rounds`` rounds
so that they share the machine's load alike; the best CPU time of each is kept.
Prints CPU microseconds per article and the speed of each tree relative to the
baseline and to the first tree.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import SAMPLE, build_corpus  # noqa: E402


def _worker(corpus: Path, repeats: int) -> None:
    import sundtext

    with corpus.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines]
    list(sundtext.tag_many(texts[:20]))
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        for _tags in sundtext.tag_many(texts):
            pass
        best = min(best, time.process_time() - started)
    print(json.dumps({"cpu": best}))


def _run(argv: list[str], src: str | None) -> float:
    env = dict(os.environ, PYTHONHASHSEED="0")
    if src is not None:
        env["PYTHONPATH"] = src
    out = subprocess.run(argv, env=env, check=True, capture_output=True, text=True).stdout
    cpu: float = json.loads(out.strip().splitlines()[-1])["cpu"]
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("trees", nargs="*", help="folders that hold the sundtext package")
    parser.add_argument("--n", type=int, default=5000, help="articles (default 5000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of turns (default 3)")
    parser.add_argument(
        "--source", type=Path, default=SAMPLE, help="JSON Lines corpus to repeat (default: sample)"
    )
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, 3)
        return 0
    print(f"compare: load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        build_corpus(args.source, args.n, corpus)
        best: dict[str, float] = {}
        for _ in range(args.rounds):
            for tree in args.trees:
                cpu = _run([sys.executable, __file__, "--worker", str(corpus)], tree)
                best[tree] = min(best.get(tree, cpu), cpu)
            argv = [sys.executable, str(HERE / "bench.py"), "--worker", "spacy"]
            cpu = _run([*argv, "--corpus", str(corpus)], None)
            best["baseline"] = min(best.get("baseline", cpu), cpu)
    base = best["baseline"] / args.n * 1e6
    first = best[args.trees[0]] / args.n * 1e6 if args.trees else base
    print(f"{'tree':<40} {'µs/article CPU':>14} {'x baseline':>10} {'x first':>8}")
    print(f"{'spaCy blank + PhraseMatcher':<40} {base:>14.1f} {1.0:>10.2f} {first / base:>8.2f}")
    for tree in args.trees:
        us = best[tree] / args.n * 1e6
        print(f"{tree:<40} {us:>14.1f} {base / us:>10.2f} {first / us:>8.2f}")
    print(f"compare: load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
