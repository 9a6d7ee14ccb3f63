"""Pin what ``sundtext.tag`` returns, so that speed work cannot change a result.

Usage::

    python bench/golden.py --save out/golden.pickle    # before touching the code
    python bench/golden.py --check out/golden.pickle   # after every optimisation

Tags the bundled sample corpus and the annotated dev corpus
(``../shared/corpus/dev.jsonl``, read at run time when it is there) in several
variants (as given, with a separate title, cleaned, upper-cased, with Windows
line ends and odd whitespace, cut short, and shuffled word salads seeded for
repeatability) and records every field of every result: themes, groups, the
exact float scores, every mention (offsets, sentence, sentence index, weight),
the evidence and the domain score. ``--check`` exits non-zero and names the
first differing article when anything changed.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from pathlib import Path
from typing import Any

import sundtext

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT / "data" / "sample_corpus.jsonl", ROOT.parent / "shared" / "corpus" / "dev.jsonl"]


def _articles() -> list[tuple[str, str, str | None]]:
    """(case name, text, title) for every case."""
    cases: list[tuple[str, str, str | None]] = []
    rng = random.Random(7)
    for path in CORPORA:
        if not path.is_file():
            print(f"golden: {path} is missing, skipped", file=sys.stderr)
            continue
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        words: list[str] = []
        for row in rows:
            rid, text, title = f"{path.stem}:{row['id']}", row["text"], row.get("title")
            words.extend(text.split())
            cases.append((f"{rid}:raw", text, None))
            if title:
                cases.append((f"{rid}:title", text, title))
            cases.append((f"{rid}:clean", sundtext.clean(text), None))
            cases.append((f"{rid}:upper", text.upper(), None))
            odd = text.replace("\n", "\r\n").replace(". ", ".\u00a0", 3).replace(" og ", "\tog ")
            cases.append((f"{rid}:odd-space", odd, None))
            cases.append((f"{rid}:cut", text[: 1 + len(text) // 3], None))
            cases.append((f"{rid}:unique", f"{text}\n\nArtikel nr. {len(cases)}.", None))
        for k in range(200):  # word salads: odd neighbours, seams, stray punctuation
            n = rng.randint(1, 120)
            salad = " ".join(rng.choice(words) for _ in range(n))
            if k % 3 == 0:
                salad = salad.replace(" og ", "- og ", 2)
            if k % 5 == 0:
                salad = salad.replace(" ", "\n\n", 3)
            cases.append((f"{path.stem}:salad{k}", salad, None))
    extra = [
        "",
        " ",
        "AI og KOL og İstanbul: Cyber- og informationssikkerhed, kræft- eller hjertepatienter.",
        "e-sundhed, esundhed og e‑sundhed; sundheds-it og sundheds-\u00adit.",
        "Ventetid\n\n- Vi mangler sygeplejersker.\n1. Psykiatri\n2) Akutmodtagelse",
        # letters and digits outside Latin-1 next to lexicon words, odd spaces and hyphens
        "Łsygeplejersker, sygeplejerskerł, sygeplejerskerΣ og ΣΑΣ ai; ΑΙ-strategi og AI‐strategi.",
        "Kunstig\u2028intelligens og kunstig\u3000intelligens; cyber\u2011sikkerhed — “AI” i 2024.",
        "Psykiatrien٣ og ٣psykiatrien, sundheds\u00advæsenet, e\u2010sundhed, KOLs og KOL'er.",
        "İİİ sygeplejerskerne mangler. ǅemo: Ventetiden stiger. Ⅻ ventelister; “Cyber”- og IT-sikkerhed.",
        "ﬁnansiering og ﬂere sygeplejersker; Straße. Cyber- og informationssikkerhed, kræft- eller hjertepatienter.",
    ]
    cases += [(f"extra:{i}", t, None) for i, t in enumerate(extra)]
    return cases


def _record(tags: Any) -> tuple[Any, ...]:
    return (
        tags.themes,
        tags.groups,
        tuple(tags.scores.items()),
        tuple(tuple(m) for m in tags.mentions),
        tuple((t, tuple(es.items())) for t, es in tags.evidence.items()),
        tags.domain_score,
        tags.threshold,
        tags.min_domain,
    )


def outputs() -> dict[str, tuple[Any, ...]]:
    """Every case's recorded result, with ``tag`` and with ``tag_many`` (which must agree)."""
    cases = _articles()
    out = {name: _record(sundtext.tag(text, title=title)) for name, text, title in cases}
    untitled = [(name, text) for name, text, title in cases if title is None]
    for (name, _), tags in zip(untitled, sundtext.tag_many(t for _, t in untitled), strict=True):
        if _record(tags) != out[name]:
            raise SystemExit(f"golden: tag_many differs from tag for {name}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, metavar="FILE")
    group.add_argument("--check", type=Path, metavar="FILE")
    args = parser.parse_args()
    started = time.perf_counter()
    got = outputs()
    seconds = time.perf_counter() - started
    n_mentions = sum(len(r[3]) for r in got.values())
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_bytes(pickle.dumps(got))
        print(f"golden: saved {len(got)} results, {n_mentions} mentions -> {args.save}")
        return 0
    want = pickle.loads(args.check.read_bytes())
    if set(want) != set(got):
        print(f"golden: the cases differ: {sorted(set(want) ^ set(got))[:5]}", file=sys.stderr)
        return 1
    for name in want:
        if want[name] != got[name]:
            w, g = want[name], got[name]
            fields = ["themes", "groups", "scores", "mentions", "evidence", "domain", "thr", "min"]
            diff = [f for f, a, b in zip(fields, w, g, strict=True) if a != b]
            print(f"golden: {name} differs in {diff}", file=sys.stderr)
            return 1
    print(f"golden: {len(got)} results, {n_mentions} mentions identical ({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
