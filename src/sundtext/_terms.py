"""Content words of a Danish text, fast and without spaCy (for topics and suggestions).

A word starts with a letter and runs on through letters and digits, joined by
hyphens or apostrophes ("it-system", "KOL'en", "CO2", "COVID-19"); numbers,
punctuation and symbols are not words. Each
word gets its lemma from :func:`sundtext.lemmatize` and the index of its
sentence, numbered as :func:`sundtext._sentences.sentence_spans` (and so the
theme matcher's ``Mention.sentence_index``) numbers them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from sundtext._sentences import sentence_spans
from sundtext._stopwords import STOP_WORDS
from sundtext.tokenize import _lemma

__all__ = ["Word", "is_content", "proper_nouns", "words"]

_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*")


class Word(NamedTuple):
    """One word of a text: ``text[start:end] == word.text``."""

    text: str
    lemma: str
    start: int
    end: int
    sentence: int
    sentence_start: bool
    truncated: bool = False  # the first part of a suspended compound: "børne-" in "børne- og"


def words(text: str) -> list[Word]:
    """The words of ``text`` in order, with lemmas and sentence indices.

    Examples
    --------
    >>> [(w.text, w.lemma, w.sentence) for w in words("Sygeplejerskerne mangler. Ventetiden stiger!")]
    [('Sygeplejerskerne', 'sygeplejerske', 0), ('mangler', 'mangle', 0), ('Ventetiden', 'ventetid', 1), ('stiger', 'stige', 1)]
    """
    starts = [start for start, _ in sentence_spans(text)]
    out: list[Word] = []
    sentence = -1
    first = False
    for match in _WORD.finditer(text):
        start = match.start()
        index = bisect_right(starts, start) - 1
        if index != sentence:
            sentence, first = index, True
        form, end = match.group(), match.end()
        truncated = text.startswith(("-", "‐", "‑"), end)
        out.append(Word(form, _lemma(form, first), start, end, max(index, 0), first, truncated))
        first = False
    return out


def is_content(word: Word) -> bool:
    """Whether ``word`` is a content word: not a stop word, longer than one letter, whole.

    The first part of a suspended compound ("børne-" in "børne- og
    ungdomspsykiatri") is not a word of its own.

    Examples
    --------
    >>> [is_content(w) for w in words("De nye sygeplejersker fra EU og fra KL i år")]
    [False, True, True, False, True, False, False, True, False, False]
    >>> [w.text for w in words("børne- og ungdomspsykiatrien") if is_content(w)]
    ['ungdomspsykiatrien']
    """
    lemma = word.lemma
    return (
        not word.truncated
        and len(lemma) >= 2
        and lemma not in STOP_WORDS
        and word.text.lower() not in STOP_WORDS
    )


def proper_nouns(documents: Iterable[list[Word]]) -> frozenset[str]:
    """Lemmas that are names: capitalised in most of their occurrences inside a sentence.

    Words at a sentence start say nothing; acronyms in capitals ("KOL", "EPJ")
    are not names.

    Examples
    --------
    >>> docs = [words("Ifølge Hansen mangler regionen læger. Regionen siger, at Hansen tager fejl.")]
    >>> sorted(proper_nouns(docs))
    ['hansen']
    """
    inside: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for document in documents:
        for word in document:
            if word.sentence_start:
                continue
            inside[word.lemma] += 1
            if word.text[0].isupper() and not word.text.isupper():
                capital[word.lemma] += 1
    return frozenset(lemma for lemma, n in capital.items() if n * 2 > inside[lemma])
