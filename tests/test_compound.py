"""Tests for sundtext.compound: splitting Danish compounds and lemmatising their head."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sundtext.compound import Compound, split_compound
from sundtext.errors import SundtextTypeError, SundtextValueError


@pytest.mark.parametrize(
    ("word", "parts", "links", "head"),
    [
        ("sundhedspersonalet", ("sundhed", "personalet"), ("s",), "personale"),
        ("cybersikkerhedsstrategi", ("cyber", "sikkerhed", "strategi"), ("", "s"), "strategi"),
        ("kræftbehandlingen", ("kræft", "behandlingen"), ("",), "behandling"),
        ("plejehjemsbeboere", ("pleje", "hjem", "beboere"), ("", "s"), "beboer"),
        ("sundhedsvæsenet", ("sundhed", "væsenet"), ("s",), "væsen"),
        ("sygeplejersker", ("syge", "plejersker"), ("",), "plejerske"),
        ("ventetiden", ("vente", "tiden"), ("",), "tid"),
        ("sygehusene", ("syge", "husene"), ("",), "hus"),
        ("arbejdsmiljøet", ("arbejd", "miljøet"), ("s",), "miljø"),
        ("børnepsykiatrien", ("børn", "psykiatrien"), ("e",), "psykiatri"),
        ("telemedicin", ("tele", "medicin"), ("",), "medicin"),
        ("videokonsultationer", ("video", "konsultationer"), ("",), "konsultation"),
        ("hjemmemonitorering", ("hjemme", "monitorering"), ("",), "monitorering"),
        ("velfærdsteknologi", ("velfærd", "teknologi"), ("s",), "teknologi"),
        ("sundhedsdata", ("sundhed", "data"), ("s",), "data"),
        ("patientsikkerheden", ("patient", "sikkerheden"), ("",), "sikkerhed"),
        ("regionsrådsformanden", ("region", "råd", "formanden"), ("s", "s"), "formand"),
        ("lægemiddelstyrelsen", ("læge", "middel", "styrelsen"), ("", ""), "styrelse"),
        ("behandlingsgarantien", ("behandling", "garantien"), ("s",), "garanti"),
        ("ældreplejen", ("ældre", "plejen"), ("",), "pleje"),
        ("akutmodtagelsen", ("akut", "modtagelsen"), ("",), "modtagelse"),
        ("cyberangrebet", ("cyber", "angrebet"), ("",), "angreb"),
        ("rygestop", ("ryge", "stop"), ("",), "stop"),
        ("sundhedsappen", ("sundhed", "appen"), ("s",), "app"),
        ("psykiatriplanen", ("psykiatri", "planen"), ("",), "plan"),
        ("maskinlæring", ("maskin", "læring"), ("",), "læring"),
        ("it-systemerne", ("it", "systemerne"), ("-",), "system"),
        ("e-sundhed", ("e", "sundhed"), ("-",), "sundhed"),
        ("covid-19-patienter", ("covid", "19", "patienter"), ("-", "-"), "patient"),
    ],
)
def test_splits_compounds_into_parts_links_and_lemmatised_head(
    word: str, parts: tuple[str, ...], links: tuple[str, ...], head: str
) -> None:
    compound = split_compound(word)
    assert (compound.parts, compound.links, compound.head) == (parts, links, head)
    assert compound.is_compound


@pytest.mark.parametrize(
    ("word", "head"),
    [
        ("personale", "personale"),
        ("personalet", "personale"),
        ("behandling", "behandling"),
        ("sikkerhed", "sikkerhed"),
        ("undersøgelsen", "undersøgelse"),
        ("medarbejdere", "medarbejder"),
        ("forebyggelse", "forebyggelse"),
        ("virksomheder", "virksomhed"),
        ("samarbejde", "samarbejde"),
        ("platformen", "platform"),
        ("allerede", "allerede"),
        ("regionerne", "region"),
        ("sygdommen", "sygdom"),
        ("frederiksen", "frederiksen"),
        ("kol", "kol"),
    ],
)
def test_non_compound_is_one_part_with_its_lemma_as_head(word: str, head: str) -> None:
    compound = split_compound(word)
    assert compound.parts == (word,)
    assert compound.links == ()
    assert compound.modifier is None
    assert compound.head == head
    assert not compound.is_compound


def test_acceptance_examples_from_the_brief() -> None:
    personale = split_compound("sundhedspersonalet")
    assert personale.modifier == "sundhed"
    assert personale.head == "personale"
    assert personale.lemma_parts == ("sundhed", "personale")
    assert split_compound("cybersikkerhedsstrategi").parts == ("cyber", "sikkerhed", "strategi")
    assert split_compound("kræftbehandlingen").lemma_parts == ("kræft", "behandling")
    assert split_compound("plejehjemsbeboere").lemma_parts == ("pleje", "hjem", "beboer")


def test_modifier_lemma_and_spans_describe_the_word() -> None:
    compound = split_compound("Cybersikkerhedsstrategien")
    assert compound.word == "cybersikkerhedsstrategien"
    assert compound.modifier == "cybersikkerhed"
    assert compound.lemma == "cybersikkerhedsstrategi"
    assert compound.spans == ((0, 5), (5, 14), (15, 25))
    assert [compound.word[start:end] for start, end in compound.spans] == list(compound.parts)


@pytest.mark.parametrize("word", ["Sundhedspersonalet", "SUNDHEDSPERSONALET", "sundhedsPersonalet"])
def test_is_case_insensitive_and_returns_lowercase(word: str) -> None:
    compound = split_compound(word)
    assert compound.parts == ("sundhed", "personalet")
    assert compound.word == "sundhedspersonalet"


@pytest.mark.parametrize("word", ["", "x", "123", "-e", "e-", "hjerte--kar", "KOL'en", "🙂"])
def test_odd_words_come_back_whole(word: str) -> None:
    compound = split_compound(word)
    assert compound.parts == (word.lower(),)
    assert compound.modifier is None


@pytest.mark.parametrize("value", [b"sundhed", None, 3, ["sundhed"]])
def test_rejects_non_str(value: object) -> None:
    with pytest.raises(SundtextTypeError, match="word must be a str"):
        split_compound(value)  # type: ignore[arg-type]


def test_compound_is_frozen_and_validated() -> None:
    compound = split_compound("sundhedspersonalet")
    with pytest.raises(AttributeError):
        compound.head = "x"  # type: ignore[misc]
    with pytest.raises(SundtextValueError, match="one link fewer than parts"):
        Compound(word="ab", parts=("a", "b"), links=(), modifier="a", head="b", spans=((0, 1),))


def test_is_fast_on_new_words_and_cached_on_repeats() -> None:
    split_compound("sundhed")  # load the lexicon
    words = [f"sundhedspersonale{suffix}" for suffix in ("t", "ts", "r", "rne", "rnes", "ne")]
    words += ["kræftbehandlingsforløbene", "ældreplejereformen", "cybersikkerhedsrådgiverne"]
    begin = time.perf_counter()
    for word in words:
        split_compound(word)
    per_word = (time.perf_counter() - begin) / len(words)
    assert per_word < 0.01, f"{per_word * 1000:.1f} ms per new word"
    begin = time.perf_counter()
    for _ in range(1000):
        split_compound("kræftbehandlingsforløbene")
    assert time.perf_counter() - begin < 0.1


def test_import_does_not_load_spacy() -> None:
    code = "import sundtext.compound, sys; assert 'spacy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def check_compound(word: str, compound: Compound) -> None:
    assert len(compound.word) == len(word)
    if len(word.lower()) == len(word):
        assert compound.word == word.lower()
    rebuilt = compound.parts[0] + "".join(
        link + part for link, part in zip(compound.links, compound.parts[1:], strict=True)
    )
    assert rebuilt == compound.word
    assert [compound.word[start:end] for start, end in compound.spans] == list(compound.parts)
    if compound.is_compound:
        assert compound.modifier == compound.word[: compound.spans[-2][1]]
        assert all(compound.parts)
        assert set(compound.links) <= {"", "s", "e", "-"}


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_parts_rebuild_the_word(word: str) -> None:
    check_compound(word, split_compound(word))


DANISH_MORPHEMES = st.sampled_from(
    [
        "sundhed",
        "s",
        "e",
        "pleje",
        "hjem",
        "læge",
        "data",
        "cyber",
        "it",
        "-",
        "en",
        "er",
        "et",
        "ventetid",
        "personale",
        "strategi",
        "kræft",
        "behandling",
        "patient",
        "sikkerhed",
        "Æ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(DANISH_MORPHEMES, min_size=1, max_size=8).map("".join))
def test_parts_rebuild_danish_like_words(word: str) -> None:
    check_compound(word, split_compound(word))
