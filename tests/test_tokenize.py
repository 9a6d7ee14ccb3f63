"""Tests for sundtext.tokenize: tokens, lemmas, sentences and the spaCy pipeline."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sundtext._abbreviations import ABBREVIATIONS
from sundtext._sentences import sentence_spans
from sundtext.errors import SundtextTypeError
from sundtext.tokenize import Token, lemmatize, nlp, tokenize

tokenize_module = importlib.import_module("sundtext.tokenize")  # the module, not the function

# Invented texts, written for these tests.
ACCEPTANCE = (
    "Digitaliseringen af Sundhedsvæsenet kræver både flere sygeplejersker og bedre it. "
    "Cybersikkerhedsstrategien kommer i år."
)
ARTICLE = (
    "Regionerne vil investere i digital sundhed\n\n"
    "Danske Regioner fremlagde i går et udspil om fremtidens sundhedsvæsen. Flere patienter "
    "skal behandles i eget hjem, bl.a. gennem videokonsultationer og hjemmemonitorering af "
    "borgere med KOL.\n"
    "– Vi kan ikke ansætte os ud af manglen på sygeplejersker, siger formanden.\n"
    "Udspillet koster ca. 2,5 mia. kr. over fem år, og ventetiderne er steget med 12 pct. "
    "Det viser nye tal fra Sundhedsdatastyrelsen.\n\n"
    "Kritik fra de praktiserende læger\n"
    "»Det nytter ikke at købe flere apps, hvis der ikke er en læge til at se på data,« siger "
    "PLO's formand. 🩺 Cyberangreb mod hospitalerne er en voksende bekymring."
)


def lemmas(text: str) -> list[str]:
    return [token.lemma for token in tokenize(text)]


def test_acceptance_sentence_has_the_expected_lemmas_and_two_sentences() -> None:
    tokens = tokenize(ACCEPTANCE)
    found = {token.lemma for token in tokens}
    expected = {"digitalisering", "sundhedsvæsen", "både", "sygeplejerske"}
    assert expected | {"cybersikkerhedsstrategi"} <= found
    assert {token.sentence for token in tokens} == {0, 1}
    assert next(t.text for t in tokens if t.sentence == 1) == "Cybersikkerhedsstrategien"
    assert [t.lemma for t in tokens] == [
        "digitalisering",
        "af",
        "sundhedsvæsen",
        "kræve",
        "både",
        "flere",
        "sygeplejerske",
        "og",
        "god",
        "it",
        ".",
        "cybersikkerhedsstrategi",
        "komme",
        "i",
        "år",
        ".",
    ]


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        # inflected nouns
        ("sygeplejersker", "sygeplejerske"),
        ("patienterne", "patient"),
        ("hospitalerne", "hospital"),
        ("lægernes", "læge"),
        ("personalet", "personale"),
        ("ventetiderne", "ventetid"),
        ("behandlingen", "behandling"),
        ("borgerne", "borger"),
        ("videokonsultationerne", "videokonsultation"),
        # verbs and adjectives
        ("kræver", "kræve"),
        ("behandles", "behandle"),
        ("fik", "få"),
        ("blev", "blive"),
        ("har", "have"),
        ("er", "være"),
        ("større", "stor"),
        # capitalised: sentence starts, headlines, institutions
        ("Digitaliseringen", "digitalisering"),
        ("Sundhedsvæsenet", "sundhedsvæsen"),
        ("Kommunerne", "kommune"),
        ("SUNDHEDSVÆSENET", "sundhedsvæsen"),
        ("Region", "region"),
        ("Danmark", "danmark"),
        # compounds the table does not know, through their head
        ("cybersikkerhedsstrategien", "cybersikkerhedsstrategi"),
        ("sundhedsappen", "sundhedsapp"),
        ("covid-19-patienter", "covid-19-patient"),
        # acronyms
        ("AI", "ai"),
        ("KOL", "kol"),
        ("KOL'en", "kol"),
        ("PLO's", "plo"),
        # overrides: function words and table errors
        ("både", "både"),
        ("Både", "både"),
        ("med", "med"),
        ("når", "når"),
        ("under", "under"),
        ("have", "have"),
        ("borger", "borger"),
        ("manglen", "mangel"),
        ("apps", "app"),
        ("godt", "god"),
        # numbers and abbreviations are their own lemma
        ("3,5", "3,5"),
        ("pct.", "pct."),
        ("Bl.a.", "bl.a."),
    ],
)
def test_lemmatize_fixes_case_compounds_and_function_words(word: str, lemma: str) -> None:
    assert lemmatize(word) == lemma


@pytest.mark.parametrize(
    "word", ["at", "af", "en", "man", "der", "for", "om", "så", "mere", "og", "i", "på"]
)
def test_function_words_keep_their_own_lemma(word: str) -> None:
    assert lemmatize(word) == word


@pytest.mark.parametrize(("word", "lemma"), [("et", "en"), ("vil", "ville"), ("kan", "kunne")])
def test_function_words_follow_the_danish_treebank_lemmas(word: str, lemma: str) -> None:
    assert lemmatize(word) == lemma


def test_capitalised_word_at_sentence_start_is_looked_up_lowercase_first() -> None:
    assert lemmatize("Vejen") == "vejen"  # the town
    assert lemmatize("Vejen", sentence_start=True) == "vej"
    assert lemmas("Vejen til bedre sundhed er lang.")[0] == "vej"


def test_lemmas_are_lowercase() -> None:
    assert all(lemma == lemma.lower() for lemma in lemmas(ARTICLE))


def test_tokens_carry_text_offsets_and_flags() -> None:
    tokens = tokenize("Tre læger og 12 patienter, bl.a. i Aarhus.")
    assert [t.text for t in tokens] == [
        "Tre",
        "læger",
        "og",
        "12",
        "patienter",
        ",",
        "bl.a.",
        "i",
        "Aarhus",
        ".",
    ]
    first = tokens[0]
    assert first == Token(
        text="Tre",
        lemma="tre",
        start=0,
        end=3,
        sentence=0,
        is_alpha=True,
        is_stop=False,
        is_punct=False,
        like_num=True,
    )
    assert tokens[2].is_stop and tokens[3].like_num and tokens[5].is_punct
    assert not tokens[6].is_alpha


def test_token_is_frozen() -> None:
    token = tokenize("Sundhed")[0]
    with pytest.raises(AttributeError):
        token.lemma = "x"  # type: ignore[misc]


@pytest.mark.parametrize("abbreviation", sorted(ABBREVIATIONS))
def test_abbreviations_are_one_token_in_lower_and_capitalised_form(abbreviation: str) -> None:
    for form in (abbreviation, abbreviation[0].upper() + abbreviation[1:]):
        text = f"Det gælder {form} 5 borgere."
        assert form in [t.text for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "word"),
    [("Vi mangler bedre it.", "it"), ("Det ved man.", "man"), ("Det sås i tv.", "tv")],
)
def test_word_before_a_final_period_is_not_taken_for_an_abbreviation(text: str, word: str) -> None:
    assert [t.text for t in tokenize(text)][-2:] == [word, "."]


@pytest.mark.parametrize(
    "text",
    [
        "Der er bl.a. mangel på hænder.",
        "Det koster 5 mio. kr. om året.",
        "Det gælder f.eks. Region Hovedstaden, jf. aftalen.",
        "Ifølge dr. Hansen steg det med ca. 3 pct. i år.",
    ],
)
def test_abbreviations_do_not_break_sentences(text: str) -> None:
    assert {t.sentence for t in tokenize(text)} == {0}


def test_sentence_numbers_follow_sentence_spans() -> None:
    tokens = tokenize(ARTICLE)
    spans = sentence_spans(ARTICLE)
    for token in tokens:
        start, end = spans[token.sentence]
        assert start <= token.start and token.end <= end
    headline = [t.text for t in tokens if t.sentence == 0]
    assert headline == ["Regionerne", "vil", "investere", "i", "digital", "sundhed"]
    assert tokens[-1].sentence == len(spans) - 1


def test_spacy_pipeline_sentences_agree_with_sentence_spans() -> None:
    doc = nlp()(ARTICLE)
    assert [sent.text.strip() for sent in doc.sents] == [
        ARTICLE[start:end] for start, end in sentence_spans(ARTICLE)
    ]


def test_spacy_pipeline_is_cached_with_the_sundtext_components() -> None:
    assert nlp() is nlp()
    assert nlp().pipe_names == ["sundtext_sentences", "sundtext_lemmatizer"]
    assert nlp().lang == "da"


def test_spacy_pipeline_sets_lemmas() -> None:
    doc = nlp()(ACCEPTANCE)
    assert [t.lemma_ for t in doc][:5] == [
        "digitalisering",
        "af",
        "sundhedsvæsen",
        "kræve",
        "både",
    ]


def test_whitespace_is_not_a_token() -> None:
    tokens = tokenize("  Hej \n\n\t med\u3000dig  \n")
    assert [t.text for t in tokens] == ["Hej", "med", "dig"]


@pytest.mark.parametrize("text", ["", " ", "\n\n"])
def test_empty_or_blank_text_has_no_tokens(text: str) -> None:
    assert tokenize(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Sundhed 🩺 for alle 👩🏽‍⚕️!",
        "e\u0301 og a\u0308 og \u0301",
        "שלום og مرحبا til patienten",
        "\ud800 ensom surrogat \udfff",
        "Nul\x00tegn og\x1fseparator",
    ],
)
def test_odd_unicode_keeps_offsets(text: str) -> None:
    tokens = tokenize(text)
    assert tokens
    check_tokens(text, tokens)


@pytest.mark.parametrize("value", [b"sundhed", None, 42])
def test_rejects_non_str(value: object) -> None:
    with pytest.raises(SundtextTypeError, match="text must be a str"):
        tokenize(value)  # type: ignore[arg-type]
    with pytest.raises(SundtextTypeError, match="word must be a str"):
        lemmatize(value)  # type: ignore[arg-type]


def test_long_text_is_processed_in_chunks_with_correct_offsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (ARTICLE + "\n\n") * 5
    whole = [(t.text, t.lemma, t.start, t.sentence) for t in tokenize(text)]
    monkeypatch.setattr(tokenize_module, "_CHUNK_CHARS", 300)
    assert len(list(tokenize_module._chunks(text))) > 5
    tokens = tokenize(text)
    check_tokens(text, tokens)
    assert [(t.text, t.lemma, t.start, t.sentence) for t in tokens] == whole


def test_chunks_cut_at_paragraph_then_line_then_space_then_anywhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tokenize_module, "_CHUNK_CHARS", 20)
    for text in [
        "a" * 12 + "\n\n" + "b" * 12,
        "a" * 12 + "\n" + "b" * 12,
        "a" * 12 + " " + "b" * 12,
        "a" * 45,
    ]:
        chunks = list(tokenize_module._chunks(text))
        assert "".join(piece for _, piece in chunks) == text
        assert all(text[offset:].startswith(piece) for offset, piece in chunks)
        assert all(len(piece) <= 20 for _, piece in chunks)
        check_tokens(text, tokenize(text))
    first_offset, first_piece = next(tokenize_module._chunks("a" * 12 + "\n\n" + "b" * 12))
    assert (first_offset, first_piece) == (0, "a" * 12 + "\n")


def test_text_longer_than_spacy_max_length_works() -> None:
    paragraph = "Ventetiderne stiger. Sundhedspersonalet mangler hænder.\n\n"
    text = paragraph * (nlp().max_length // len(paragraph) + 100)
    assert len(text) > nlp().max_length
    tokens = tokenize(text)
    assert len(tokens) == 7 * text.count(paragraph)
    last = tokens[-1]
    assert text[last.start : last.end] == last.text == "."
    assert last.sentence == 2 * text.count(paragraph) - 1


def test_import_does_not_load_spacy() -> None:
    code = "import sundtext.tokenize, sys; assert 'spacy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def check_tokens(text: str, tokens: list[Token]) -> None:
    previous_end = 0
    previous_sentence = 0
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert previous_end <= token.start < token.end
        assert not token.text.isspace()
        assert token.sentence >= previous_sentence
        previous_end, previous_sentence = token.end, token.sentence


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_tokenizes_with_valid_ordered_offsets(text: str) -> None:
    check_tokens(text, tokenize(text))


DANISH_PIECES = st.sampled_from(
    [
        *("Sundhed", "væsenet", "s", "KOL'en", "bl.a.", "pct.", "3,5", ".", " ", "\n\n"),
        *("»", "«", "-", "it", "Cyber", "strategien", "\ud800", "🩺", "\u0301", "Æ", "?", "\t"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(DANISH_PIECES, max_size=30).map("".join))
def test_danish_like_text_tokenizes_with_valid_offsets(text: str) -> None:
    tokens = tokenize(text)
    check_tokens(text, tokens)
    assert all(token.lemma == token.lemma.lower() for token in tokens)
