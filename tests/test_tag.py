"""Article tagging: scores, thresholds, headline/lead weighting, the domain gate, batches."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sundtext.errors import SundtextTypeError, SundtextValueError
from sundtext.tag import tag, tag_many
from sundtext.taxonomy import Taxonomy

BODY = "Patienterne på sygehuset skal have det bedre. "


def test_one_incidental_word_does_not_tag_but_several_entries_do(modes_taxonomy: Taxonomy) -> None:
    once = tag(BODY + "Der var også tale om en algoritme.", taxonomy=modes_taxonomy)
    assert once.themes == ()
    assert 0 < once.scores["ai"] < 0.5
    assert "not tagged" in once.reasons["ai"]
    strong = tag(
        BODY * 3 + "Kunstig intelligens og maskinlæring skal hjælpe.", taxonomy=modes_taxonomy
    )
    assert strong.themes == ("ai",)
    assert strong.reasons["ai"].startswith("tagged")


def test_a_headline_mention_counts_more_than_a_body_mention(modes_taxonomy: Taxonomy) -> None:
    filler = "Der er mange ting at sige om sundhed og patienter. " * 4
    in_body = tag(
        "Nyt fra regionen\n\n" + filler + "\n\nVentetiden nævnes her.", taxonomy=modes_taxonomy
    )
    in_title = tag("Ventetiden vokser\n\n" + filler, taxonomy=modes_taxonomy)
    separate = tag(filler, title="Ventetiden vokser", taxonomy=modes_taxonomy)
    assert in_title.scores["access"] > in_body.scores["access"]
    assert separate.scores["access"] == pytest.approx(in_title.scores["access"])
    assert in_title.themes == ("access",)


def test_repeating_an_entry_adds_less_than_a_new_entry(modes_taxonomy: Taxonomy) -> None:
    repeated = tag(BODY * 3 + "ventetid. " * 2, taxonomy=modes_taxonomy)
    distinct = tag(BODY * 3 + "ventetid. venteliste.", taxonomy=modes_taxonomy)
    assert distinct.scores["access"] > repeated.scores["access"]


def test_text_without_health_content_gets_no_themes(modes_taxonomy: Taxonomy) -> None:
    text = "Kunstig intelligens og maskinlæring i folkeskolen. Kunstig intelligens skal hjælpe lærerne."
    result = tag(text, taxonomy=modes_taxonomy)
    assert result.themes == ()
    assert result.domain_score == 0
    assert "no health content" in result.reasons["ai"]
    assert result.scores["ai"] >= 0.5  # the evidence is there; the gate says no


def test_threshold_override_and_validation(modes_taxonomy: Taxonomy) -> None:
    text = BODY + "Der var også tale om en algoritme."
    assert tag(text, taxonomy=modes_taxonomy, threshold=0.1).themes == ("ai",)
    for bad in (1.5, -0.1, "high", True):
        with pytest.raises(SundtextValueError, match=r"threshold must be a float in \[0, 1\]"):
            tag(text, taxonomy=modes_taxonomy, threshold=bad)  # type: ignore[arg-type]


def test_result_lists_every_theme_score_and_sorts_themes_by_score(modes_taxonomy: Taxonomy) -> None:
    text = (
        BODY
        + "Ventetiden og ventelisten vokser. AI og kunstig intelligens og maskinlæring hjælper."
    )
    result = tag(text, taxonomy=modes_taxonomy)
    assert set(result.scores) == set(modes_taxonomy.themes)
    assert all(0.0 <= s <= 1.0 for s in result.scores.values())
    assert result.themes == ("ai", "access")
    assert result.groups == ("technology", "organisation")
    assert [m.theme for m in result.mentions_of("access")] == ["access", "access"]
    assert "ai:" in result.explain()


@pytest.mark.parametrize("bad", [None, b"tekst", 3.5])
def test_non_str_text_or_title_is_a_type_error(modes_taxonomy: Taxonomy, bad: object) -> None:
    with pytest.raises(SundtextTypeError):
        tag(bad, taxonomy=modes_taxonomy)  # type: ignore[arg-type]
    if bad is not None:  # title=None means "no separate title"
        with pytest.raises(SundtextTypeError, match="title must be a str"):
            tag("tekst", title=bad, taxonomy=modes_taxonomy)  # type: ignore[arg-type]


def test_empty_and_blank_texts_get_no_themes(modes_taxonomy: Taxonomy) -> None:
    for text in ("", "   \n\n ", "...!?"):
        result = tag(text, taxonomy=modes_taxonomy)
        assert result.themes == result.groups == result.mentions == ()
        assert result.scores == dict.fromkeys(modes_taxonomy.themes, 0.0)
        assert result.reasons == {}


def test_tag_many_yields_in_order_and_equals_tag(modes_taxonomy: Taxonomy) -> None:
    texts = [BODY + "Ventetiden og ventelisten.", "", "AI og kunstig intelligens. " + BODY] * 5
    expected = [tag(t, taxonomy=modes_taxonomy) for t in texts]
    assert list(tag_many(texts, taxonomy=modes_taxonomy)) == expected
    assert list(tag_many(iter(texts), taxonomy=modes_taxonomy, n_jobs=2, batch_size=2)) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"n_jobs": 0}, "n_jobs"), ({"batch_size": 0}, "batch_size")]
)
def test_tag_many_validates_its_arguments(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(SundtextValueError, match=message):
        list(tag_many(["x"], **kwargs))  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=8))
def test_tag_many_equals_map_tag_for_any_texts(texts: list[str]) -> None:
    assert list(tag_many(texts)) == [tag(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_tag_never_raises_and_scores_stay_in_range(text: str) -> None:
    result = tag(text)
    assert all(0.0 <= s <= 1.0 for s in result.scores.values())
    assert set(result.themes) <= set(result.scores)
    for m in result.mentions:
        assert text[m.start : m.end] == m.surface
