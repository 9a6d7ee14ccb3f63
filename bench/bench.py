"""Speed and scale of sundtext, side by side with the spaCy baseline a user would write.

Usage::

    python bench/bench.py            # 1k, 10k and 100k articles (about 4 minutes on 2 cores)
    python bench/bench.py --quick    # 1k and 10k only (about 2 minutes)
    python bench/bench.py --src /path/to/other/src --no-write   # time another checkout

One run builds one corpus per size from the bundled sample corpus
(``data/sample_corpus.jsonl``, 160 Danish health-policy articles of about 1.2 kB),
each text made unique by a closing line with its number, and measures on it:

* ``tag_many`` (themes, scores, mentions with their sentences) in one process;
* the baseline: ``spacy.blank("da")`` + ``PhraseMatcher(attr="LOWER")`` over the
  same lexicon's literal variants (1k and 10k only);
* ``tag_frame`` on a DataFrame;
* ``sundtext tag`` on a JSON Lines file, end to end (reading, cleaning, tagging,
  writing CSV), with ``--jobs 1`` and ``--jobs 2``;
* ``tag_many`` with ``n_jobs=2``;
* ``tag_many`` on the real pages of ``../shared/corpus/dev.jsonl`` when it is there
  (half of them hold characters outside Latin-1, a slower path);
* the time of ``import sundtext`` and of ``sundtext --help`` (best of 5).

Every measurement runs in a fresh subprocess, so each has its own peak memory (RSS,
from ``wait4``; with worker processes it is the largest of them, not the sum). Wall
time and CPU time (user + system, workers included) are both reported, and the load
average before each measurement: on a shared machine CPU time is the steadier
figure. Small sizes are repeated and the best run is kept.

The results are printed and written as a markdown table to ``docs/benchmarks.md``
with the machine, the versions, the date and the load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_corpus.jsonl"
DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
SIZES = (1_000, 10_000, 100_000)
BASELINE_SIZES = (1_000, 10_000)
DEV_SIZE = 10_000
NOTES = "<!-- notes: written by hand, kept by bench.py -->"


# ------------------------------------------------------------------ the corpus


def build_corpus(source: Path, n: int, path: Path) -> int:
    """Write ``n`` unique articles built from ``source`` to ``path``; returns its UTF-8 bytes."""
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line]
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            row = rows[i % len(rows)]
            text = f"{row['text']}\n\nArtikel nr. {i}."
            size += len(text.encode("utf-8"))
            record = {"id": f"a{i}", "title": row.get("title"), "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return size


def load_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines]


# ------------------------------------------------------------------ workers
# Each runs in its own process and prints one JSON object.


def _cpu() -> float:
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(run: Any) -> dict[str, Any]:
    cpu, wall = _cpu(), time.perf_counter()
    extra = run()
    out = {"wall": time.perf_counter() - wall, "cpu": _cpu() - cpu}
    out.update(extra or {})
    return out


def worker_tag_many(corpus: Path, jobs: int) -> dict[str, Any]:
    import sundtext

    texts = load_texts(corpus)
    started = time.perf_counter()
    list(sundtext.tag_many(texts[:20]))  # compile the automaton
    warm = time.perf_counter() - started

    def run() -> dict[str, Any]:
        mentions = themes = 0
        if jobs == 0:  # every result kept in a list, as list(tag_many(texts)) does
            kept = list(sundtext.tag_many(texts))
            return {"mentions": sum(len(t.mentions) for t in kept)}
        for tags in sundtext.tag_many(texts, n_jobs=jobs):  # consumed as a stream
            mentions += len(tags.mentions)
            themes += len(tags.themes)
        return {"mentions": mentions, "themes": themes}

    return {"first_call": warm, **_timed(run)}


def worker_spacy(corpus: Path) -> dict[str, Any]:
    import spacy
    from spacy.matcher import PhraseMatcher

    from sundtext.taxonomy import load_taxonomy

    texts = load_texts(corpus)
    started = time.perf_counter()
    tax = load_taxonomy()
    nlp = spacy.blank("da")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    phrases: dict[str, set[str]] = {"domain": {v for e in tax.domain for v in e.variants}}
    for tid, theme in tax.themes.items():
        phrases[tid] = {v for e in theme.entries for v in e.variants}
    for label, variants in phrases.items():
        matcher.add(label, list(nlp.tokenizer.pipe(sorted(variants))))
    setup = time.perf_counter() - started
    strings = nlp.vocab.strings

    def run() -> dict[str, Any]:
        mentions = 0
        for doc in nlp.pipe(texts, batch_size=256):
            found = []
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                found.append((strings[match_id], span.start_char, span.end_char, span.text))
            mentions += len(found)
        return {"mentions": mentions}

    return {"first_call": setup, "phrases": sum(map(len, phrases.values())), **_timed(run)}


def worker_tag_frame(corpus: Path) -> dict[str, Any]:
    import pandas as pd

    import sundtext

    df = pd.DataFrame({"text": load_texts(corpus)})
    sundtext.tag_frame(df.head(20))

    def run() -> dict[str, Any]:
        out = sundtext.tag_frame(df)
        return {"themes": int(out["themes"].map(len).sum())}

    return _timed(run)


def worker_import() -> dict[str, Any]:
    started = time.perf_counter()
    import sundtext  # noqa: F401

    return {"wall": time.perf_counter() - started, "pandas": "pandas" in sys.modules}


WORKERS = {"tag_many": worker_tag_many, "spacy": worker_spacy, "tag_frame": worker_tag_frame}


# ------------------------------------------------------------------ running them


class Runner:
    def __init__(self, src: Path | None) -> None:
        self.env = dict(os.environ)
        if src is not None:
            self.env["PYTHONPATH"] = str(src) + os.pathsep + self.env.get("PYTHONPATH", "")
        self.env["PYTHONHASHSEED"] = "0"
        script = Path(sys.executable).parent / "sundtext"
        self.cli = [str(script)] if script.exists() else [sys.executable, "-m", "sundtext.cli"]

    def _spawn(self, argv: list[str]) -> dict[str, Any]:
        load = os.getloadavg()[0]
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            wall = time.perf_counter()
            proc = subprocess.Popen(argv, env=self.env, stdout=out, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage
            wall = time.perf_counter() - wall
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
        if proc.returncode != 0:
            raise SystemExit(f"bench: {' '.join(argv)} failed:\n{stderr}")
        return {
            "out": stdout,
            "process_wall": wall,
            "process_cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024,
            "load": load,
        }

    def worker(self, kind: str, corpus: Path, jobs: int = 1) -> dict[str, Any]:
        argv = [sys.executable, __file__, "--worker", kind, "--corpus", str(corpus)]
        got = self._spawn([*argv, "--jobs", str(jobs)])
        result = json.loads(got.pop("out").strip().splitlines()[-1])
        return {**got, **result}

    def cli_tag(self, corpus: Path, out: Path, jobs: int) -> dict[str, Any]:
        argv = [*self.cli, "tag", str(corpus), "-o", str(out), "--quiet", "--jobs", str(jobs)]
        got = self._spawn(argv)
        out.unlink(missing_ok=True)
        return {**got, "wall": got["process_wall"], "cpu": got["process_cpu"]}

    def best(self, times: int, measure: Any) -> dict[str, Any]:
        runs = [measure() for _ in range(times)]
        return min(runs, key=lambda r: r["cpu"])


def startup_times(runner: Runner) -> dict[str, float]:
    imports, helps, bare = [], [], []
    for _ in range(5):
        got = runner._spawn([sys.executable, __file__, "--worker", "import"])
        imports.append(json.loads(got["out"])["wall"])
        helps.append(runner._spawn([*runner.cli, "--help"])["process_wall"])
        bare.append(runner._spawn([sys.executable, "-c", "pass"])["process_wall"])
    pandas = json.loads(got["out"])["pandas"]
    return {"import": min(imports), "help": min(helps), "python": min(bare), "pandas": pandas}


# ------------------------------------------------------------------ the report


def machine() -> dict[str, str]:
    cpu = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with open("/proc/meminfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    versions = []
    for name in ("sundtext", "pyahocorasick", "spacy", "pandas", "dask", "distributed"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(),
        "versions": ", ".join(versions),
    }


def rates(r: dict[str, Any], n: int, mb: float) -> tuple[str, str, str, str]:
    return (
        f"{n / r['wall']:,.0f}",
        f"{mb / r['wall']:.1f}",
        f"{n / r['cpu']:,.0f}",
        f"{mb / r['cpu']:.1f}",
    )


def table(rows: list[list[str]], head: list[str]) -> Iterator[str]:
    yield "| " + " | ".join(head) + " |"
    yield "|" + "|".join("---:" if i else "---" for i in range(len(head))) + "|"
    for row in rows:
        yield "| " + " | ".join(row) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1k and 10k articles only")
    parser.add_argument("--src", type=Path, help="benchmark the sundtext in this src folder")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "import":
        print(json.dumps(worker_import()))
        return 0
    if args.worker:
        work = WORKERS[args.worker]
        result = work(args.corpus, args.jobs) if args.worker == "tag_many" else work(args.corpus)
        print(json.dumps(result))
        return 0

    started = time.perf_counter()
    sizes = SIZES[:2] if args.quick else SIZES
    runner = Runner(args.src)
    load_before = os.getloadavg()
    print(f"bench: load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
    results: dict[str, dict[int, dict[str, Any]]] = {}
    megabytes: dict[int, float] = {}

    def note(name: str, n: int, r: dict[str, Any]) -> None:
        results.setdefault(name, {})[n] = r
        mb = megabytes[n]
        count = n if n > 0 else DEV_SIZE  # n = -1: the real pages
        print(
            f"  {name:<18} {count:>7,}  wall {r['wall']:7.2f} s  cpu {r['cpu']:7.2f} s  "
            f"{count / r['cpu']:>8,.0f} art/s cpu  {mb / r['cpu']:5.1f} MB/s cpu  "
            f"rss {r['rss_mb']:6.0f} MB  load {r['load']:.1f}",
            flush=True,
        )

    def measure(n: int, corpus: Path, out: Path, repeat: int) -> None:
        note("tag_many", n, runner.best(repeat, lambda: runner.worker("tag_many", corpus)))
        if n in BASELINE_SIZES:
            note("spacy", n, runner.best(repeat, lambda: runner.worker("spacy", corpus)))
        if n >= 10_000:
            two = runner.best(repeat, lambda: runner.worker("tag_many", corpus, jobs=2))
            note("tag_many jobs 2", n, two)
            kept = runner.best(repeat, lambda: runner.worker("tag_many", corpus, jobs=0))
            note("tag_many list", n, kept)
        note("tag_frame", n, runner.best(repeat, lambda: runner.worker("tag_frame", corpus)))
        note("cli jobs 1", n, runner.best(repeat, lambda: runner.cli_tag(corpus, out, 1)))
        if n >= 10_000:
            note("cli jobs 2", n, runner.best(repeat, lambda: runner.cli_tag(corpus, out, 2)))

    with tempfile.TemporaryDirectory(prefix="sundtext-bench-") as tmp:
        folder = Path(tmp)
        for n in sizes:
            corpus = folder / f"corpus_{n}.jsonl"
            megabytes[n] = build_corpus(SAMPLE, n, corpus) / 1e6
            repeat = 3 if n <= 10_000 else 1
            print(f"bench: {n:,} articles, {megabytes[n]:.1f} MB", flush=True)
            measure(n, corpus, folder / "tagged.csv", repeat)
            corpus.unlink()
        if DEV.is_file():
            corpus = folder / "dev.jsonl"
            megabytes[-1] = build_corpus(DEV, DEV_SIZE, corpus) / 1e6
            print(f"bench: real pages (dev corpus), 10,000 articles, {megabytes[-1]:.1f} MB")
            note("tag_many", -1, runner.best(2, lambda: runner.worker("tag_many", corpus)))
            note("spacy", -1, runner.best(1, lambda: runner.worker("spacy", corpus)))
    startup = startup_times(runner)
    print(
        f"  import sundtext {startup['import'] * 1000:.0f} ms, sundtext --help "
        f"{startup['help'] * 1000:.0f} ms (python alone {startup['python'] * 1000:.0f} ms)"
    )
    load_after = os.getloadavg()
    elapsed = time.perf_counter() - started
    report = render(results, megabytes, startup, load_before, load_after, elapsed, args)
    print()
    print(report)
    if not args.no_write:
        # hand-written notes below the marker are kept from one run to the next
        old = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        notes = old[old.index(NOTES) :] if NOTES in old else NOTES + "\n"
        args.output.write_text(report + "\n" + notes, encoding="utf-8")
        print(f"bench: wrote {args.output} ({elapsed:.0f} s)")
    return 0


def render(
    results: dict[str, dict[int, dict[str, Any]]],
    megabytes: dict[int, float],
    startup: dict[str, Any],
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
    elapsed: float,
    args: argparse.Namespace,
) -> str:
    m = machine()
    lines = [
        "# Benchmarks",
        "",
        "Written by `python bench/bench.py` (`make bench`); see that file for what is measured "
        "and how. Corpus: the bundled sample corpus (160 articles of about 1.2 kB), repeated "
        "to each size with every text made unique. art/s = articles per second; MB/s = "
        "megabytes of UTF-8 text per second. *CPU* rates divide by the CPU time of the run "
        "(workers included), the steadier figure on a shared machine; *wall* rates by the "
        "elapsed time. Peak RSS is that of the measuring process (with worker processes, the "
        "largest one), corpus in memory included for the Python rows.",
        "",
        f"- date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; {m['os']}",
        f"- {m['python']}; {m['versions']}",
        f"- load average (1, 5, 15 min) before: {' '.join(f'{x:.2f}' for x in load_before)}; "
        f"after: {' '.join(f'{x:.2f}' for x in load_after)}; run took {elapsed:.0f} s"
        + (f"; sundtext from {args.src}" if args.src else ""),
        "",
        "## Throughput",
        "",
    ]
    rows = []
    order = [
        "tag_many",
        "tag_many list",
        "spacy",
        "tag_frame",
        "cli jobs 1",
        "tag_many jobs 2",
        "cli jobs 2",
    ]
    labels = {
        "tag_many": "`tag_many`",
        "tag_many list": "`list(tag_many(...))`: results kept",
        "spacy": "baseline: spaCy blank + PhraseMatcher",
        "tag_frame": "`tag_frame`",
        "cli jobs 1": "`sundtext tag` (CLI, JSONL -> CSV)",
        "tag_many jobs 2": "`tag_many(n_jobs=2)`",
        "cli jobs 2": "`sundtext tag --jobs 2`",
    }
    sizes = sorted(n for n in megabytes if n > 0)
    for name in order:
        for n in sizes:
            r = results.get(name, {}).get(n)
            if r is None:
                continue
            us = r["cpu"] / n * 1e6
            rows.append(
                [
                    labels[name],
                    f"{n:,}",
                    *rates(r, n, megabytes[n]),
                    f"{us:.0f}",
                    f"{r['rss_mb']:.0f}",
                    f"{r['load']:.1f}",
                ]
            )
    for name, label in (("tag_many", "`tag_many`, real pages"), ("spacy", "baseline, real pages")):
        r = results.get(name, {}).get(-1)
        if r is not None:
            n = DEV_SIZE
            us = r["cpu"] / n * 1e6
            rows.append(
                [
                    label,
                    f"{n:,}",
                    *rates(r, n, megabytes[-1]),
                    f"{us:.0f}",
                    f"{r['rss_mb']:.0f}",
                    f"{r['load']:.1f}",
                ]
            )
    head = [
        "what",
        "articles",
        "art/s wall",
        "MB/s wall",
        "art/s CPU",
        "MB/s CPU",
        "µs/article CPU",
        "peak RSS MB",
        "load",
    ]
    lines += list(table(rows, head))
    lines += ["", "## Ratios", ""]
    ratio_rows = []

    def ratio(a: str, b: str, n: int, what: str) -> None:
        ra, rb = results.get(a, {}).get(n), results.get(b, {}).get(n)
        if ra and rb:
            ratio_rows.append(
                [
                    what,
                    f"{n:,}" if n > 0 else "real pages",
                    f"{rb['wall'] / ra['wall']:.1f}x",
                    f"{rb['cpu'] / ra['cpu']:.1f}x",
                ]
            )

    for n in [*sizes, -1]:
        ratio("tag_many", "spacy", n, "`tag_many` / spaCy baseline (articles/s)")
    for n in sizes:
        ratio("tag_many jobs 2", "tag_many", n, "`tag_many` n_jobs=2 / n_jobs=1")
        ratio("cli jobs 2", "cli jobs 1", n, "`sundtext tag --jobs 2` / `--jobs 1`")
    lines += list(table(ratio_rows, ["ratio", "articles", "wall", "CPU"]))
    lines += [
        "",
        "A CPU ratio for `--jobs 2` compares total CPU time, so it is below 1 (the work plus "
        "the cost of sending it between processes); the wall ratio is the speed-up.",
        "",
        "## Cost against corpus size",
        "",
    ]
    lin_rows = []
    for name in ("tag_many", "tag_many list", "tag_frame", "cli jobs 1", "cli jobs 2"):
        got = {n: r for n, r in results.get(name, {}).items() if n > 0}
        if len(got) >= 2:
            base = got[min(got)]["cpu"] / min(got)
            cells = [
                f"{got[n]['cpu'] / n * 1e6:.0f} µs ({got[n]['cpu'] / n / base:.2f})"
                if n in got
                else ""
                for n in sizes
            ]
            lin_rows.append([labels[name], *cells])
    lines += list(
        table(lin_rows, ["CPU µs/article (relative to the smallest)", *(f"{n:,}" for n in sizes)])
    )
    lines += [
        "",
        "The command line's cost per article falls with the size because its start-up (the "
        "interpreter, the imports, the taxonomy: about a second) is spread over more articles.",
        "",
        "## Start-up",
        "",
        f"- `import sundtext`: {startup['import'] * 1000:.0f} ms (in-process, best of 5; "
        f"pandas imported: {'yes' if startup['pandas'] else 'no'})",
        f"- `sundtext --help`: {startup['help'] * 1000:.0f} ms end to end, best of 5 "
        f"(the interpreter alone, `python -c pass`: {startup['python'] * 1000:.0f} ms)",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
