"""Tests for sundtext._sentences: Danish sentence boundaries, fast and regex-only."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sundtext._abbreviations import (
    ABBREVIATIONS,
    FINAL_ABBREVIATIONS,
    NON_FINAL_ABBREVIATIONS,
)
from sundtext._sentences import _boundary, sentence_spans


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Det går godt. Nu kommer mere.", ["Det går godt.", "Nu kommer mere."]),
        ("Hvem betaler? Regionerne!", ["Hvem betaler?", "Regionerne!"]),
        ("Ventetiden steg… Nu falder den.", ["Ventetiden steg…", "Nu falder den."]),
        ("Ventetiden steg... Nu falder den.", ["Ventetiden steg...", "Nu falder den."]),
        ("Tallet steg i 2023. 2024 blev værre.", ["Tallet steg i 2023.", "2024 blev værre."]),
        ("Sådan er det . Og så videre", ["Sådan er det .", "Og så videre"]),
        ("Der står www.sundhed.dk. Gå derind.", ["Der står www.sundhed.dk.", "Gå derind."]),
        (
            "Kilde: sundhed.dk viser 3.5 og 1.200 mere.",
            ["Kilde: sundhed.dk viser 3.5 og 1.200 mere."],
        ),
    ],
)
def test_splits_after_sentence_punctuation_before_a_capital_or_digit(
    text: str, expected: list[str]
) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Der er bl.a. mangel på hænder.",
        "Det koster 5 mio. kr. om året.",
        "Det koster ca. 300 kr. pr. patient.",
        "Der er bl.a. Region Sjælland og f.eks. Region Midtjylland med.",
        "Reglerne står i sundhedsloven, jf. Sundhedsstyrelsens vejledning.",
        "Ifølge dr. Hansen og prof. Jensen virker det.",
        "Se § 5, stk. 2, nr. 3 og pkt. 4 om emnet.",
        "Det gælder mht. Patientombuddet og vedr. Styrelsen for Patientsikkerhed.",
        "Fx. Aarhus og Odense, dvs. Region Midtjylland og Region Syddanmark.",
        "Den 1. jan. 2024 trådte loven i kraft.",
        "Mødet var d. 3. feb. i år.",
        "Han mødte H.C. Andersen og Mette F. Hansen.",
        "Sygeplejersker, læger osv. mangler.",
        "Det steg med 3 pct. i år.",
        "Beløbet er 40 mio. 2024-kroner.",
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize("abbreviation", sorted(NON_FINAL_ABBREVIATIONS - {"fx"}))
def test_non_final_abbreviation_never_breaks_even_before_a_capital(abbreviation: str) -> None:
    text = f"Det nævnes {abbreviation} Region Hovedstaden i rapporten."
    assert sentences(text) == [text]


@pytest.mark.parametrize("abbreviation", sorted(FINAL_ABBREVIATIONS))
def test_final_abbreviation_ends_the_sentence_before_a_capital_only(abbreviation: str) -> None:
    # the documented choice for the ambiguous "3 pct. Derfor ..."
    assert sentences(f"Det var 3 {abbreviation} Derfor er det nyt.") == [
        f"Det var 3 {abbreviation}",
        "Derfor er det nyt.",
    ]
    assert len(sentences(f"Det var 3 {abbreviation} i år.")) == 1
    assert len(sentences(f"Det var 3 {abbreviation} 2024 var anderledes.")) == 1


def test_abbreviation_groups_are_disjoint_lowercase_and_make_up_the_whole_list() -> None:
    assert not NON_FINAL_ABBREVIATIONS & FINAL_ABBREVIATIONS
    assert NON_FINAL_ABBREVIATIONS | FINAL_ABBREVIATIONS == ABBREVIATIONS
    assert all(a == a.lower() for a in ABBREVIATIONS)
    assert {"bl.a.", "f.eks.", "mio.", "kr.", "pct.", "jf.", "m.fl."} <= ABBREVIATIONS


def test_capitalised_abbreviation_at_sentence_start_does_not_break() -> None:
    text = "Bl.a. Region Syddanmark er med. F.eks. Odense."
    assert sentences(text) == ["Bl.a. Region Syddanmark er med.", "F.eks. Odense."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("»Det er godt,« siger hun. Så gik hun.", ["»Det er godt,« siger hun.", "Så gik hun."]),
        ("»Nej.« Så gik hun.", ["»Nej.«", "Så gik hun."]),
        ('"Nej." Så gik hun.', ['"Nej."', "Så gik hun."]),
        ("(Det er sandt.) Men hvorfor?", ["(Det er sandt.)", "Men hvorfor?"]),
        ("Hun siger ja. – Vi mangler hænder.", ["Hun siger ja.", "– Vi mangler hænder."]),
        ("Hun siger ja. »Vi mangler hænder.«", ["Hun siger ja.", "»Vi mangler hænder.«"]),
        ("»Hvad nu?« spurgte hun.", ["»Hvad nu?« spurgte hun."]),
    ],
)
def test_quotes_and_dashes_around_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Første afsnit uden punktum\n\nAndet afsnit",
            ["Første afsnit uden punktum", "Andet afsnit"],
        ),
        ("første afsnit\n\nandet afsnit", ["første afsnit", "andet afsnit"]),
        ("Det slutter med bl.a.\n\nNyt afsnit", ["Det slutter med bl.a.", "Nyt afsnit"]),
        ("Et afsnit\r\n\r\nEt andet", ["Et afsnit", "Et andet"]),
        ("Et afsnit\n   \n\t\nEt andet", ["Et afsnit", "Et andet"]),
        ("Et afsnit\u2029Et andet", ["Et afsnit", "Et andet"]),
    ],
)
def test_paragraph_break_always_ends_a_sentence(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ventetider i psykiatrien\nDer er lange ventetider.",
            ["Ventetider i psykiatrien", "Der er lange ventetider."],
        ),
        ("Overskrift  \nTeksten starter her.", ["Overskrift", "Teksten starter her."]),
        ("Overskrift\r\nTeksten starter her.", ["Overskrift", "Teksten starter her."]),
        ("»Vi mangler hænder«\nSiger formanden.", ["»Vi mangler hænder«", "Siger formanden."]),
        ("Nye tal\n2024 blev et rekordår.", ["Nye tal", "2024 blev et rekordår."]),
    ],
)
def test_headline_line_is_its_own_sentence(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Det er en lang sætning, som fortsætter\npå den næste linje.",
        "Der er tre mål, nemlig\nfærre ventetider og flere hænder.",
        "Der er tre mål:\nFærre ventetider og flere hænder.",
        "Reglen står i loven, jf.\nSundhedsloven.",
    ],
)
def test_wrapped_line_is_not_a_sentence_break(text: str) -> None:
    assert sentences(text) == [text]


def test_list_items_are_sentences() -> None:
    text = "Planen har tre mål:\n- færre ventetider\n• flere hænder\n1. Indledning\n2) Baggrund"
    assert sentences(text) == [
        "Planen har tre mål:",
        "- færre ventetider",
        "• flere hænder",
        "1. Indledning",
        "2) Baggrund",
    ]


@pytest.mark.parametrize("text", ["", " ", "\n\n\t ", "\u3000\u2028"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert sentence_spans(text) == []


def test_spans_exclude_outer_whitespace() -> None:
    text = "  \n Hej med dig.   Farvel.  \n"
    assert sentence_spans(text) == [(4, 16), (19, 26)]


def test_gap_is_the_first_group_as_sentence_spans_assumes() -> None:
    assert _boundary().groupindex["gap"] == 1


def test_is_fast_enough_for_the_matcher() -> None:
    paragraph = (
        "Sundhedsvæsenet under pres\n\nDer er bl.a. mangel på sygeplejersker, og ventetiderne "
        "stiger. Det koster 5 mio. kr. om året, siger dr. Hansen. »Vi mangler hænder,« siger "
        "hun. Regionerne vil derfor investere i ny teknologi.\n"
    )
    text = paragraph * 1000  # about 300 KB, a hundred articles
    begin = time.perf_counter()
    spans = sentence_spans(text)
    elapsed = time.perf_counter() - begin
    assert len(spans) == 5000
    assert elapsed < 1.0, f"sentence_spans took {elapsed:.2f} s for {len(text):,} characters"


def check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace()
        assert not text[end - 1].isspace()
        assert not text[previous_end:start].strip(), "a boundary dropped text"
        previous_end = end
    assert not text[previous_end:].strip(), "text after the last sentence was dropped"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_spans_are_ordered_disjoint_and_cover_all_text(text: str) -> None:
    check_spans(text, sentence_spans(text))


DANISH_PIECES = st.sampled_from(
    [
        "Det",
        "går",
        "godt",
        "sundhed",
        "Region",
        "KOL",
        "3",
        "2024",
        ".",
        ". ",
        "!",
        "?",
        "…",
        ",",
        ":",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "»",
        "«",
        '"',
        "(",
        ")",
        "– ",
        "- ",
        "1. ",
        "H.",
        *sorted(ABBREVIATIONS),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(DANISH_PIECES, max_size=40).map("".join))
def test_spans_invariants_hold_on_danish_like_text(text: str) -> None:
    check_spans(text, sentence_spans(text))
