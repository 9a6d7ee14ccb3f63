"""Throughput of ``sundtext.tag_many`` on seed-sized articles, on one core.

Usage: python bench/bench_tag.py [--n 5000] [--jobs 1]

Articles are the real seed article in ../shared/seed (cleaned) when it is there, else
texts built from the bundled example page, each made unique by a number so no cache
can help. Prints articles/s and MB/s; the figure goes in docs/evaluation.md.
"""

from __future__ import annotations

import argparse
import platform
import time
from importlib import resources
from pathlib import Path

import sundtext

ROOT = Path(__file__).resolve().parents[1]


def base_text() -> tuple[str, str]:
    seed_dir = ROOT.parent / "shared" / "seed"
    seeds = sorted(seed_dir.glob("*.txt")) if seed_dir.is_dir() else []
    if seeds:
        raw = seeds[0].read_text(encoding="utf-8")
        return sundtext.clean(raw, strip_boilerplate=True), f"seed article {seeds[0].name}"
    html = (resources.files("sundtext") / "data" / "example.html").read_text(encoding="utf-8")
    return sundtext.clean_html(html), "bundled example page"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=5000, help="articles to tag")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    args = parser.parse_args()
    text, what = base_text()
    texts = [f"{text}\n\nArtikel nr. {i}." for i in range(args.n)]
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    list(sundtext.tag_many(texts[:50]))  # compile the automaton, warm caches
    start, cpu_start = time.perf_counter(), time.process_time()
    n_themes = sum(len(t.themes) for t in sundtext.tag_many(texts, n_jobs=args.jobs))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        f"machine: {platform.machine()}, {platform.processor() or '?'}, Python {platform.python_version()}"
    )
    print(f"text: {what}, {len(text):,} characters")
    print(f"tag_many, n_jobs={args.jobs}: {args.n:,} articles in {elapsed:.2f} s")
    print(f"  wall: {args.n / elapsed:,.0f} articles/s, {size_mb / elapsed:.1f} MB/s")
    if args.jobs == 1:  # CPU time of this process: robust when other work shares the machine
        print(f"  CPU:  {args.n / cpu:,.0f} articles/s, {size_mb / cpu:.1f} MB/s per core")
    print(f"  {n_themes / args.n:.1f} themes/article")


if __name__ == "__main__":
    main()
