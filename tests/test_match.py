"""The matcher: every mode, inflection, compounds, case, variants, exclusions, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sundtext.errors import SundtextTypeError
from sundtext.match import ThemeMatcher, extract_themes
from sundtext.taxonomy import Taxonomy


def surfaces(text: str, taxonomy: Taxonomy, theme: str | None = None) -> list[str]:
    return [m.surface for m in extract_themes(text, taxonomy) if theme is None or m.theme == theme]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # inflect: whole word plus a Danish ending
        ("Ventetiden er lang.", ["Ventetiden"]),
        ("Ventetiderne stiger.", ["Ventetiderne"]),
        ("ventelistens længde", ["ventelistens"]),
        ("Ventetidsgarantien", []),  # a compound is not an inflection
        ("forventetid", []),  # not at a word start
        # head: compound head plus inflection
        ("Sundhedspersonalet løber stærkt.", ["Sundhedspersonalet"]),
        ("hjemmesygeplejerskerne", ["hjemmesygeplejerskerne"]),
        ("personaleforhold", []),
        # prefix: the word starts with the entry
        ("De rekrutterer og rekrutteringen lykkes.", ["rekrutterer", "rekrutteringen"]),
        ("Vi mangler hænder.", ["mangler hænder"]),
    ],
)
def test_inflection_heads_and_prefixes(
    modes_taxonomy: Taxonomy, text: str, expected: list[str]
) -> None:
    found = [
        m.surface
        for m in extract_themes(text, modes_taxonomy)
        if m.theme in {"access", "workforce"}
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sprogmodel", ["Sprogmodel"]),
        ("sprogmodellen", []),  # exact: nothing may follow
        (
            "Kunstig intelligens og kunstige intelligens",
            ["Kunstig intelligens", "kunstige intelligens"],
        ),
        ("kunstig\nintelligens", ["kunstig\nintelligens"]),  # a line break is a space
        ("AI og AI-baseret og AI'en", ["AI", "AI", "AI"]),
        ("ai, Ai og sAIl", []),  # acronyms are case-sensitive and whole words
        ("Maskinlæringsmodeller", ["Maskinlæringsmodeller"]),
    ],
)
def test_exact_phrases_and_acronyms(
    modes_taxonomy: Taxonomy, text: str, expected: list[str]
) -> None:
    assert surfaces(text, modes_taxonomy, "ai") == expected


@pytest.mark.parametrize(
    "text",
    ["E-sundhed", "esundhed", "e sundhed", "E‐sundhed"],  # the last one with U+2010
)
def test_hyphen_variants_match(modes_taxonomy: Taxonomy, text: str) -> None:
    assert surfaces(text, modes_taxonomy, "digitalisation") == [text]


def test_aa_and_å_are_the_same_letter(modes_taxonomy: Taxonomy) -> None:
    assert surfaces("Århus-modellen og Aarhus-modellen", modes_taxonomy, "access") == [
        "Århus-modellen",
        "Aarhus-modellen",
    ]


def test_infix_matches_inside_a_word_and_reports_the_whole_word(modes_taxonomy: Taxonomy) -> None:
    text = "Den nye sundhedsplatformsaftale"
    (m,) = [m for m in extract_themes(text, modes_taxonomy) if m.theme == "digitalisation"]
    assert m.surface == "sundhedsplatformsaftale"
    assert m.entry == "*platform*"


def test_compound_prefix_reports_the_whole_compound(modes_taxonomy: Taxonomy) -> None:
    (m,) = extract_themes("Cybersikkerhedsstrategien er klar.", modes_taxonomy)
    assert (m.theme, m.surface, m.start, m.end) == (
        "cybersecurity",
        "Cybersikkerhedsstrategien",
        0,
        25,
    )


def test_exclusions_drop_false_friends(modes_taxonomy: Taxonomy) -> None:
    text = "Patientsikkerheden og forsyningssikkerhed er vigtige, men it-sikkerheden halter."
    assert surfaces(text, modes_taxonomy, "cybersecurity") == ["sikkerheden"]


def test_suspended_compound_is_read_as_the_whole_compound(modes_taxonomy: Taxonomy) -> None:
    text = "Det kræver cyber- og informationssikkerhed."
    found = [(m.surface, m.entry) for m in extract_themes(text, modes_taxonomy)]
    assert ("cyber-", "cyber*") in found or ("cyber-", "*sikkerhed") in found
    assert ("informationssikkerhed", "informationssikkerhed") in found


def test_suspended_compound_borrows_the_head_of_the_next_word(modes_taxonomy: Taxonomy) -> None:
    text = "Både pleje- og sundhedspersonale mangler."
    found = [(m.surface, m.entry) for m in extract_themes(text, modes_taxonomy)]
    # "pleje-" stands for "plejepersonale", an entry of its own
    assert ("pleje-", "plejepersonale") in found
    assert ("sundhedspersonale", "*personale") in found


def test_suspended_compound_does_not_count_the_second_words_entry_twice(
    modes_taxonomy: Taxonomy,
) -> None:
    text = "Både social- og sundhedspersonale og hjemme- og sygeplejersker."
    found = surfaces(text, modes_taxonomy, "workforce")
    assert found == ["sundhedspersonale", "sygeplejersker"]


def test_longest_match_wins_within_a_theme_but_themes_may_share_a_span(
    modes_taxonomy: Taxonomy,
) -> None:
    text = "Sundhedsdatanettet"
    found = [(m.theme, m.entry) for m in extract_themes(text, modes_taxonomy)]
    assert found == [("digitalisation", "sundhedsdatanettet")]
    shared = extract_themes("Cyberplatformen", modes_taxonomy)
    assert {m.theme for m in shared} == {"cybersecurity", "digitalisation"}
    assert {(m.start, m.end) for m in shared} == {(0, 15)}


def test_mentions_carry_sentence_and_group(modes_taxonomy: Taxonomy) -> None:
    text = "Første sætning handler om vejret. Nu om ventelister! Og AI."
    found = extract_themes(text, modes_taxonomy)
    assert [(m.theme, m.sentence_index, m.sentence) for m in found] == [
        ("access", 1, "Nu om ventelister!"),
        ("ai", 2, "Og AI."),
    ]
    assert [m.group for m in found] == ["organisation", "technology"]


def test_lowercasing_that_changes_length_keeps_offsets(modes_taxonomy: Taxonomy) -> None:
    text = "İİİ ventetiden"  # "İ".lower() is two characters
    (m,) = extract_themes(text, modes_taxonomy)
    assert text[m.start : m.end] == "ventetiden"


@pytest.mark.parametrize("bad", [b"ventetid", None, 42, ["ventetid"]])
def test_non_str_input_is_a_type_error(modes_taxonomy: Taxonomy, bad: object) -> None:
    with pytest.raises(SundtextTypeError, match="text must be a str"):
        extract_themes(bad, modes_taxonomy)  # type: ignore[arg-type]


def test_matcher_pickles_by_rebuilding(modes_taxonomy: Taxonomy) -> None:
    import pickle

    matcher = ThemeMatcher(modes_taxonomy)
    clone = pickle.loads(pickle.dumps(matcher))
    text = "Ventetiden og AI."
    assert clone(text) == matcher(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_valid_offsets(text: str) -> None:
    for m in extract_themes(text):
        assert text[m.start : m.end] == m.surface
        assert m.surface
        assert m.surface in m.sentence or "\n" in m.surface


_DANISH_BITS = st.sampled_from(
    [
        "kunstig intelligens",
        "AI",
        "cyber- og ",
        "informationssikkerhed",
        "sygeplejersker",
        "ventetiden",
        "Sundhedspersonalet",
        " ",
        ". ",
        "\n\n",
        "-",
        "å",
        "aa",
        "İ",
        "kræft",
        "patienter",
        "é",
        "\u00ad",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_DANISH_BITS, st.text(max_size=3)), max_size=30).map("".join))
def test_danish_like_text_gives_valid_sorted_offsets(text: str) -> None:
    found = extract_themes(text)
    for m in found:
        assert text[m.start : m.end] == m.surface
    assert [m.start for m in found] == sorted(m.start for m in found)


# ----------------------------------------------------------------- the searched copy
# The matcher searches a lowercased, space- and hyphen-folded copy of the text, and knows
# word boundaries from a byte per character. Latin-1 texts take a bytes.translate fast
# path, others str.lower; both must give exactly what these character rules say.

_SPACES = set("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)
}
_HYPHENS = set("\u2010\u2011\u00ad")


def _reference_fold_lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return "".join(" " if c in _SPACES else "-" if c in _HYPHENS else c for c in low)


def _check_searched_copy(text: str) -> None:
    from sundtext.match import _fold, _fold_lower, _fold_lower_classes

    low, classes = _fold_lower_classes(text)
    assert low == _fold_lower(text) == _reference_fold_lower(text)
    assert list(classes) == [97 if c.isalnum() else 32 for c in low]
    assert _fold(text) == "".join(
        " " if c in _SPACES else "-" if c in _HYPHENS else c for c in text
    )


def test_searched_copy_of_every_latin1_character_and_of_the_other_spaces() -> None:
    latin1 = "".join(map(chr, range(256)))
    _check_searched_copy(latin1)
    _check_searched_copy(latin1 + "".join(sorted(_SPACES | _HYPHENS)) + "İΣΑΣ ǅ Ⅻ ٣ ﬁ “–”")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_searched_copy_of_any_text_follows_the_character_rules(text: str) -> None:
    _check_searched_copy(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AI hjælper.", ["AI"]),
        ("Ai og ai og aI hjælper ikke.", []),  # an acronym entry needs its capitals
        ("AI'en og AIen hjælper.", ["AI", "AIen"]),  # Danish endings in lowercase
        ("AIEN hjælper ikke.", []),  # an ending in capitals is no inflection
        ("MAIL og TRAIN", []),  # not inside a word
        ("“AI” – på sygehuset", ["AI"]),  # the same outside Latin-1
    ],
)
def test_acronyms_match_in_their_case_only(
    modes_taxonomy: Taxonomy, text: str, expected: list[str]
) -> None:
    assert surfaces(text, modes_taxonomy, "ai") == expected


def test_a_character_outside_latin1_changes_no_mention(modes_taxonomy: Taxonomy) -> None:
    text = "Sundhedspersonalet mangler hænder, og ventetiden på AI-platformen stiger."
    plain = extract_themes(text, modes_taxonomy)
    wide = extract_themes(text + "\n\n“Łódź” – Ærø.", modes_taxonomy)
    assert plain and wide == plain
