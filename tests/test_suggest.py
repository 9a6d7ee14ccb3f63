"""Lexicon gaps: suggested terms are real, unmatched, associated with their theme, actionable."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sundtext
from sundtext._stopwords import STOP_WORDS
from sundtext.compound import _lemma_table, split_compound
from sundtext.errors import SundtextTypeError, SundtextValueError
from sundtext.suggest import Suggestion, suggest_terms
from sundtext.taxonomy import taxonomy_from_dict

from .conftest import ROOT

CORPUS = ROOT / "data" / "sample_corpus.jsonl"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return list(sundtext.read_articles(CORPUS)["text"])


@pytest.fixture(scope="module")
def gaps(texts: list[str]) -> dict[str, tuple[Suggestion, ...]]:
    return suggest_terms(texts)


def _all(gaps: dict[str, tuple[Suggestion, ...]]) -> list[Suggestion]:
    return [s for suggestions in gaps.values() for s in suggestions]


def test_the_sample_corpus_gives_real_danish_terms_for_most_themes(
    gaps: dict[str, tuple[Suggestion, ...]],
) -> None:
    assert len(gaps) >= 18
    known = {w.lower() for pair in _lemma_table().items() for w in pair}
    for s in _all(gaps):
        for word in s.term.split():
            assert word not in STOP_WORDS, s
            assert word.isalpha() or "-" in word, s  # no numbers, no punctuation
            # a word of the Danish lemma table, or a compound of its words
            assert word in known or split_compound(word).is_compound, s
    terms = {s.term for s in _all(gaps)}
    assert {"præparat", "mangel", "henvisning", "omsorgssystem"} <= terms


def test_no_suggestion_is_matched_by_a_lexicon(gaps: dict[str, tuple[Suggestion, ...]]) -> None:
    matcher = sundtext.ThemeMatcher()
    for s in _all(gaps):
        for form in (s.pattern, s.term):
            scan = matcher.scan(form)
            assert not scan.mentions and not scan.domain, s


def test_suggestions_are_ranked_and_meet_the_thresholds(
    gaps: dict[str, tuple[Suggestion, ...]],
) -> None:
    order = list(sundtext.load_taxonomy().themes)
    assert list(gaps) == [t for t in order if t in gaps]
    for theme, suggestions in gaps.items():
        assert 1 <= len(suggestions) <= 10
        assert [s.score for s in suggestions] == sorted(
            (s.score for s in suggestions), reverse=True
        )
        for s in suggestions:
            assert s.theme == theme and s.kind in {"word", "compound", "phrase"}
            assert s.count >= 3 and s.articles >= 2 and s.frequency >= s.count
            assert s.score >= 3.84
            assert s.example and len(s.example) <= 125


def test_a_suggested_pattern_added_to_the_lexicon_matches_its_example(
    gaps: dict[str, tuple[Suggestion, ...]],
) -> None:
    picks = [s for s in _all(gaps) if s.kind != "phrase"][::7] + [
        s for s in _all(gaps) if s.kind == "phrase"
    ]
    assert any(s.kind == "phrase" for s in picks)
    themes: dict[str, dict[str, list[str]]] = {}
    for s in picks:
        themes.setdefault(s.theme, {"terms": []})["terms"].append(s.pattern)
    extended = taxonomy_from_dict({"taxonomy": {"extends": "default"}, "themes": themes})
    for s in picks:
        entries = {m.entry for m in sundtext.extract_themes(s.example, extended)}
        assert s.pattern in entries, s


def test_names_words_inside_mentions_and_stop_words_are_not_suggested() -> None:
    texts = [
        "Ifølge Jensen mangler regionen sygeplejersker, og nattevagter er hårde.",
        "Jensen siger, at regionen mangler sygeplejersker til nattevagter.",
        "Sygeplejersker mangler, fordi nattevagter skræmmer, siger Jensen.",
        "Hospitalet har en kantine.",
    ]
    gaps = suggest_terms(texts, themes=["workforce"])
    terms = {s.term for s in gaps["workforce"]}
    assert "nattevagt" in terms
    assert "jensen" not in terms  # a name
    assert "sygeplejerske" not in terms and "mangle" not in terms  # inside the mentions
    assert not terms & STOP_WORDS


def test_article_context_counts_articles_and_phrases_can_be_turned_off(texts: list[str]) -> None:
    by_article = suggest_terms(texts, context="article", phrases=False, themes=["medicine"])
    suggestions = by_article["medicine"]
    assert all(s.count == s.articles for s in suggestions)
    assert all(s.kind != "phrase" for s in suggestions)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"themes": ["nope"]}, SundtextValueError, "unknown theme 'nope'; valid themes are ai"),
        ({"context": "paragraph"}, SundtextValueError, "context must be one of"),
        ({"top": 0}, SundtextValueError, "top must be an int >= 1"),
        ({"min_count": 1.5}, SundtextValueError, "min_count must be an int >= 1"),
    ],
)
def test_bad_arguments_say_what_is_expected(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        suggest_terms(["Ventetiden stiger."], **kwargs)  # type: ignore[arg-type]


def test_a_text_that_is_not_a_str_is_a_type_error() -> None:
    with pytest.raises(SundtextTypeError, match=r"texts\[1\] must be a str"):
        suggest_terms(["Ventetiden stiger.", b"bytes"])  # type: ignore[list-item]


_VOCABULARY = [
    "Ventetiden", "stiger", "nattevagter", "sygeplejersker", "mangler", "Robotter", "kommunen",
    "ældre", "Jensen", "2024", "og", "i", "på", ".", ",", "-", "børne-", "cyberangreb",
    "hospitalet\n\n",
]  # fmt: skip
_WORDS = st.sampled_from(_VOCABULARY)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_WORDS, max_size=30).map(" ".join), max_size=6))
def test_any_corpus_gives_unmatched_content_words_or_nothing(docs: list[str]) -> None:
    gaps = suggest_terms(docs, min_count=1, min_articles=1, min_score=0.0)
    matcher = sundtext.ThemeMatcher()
    for s in _all(gaps):
        assert s.count >= 1 and s.frequency >= s.count
        assert not matcher.scan(s.pattern).mentions
        assert not set(s.term.split()) & STOP_WORDS
        assert s.term == s.term.lower() or s.term.isupper()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "sundtext.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_suggest_command_prints_a_table_and_json() -> None:
    table = _cli("suggest", str(CORPUS), "--theme", "medicine", "--top", "3")
    assert table.returncode == 0, table.stderr
    assert "medicine — " in table.stdout and "præparat" in table.stdout
    assert "workforce" not in table.stdout
    lines = _cli("suggest", str(CORPUS), "--top", "2", "--json").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) >= 30 and {"theme", "term", "pattern", "score", "example"} <= set(rows[0])


def test_the_suggest_command_fails_in_one_line_for_an_unknown_theme() -> None:
    res = _cli("suggest", str(CORPUS), "--theme", "nope")
    assert res.returncode == 1
    assert res.stderr.count("\n") == 1 and "unknown theme 'nope'" in res.stderr
