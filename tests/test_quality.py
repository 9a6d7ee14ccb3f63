"""Quality floors on real and bundled articles (figures for the docs come from `sundtext evaluate`).

The real articles in ../shared are someone else's writing and are only read at run time;
these tests skip when ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sundtext

from .conftest import ROOT

SEED_MUST = {
    "ai", "cybersecurity", "workforce", "health_data", "digitalisation", "telehealth",
    "automation", "public_private", "green_transition", "inequality", "elderly", "coherence",
    "funding", "regulation", "research_innovation",
}  # fmt: skip
SEED_MAY = {"cancer", "mental_health", "chronic_disease", "prevention"}


def test_seed_press_release_gets_its_themes_and_no_teaser_themes(shared_dir: Path) -> None:
    seeds = sorted((shared_dir / "seed").glob("*.txt"))
    if not seeds:
        pytest.skip("no seed article in ../shared/seed")
    text = sundtext.clean(seeds[0].read_text(encoding="utf-8"), strip_boilerplate=True)
    result = sundtext.tag(text)
    themes = set(result.themes)
    assert themes >= SEED_MUST, result.explain()
    assert themes <= SEED_MUST | SEED_MAY, result.explain()
    for m in result.mentions:
        assert text[m.start : m.end] == m.surface


def test_dev_corpus_meets_the_quality_floor(shared_dir: Path) -> None:
    dev = shared_dir / "corpus" / "dev.jsonl"
    if not dev.is_file():
        pytest.skip("no ../shared/corpus/dev.jsonl")
    ev = sundtext.evaluate(dev)
    assert ev.micro_f1 >= 0.80, ev.format(max_errors=0)
    assert ev.macro_f1 >= 0.70, ev.format(max_errors=0)
    weak = [s.label for s in ev.themes if s.support >= 3 and s.f1 < 0.5]
    assert not weak, ev.format(max_errors=0)


def test_bundled_sample_corpus_meets_the_quality_floor() -> None:
    ev = sundtext.evaluate(ROOT / "data" / "sample_corpus.jsonl")
    assert ev.n_articles >= 150
    assert ev.micro_f1 >= 0.80, ev.format(max_errors=0)
    assert ev.macro_f1 >= 0.75, ev.format(max_errors=0)


def test_off_topic_sample_articles_get_no_themes() -> None:
    import json

    rows = [
        json.loads(line) for line in (ROOT / "data" / "sample_corpus.jsonl").open(encoding="utf-8")
    ]
    off_topic = [r for r in rows if not r["themes"]]
    assert len(off_topic) >= 10
    tagged = {r["id"]: sundtext.tag(r["text"], title=r["title"]).themes for r in off_topic}
    assert {k: v for k, v in tagged.items() if v} == {}
