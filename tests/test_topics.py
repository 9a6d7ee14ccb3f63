"""Topic discovery: reproducible topics on lemmas, their overlap with the taxonomy's themes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sundtext
from sundtext._stopwords import STOP_WORDS
from sundtext.errors import SundtextTypeError, SundtextValueError
from sundtext.topics import Topics, discover_topics

from .conftest import ROOT


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return list(sundtext.read_articles(ROOT / "data" / "sample_corpus.jsonl")["text"])


@pytest.fixture(scope="module")
def nmf(texts: list[str]) -> Topics:
    return discover_topics(texts, n_topics=10, random_state=0)


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_the_same_seed_gives_the_same_topics_twice(texts: list[str], method: str) -> None:
    first = discover_topics(texts, n_topics=6, method=method, random_state=7)  # type: ignore[arg-type]
    second = discover_topics(texts, n_topics=6, method=method, random_state=7)  # type: ignore[arg-type]
    assert [t.terms for t in first] == [t.terms for t in second]
    assert np.array_equal(first.doc_topics, second.doc_topics)
    assert first.random_state == 7 and first.method == method


def test_lda_with_another_seed_finds_other_topics(texts: list[str]) -> None:
    a = discover_topics(texts, n_topics=6, method="lda", random_state=1)
    b = discover_topics(texts, n_topics=6, method="lda", random_state=2)
    assert [t.terms for t in a] != [t.terms for t in b]


def test_document_topic_weights_are_distributions(nmf: Topics, texts: list[str]) -> None:
    assert nmf.doc_topics.shape == (len(texts), 10)
    assert (nmf.doc_topics >= 0).all()
    assert np.allclose(nmf.doc_topics.sum(axis=1), 1.0)
    assert set(nmf.dominant_topic().tolist()) <= set(range(10))


def test_top_terms_are_lemmas_without_stop_words_numbers_or_names(nmf: Topics) -> None:
    terms = [term for topic in nmf for term in topic.terms]
    assert len(terms) == 100
    assert not STOP_WORDS & set(terms)
    assert all(term.islower() or term.isupper() for term in terms)
    assert not any(term[0].isdigit() for term in terms)  # "co2" is a term, "2024" is not
    assert "sygeplejersker" not in terms  # inflected forms are lemmatised
    for topic in nmf:
        assert list(topic.weights) == sorted(topic.weights, reverse=True)


def test_topics_are_mapped_to_the_themes_they_overlap(nmf: Topics) -> None:
    themes = {theme for topic in nmf for theme in topic.themes}
    assert {"ai", "medicine", "elderly", "mental_health"} <= themes
    ai = next(topic for topic in nmf if "ai" in topic.themes)
    assert ai.correlations["ai"] >= 0.3
    assert ai.themes[0] == max(ai.correlations, key=ai.correlations.__getitem__)
    # by words too: a top term of the topic is an entry of the ai lexicon
    assert "ai" in {t for matched in ai.lexicon_terms.values() for t in matched}
    assert nmf.correlations.shape == (10, 22)


def test_summaries_name_every_topic(nmf: Topics) -> None:
    frame = nmf.to_frame()
    assert list(frame.columns) == ["label", "terms", "themes", "documents", "weight"]
    assert len(frame) == 10 and frame["documents"].sum() == 160
    text = nmf.format()
    assert text.startswith("10 topics (nmf, random_state=0)")
    assert text.count("\n") == 10


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "kmeans"}, "method must be one of"),
        ({"n_topics": 0}, "n_topics must be an int >= 1"),
        ({"n_topics": 500}, "n_topics=500 is more than the corpus can give"),
        ({"n_terms": -1}, "n_terms must be an int >= 1"),
        ({"random_state": "seed"}, "random_state must be an int or None"),
        ({"min_correlation": 2.0}, "min_correlation must be a float in"),
    ],
)
def test_bad_arguments_say_what_is_expected(
    texts: list[str], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(SundtextValueError, match=message):
        discover_topics(texts[:40], **kwargs)  # type: ignore[arg-type]


def test_too_few_or_too_short_texts_are_a_clear_error() -> None:
    with pytest.raises(SundtextValueError, match="at least 2 texts"):
        discover_topics(["Ventetiden stiger."])
    with pytest.raises(SundtextValueError, match="no lemma occurs in at least"):
        discover_topics(["og i på", "det er"], n_topics=1)
    with pytest.raises(SundtextTypeError, match=r"texts\[1\] must be a str"):
        discover_topics(["Ventetiden stiger.", None])  # type: ignore[list-item]


_VOCABULARY = [
    "ventetid", "operation", "sygeplejerske", "mangel", "kommune", "ældre", "robot", "data",
    "region", "og", "i", "2024", "Hansen", "kræft", "psykiatri", "vagt", "budget", "ny",
]  # fmt: skip
_WORDS = st.sampled_from(_VOCABULARY)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(_WORDS, max_size=12).map(" ".join), min_size=2, max_size=8),
    st.integers(1, 4),
)
def test_any_corpus_gives_topics_or_a_clear_error(docs: list[str], k: int) -> None:
    try:
        result = discover_topics(docs, n_topics=k, n_terms=3, min_df=1, max_df=1.0)
    except SundtextValueError:
        return
    assert result.doc_topics.shape == (len(docs), k)
    sums = result.doc_topics.sum(axis=1)
    assert np.all(np.isclose(sums, 1.0) | np.isclose(sums, 0.0))
    assert all(len(t.terms) <= 3 for t in result)
