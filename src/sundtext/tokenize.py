"""Danish tokens, lemmas and sentences.

:func:`nlp` builds a small spaCy pipeline: the Danish tokenizer of
``spacy.blank("da")`` with the abbreviations of
:mod:`sundtext._abbreviations` kept whole, the ``sundtext_sentences``
component (the sentence splitter of :mod:`sundtext._sentences`, which the theme
matcher uses too, so spaCy's and the matcher's sentences agree) and the
``sundtext_lemmatizer`` component. :func:`tokenize` runs it and returns plain
:class:`Token` objects with character offsets.

Lemmas
------
:func:`lemmatize` looks words up in the Danish lemma table of the installed
``spacy-lookups-data`` package (nothing is downloaded) and fixes what a plain
lookup gets wrong in this domain:

1. *overrides*: ``sundtext/data/lemmas/lemma_overrides.tsv`` wins over the
   table, for function words the table sends to a content word ("både" is not
   the plural of "båd", "med" not a form of "mede", "have" not "hav") and
   domain words it gets wrong or lacks ("borger", "manglen", "appen");
2. *case*: the table is case-sensitive and has "Danmark" but not
   "Digitaliseringen"; a capitalised word is looked up as written and then
   lowercased (at a sentence start lowercased first, so "Vejen" there is
   "vej", not the town). Words of at most three capitals are acronyms and
   are not looked up ("ALS" is "als", not "al"); "KOL'en" and "PLO's" are
   lemmatised through the part before the apostrophe;
3. *compounds*: a word the table does not know is split with
   :func:`sundtext.compound.split_compound` and lemmatised through its head:
   "cybersikkerhedsstrategien" -> "cybersikkerhedsstrategi";
4. anything else is its own lemma.

Lemmas are **lowercase**, proper nouns included ("region", "danmark"): the
matcher compares lowercase lemmas, and a capital at a sentence start or in a
headline says nothing about the word.

``sundtext_lemmatizer`` is a lookup lemmatizer over the same table as
spaCy's own ``lemmatizer`` in ``"lookup"`` mode, plus these fixes. It does not
sit behind spaCy's component because that would load the table a second time
into a spaCy ``Table`` (about 1.4 s and 180 MB more), while
:mod:`sundtext.compound` needs the table without spaCy.

The spaCy components are registered when :func:`nlp` is first called, not at
import: importing this module does not import spaCy.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from sundtext._abbreviations import ABBREVIATIONS, TOKENIZER_EXCEPTIONS_TO_REMOVE
from sundtext._sentences import sentence_spans
from sundtext.compound import _lemma_overrides, _lemma_table, split_compound
from sundtext.errors import expect_str

if TYPE_CHECKING:  # pragma: no cover - spaCy is imported lazily
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = ["Token", "lemmatize", "nlp", "tokenize"]

logger = logging.getLogger(__name__)

# Texts longer than this go through spaCy in pieces cut at paragraph breaks
# (spaCy refuses texts over nlp.max_length, 1,000,000 characters).
_CHUNK_CHARS = 100_000
_SURROGATE = re.compile("[\ud800-\udfff]")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_LAST_WHITESPACE = re.compile(r"\s\S*\Z")
_TOKEN_ATTRS: list[int | str] = [
    "IDX",
    "LENGTH",
    "IS_SPACE",
    "LEMMA",
    "IS_ALPHA",
    "IS_STOP",
    "IS_PUNCT",
    "LIKE_NUM",
]
_MAX_CACHED_LEMMAS = 1 << 18


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text, with its lemma and where it is.

    Parameters
    ----------
    text : str
        The token as written; always ``source[start:end]``.
    lemma : str
        Its lowercase lemma (see :func:`lemmatize`).
    start, end : int
        Character offsets into the text given to :func:`tokenize`.
    sentence : int
        0-based index of the sentence, into ``sentence_spans(source)``.
    is_alpha : bool
        Whether the token is all letters.
    is_stop : bool
        Whether it is one of spaCy's Danish stop words.
    is_punct : bool
        Whether it is punctuation.
    like_num : bool
        Whether it looks like a number ("12", "3,5", "tre").

    Examples
    --------
    >>> tokenize("Sygeplejersker mangler.")[0]  # doctest: +NORMALIZE_WHITESPACE
    Token(text='Sygeplejersker', lemma='sygeplejerske', start=0, end=14, sentence=0,
          is_alpha=True, is_stop=False, is_punct=False, like_num=False)
    """

    text: str
    lemma: str
    start: int
    end: int
    sentence: int
    is_alpha: bool
    is_stop: bool
    is_punct: bool
    like_num: bool


def tokenize(text: str) -> list[Token]:
    """Split a Danish text into tokens with lemmas, offsets and sentence numbers.

    Whitespace is not a token: runs of spaces and line breaks, which spaCy
    keeps as tokens, are left out. Any ``str`` works, including emoji, lone
    surrogates and texts longer than spaCy's ``nlp.max_length`` (they are
    processed in pieces cut at paragraph breaks, with offsets into the whole
    text).

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    list of Token
        In text order, not overlapping; ``text[t.start:t.end] == t.text``.

    Raises
    ------
    SundtextTypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> tokens = tokenize("Digitaliseringen af Sundhedsvæsenet kræver både flere "
    ...                   "sygeplejersker og bedre it. Cybersikkerhedsstrategien kommer i år.")
    >>> [t.lemma for t in tokens][:6]
    ['digitalisering', 'af', 'sundhedsvæsen', 'kræve', 'både', 'flere']
    >>> tokens[-5].lemma, tokens[-5].sentence
    ('cybersikkerhedsstrategi', 1)
    """
    text = expect_str(text)
    if not text:
        return []
    # spaCy encodes strings as UTF-8, which lone surrogates cannot be. Replace
    # them one for one, so offsets do not move, and take token texts from `text`.
    safe = _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text
    starts = [start for start, _ in sentence_spans(text)]
    pipeline = nlp()
    chunks = list(_chunks(safe))
    tokens: list[Token] = []
    sentence = -1
    n_starts = len(starts)
    for (offset, _), doc in zip(chunks, pipeline.pipe(chunk for _, chunk in chunks), strict=True):
        if not len(doc):
            continue
        # one array read instead of ten attribute reads per spaCy token
        rows = doc.to_array(_TOKEN_ATTRS).tolist()
        strings = doc.vocab.strings
        for idx, length, is_space, lemma, is_alpha, is_stop, is_punct, like_num in rows:
            if is_space:
                continue
            start = offset + idx
            end = start + length
            while sentence + 1 < n_starts and starts[sentence + 1] <= start:
                sentence += 1
            tokens.append(
                Token(
                    text=text[start:end],
                    lemma=strings[lemma],
                    start=start,
                    end=end,
                    sentence=max(sentence, 0),
                    is_alpha=bool(is_alpha),
                    is_stop=bool(is_stop),
                    is_punct=bool(is_punct),
                    like_num=bool(like_num),
                )
            )
    return tokens


def lemmatize(word: str, *, sentence_start: bool = False) -> str:
    """Return the lowercase lemma of one Danish word, without spaCy.

    The rules are in the module docstring: overrides, then the lemma table
    (as written, then lowercased), then the head of a compound.

    Parameters
    ----------
    word : str
        One token as written.
    sentence_start : bool
        Whether it starts a sentence; a capitalised word there is looked up
        in lowercase first.

    Returns
    -------
    str
        The lemma, lowercase.

    Raises
    ------
    SundtextTypeError
        If ``word`` is not a ``str``.

    Examples
    --------
    >>> lemmatize("Sundhedsvæsenet"), lemmatize("både"), lemmatize("KOL'en")
    ('sundhedsvæsen', 'både', 'kol')
    >>> lemmatize("cybersikkerhedsstrategien")
    'cybersikkerhedsstrategi'
    """
    return _lemma(expect_str(word, "word"), sentence_start)


@lru_cache(maxsize=1 << 17)
def _lemma(word: str, sentence_start: bool) -> str:
    lower = word.lower()
    override = _lemma_overrides().get(lower)
    if override is not None:
        return override
    if not any(c.isalpha() for c in word):
        return lower  # numbers, punctuation, symbols
    if word.isupper() and len(word) <= 3:
        return lower  # an acronym: "KOL", "AI", "EU"
    stem, apostrophe, ending = word.partition("'" if "'" in word else "’")
    if apostrophe and stem.isalpha() and ending.isalpha() and len(ending) <= 3:
        return _lemma(stem, sentence_start)  # "KOL'en", "PLO's", "app'en"
    table = _lemma_table()
    candidates = (lower, word) if sentence_start else (word, lower)
    for candidate in candidates:
        lemma = table.get(candidate)
        if lemma is not None:
            return lemma.lower()
    compound = split_compound(lower)
    return compound.lemma if compound.is_compound else lower


@lru_cache(maxsize=1)
def nlp() -> Language:
    """Return sundtext's Danish spaCy pipeline (built once, then cached).

    ``spacy.blank("da")`` with Danish abbreviations kept as one token ("bl.a.",
    "f.eks.", "mio.", "pct."), then the components ``sundtext_sentences``
    (sentence starts from :func:`sundtext._sentences.sentence_spans`) and
    ``sundtext_lemmatizer`` (lemmas from :func:`lemmatize`). Works offline;
    the first call takes a couple of seconds to load the lemma table.

    Returns
    -------
    spacy.language.Language
        The shared pipeline; do not change it. Once this function has run, the
        components are registered and ``spacy.blank("da").add_pipe(...)`` can
        build a private pipeline with them.

    Examples
    --------
    >>> doc = nlp()("Der er bl.a. mangel på hænder. Det koster 5 mio. kr. om året.")
    >>> [sent.text for sent in doc.sents]
    ['Der er bl.a. mangel på hænder.', 'Det koster 5 mio. kr. om året.']
    >>> nlp().pipe_names
    ['sundtext_sentences', 'sundtext_lemmatizer']
    """
    import spacy

    _register_components()
    pipeline = spacy.blank("da")
    _add_abbreviations(pipeline)
    pipeline.add_pipe("sundtext_sentences")
    pipeline.add_pipe("sundtext_lemmatizer")
    _lemma_table()  # load now rather than inside the first call
    logger.debug("Built the sundtext spaCy pipeline %s", pipeline.pipe_names)
    return pipeline


def _register_components() -> None:
    """Register the spaCy components (once; spaCy is imported here)."""
    from spacy.language import Language

    if not Language.has_factory("sundtext_sentences"):
        Language.component(
            "sundtext_sentences", assigns=["token.is_sent_start"], func=_set_sentence_starts
        )
    if not Language.has_factory("sundtext_lemmatizer"):
        Language.factory("sundtext_lemmatizer", assigns=["token.lemma"], func=_make_lemmatizer)


def _set_sentence_starts(doc: Doc) -> Doc:
    """spaCy component: sentence starts as :func:`sentence_spans` finds them.

    A sentence starts at the first token that begins at or after the start of
    its span; whitespace tokens between sentences stay with the sentence before.
    The starts are written with one ``Doc.from_array`` call: spaCy's
    ``Token.is_sent_start`` setter scans the whole doc on every call.
    """
    import numpy

    if not len(doc):
        return doc
    starts = numpy.array([start for start, _ in sentence_spans(doc.text)], dtype="int64")
    token_starts = doc.to_array("IDX").astype("int64")
    values = numpy.full(len(doc), -1, dtype="int64")
    first_tokens = numpy.searchsorted(token_starts, starts[1:])  # the first starts at 0
    values[first_tokens[first_tokens < len(doc)]] = 1
    values[0] = 1
    # thinc's Ints2d is a nominal type that no numpy array matches statically
    doc.from_array(["SENT_START"], values.astype("uint64"))  # type: ignore[arg-type]
    return doc


class _Lemmatizer:
    """spaCy component ``sundtext_lemmatizer``: ``token.lemma`` from :func:`lemmatize`.

    Reads the token texts and sentence starts and writes the lemmas as arrays,
    with a cache from (word, sentence start) to the lemma's string id.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.strings = vocab.strings
        self._cache: dict[tuple[int, bool], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        import numpy

        if not len(doc):
            return doc
        cache = self._cache
        if len(cache) > _MAX_CACHED_LEMMAS:
            cache.clear()
        strings = self.strings
        orths = doc.to_array("ORTH").tolist()
        sent_starts = doc.to_array("SENT_START").astype("int64").tolist()  # 1, -1 or 0
        lemmas: list[int] = []
        for orth, sent_start in zip(orths, sent_starts, strict=True):
            key = (orth, sent_start == 1)
            lemma = cache.get(key)
            if lemma is None:
                lemma = cache[key] = strings.add(_lemma(strings[orth], sent_start == 1))
            lemmas.append(lemma)
        doc.from_array(["LEMMA"], numpy.array(lemmas, dtype="uint64"))  # type: ignore[arg-type]
        return doc


def _make_lemmatizer(nlp: Language, name: str) -> _Lemmatizer:
    """spaCy factory of ``sundtext_lemmatizer``."""
    return _Lemmatizer(nlp.vocab)


def _add_abbreviations(pipeline: Language) -> None:
    """Keep the abbreviations of :mod:`sundtext._abbreviations` as one token."""
    from spacy.symbols import ORTH

    tokenizer = cast("Tokenizer", pipeline.tokenizer)
    rules = {
        form: value
        for form, value in tokenizer.rules.items()
        if form.lower() not in TOKENIZER_EXCEPTIONS_TO_REMOVE
    }
    tokenizer.rules = rules
    for abbreviation in sorted(ABBREVIATIONS):
        for form in (abbreviation, abbreviation[0].upper() + abbreviation[1:]):
            if form not in rules:
                tokenizer.add_special_case(form, [{ORTH: form}])


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Cut ``text`` in ``(offset, piece)`` of at most ``_CHUNK_CHARS`` characters.

    Cuts fall in a paragraph break if there is one in the second half of the
    window, else after a line break, else in any whitespace, else (a stretch
    of ``_CHUNK_CHARS // 2`` characters without whitespace) anywhere.
    """
    start = 0
    while len(text) - start > _CHUNK_CHARS:
        low, high = start + _CHUNK_CHARS // 2, start + _CHUNK_CHARS
        cut = -1
        for match in _PARAGRAPH_BREAK.finditer(text, low, high):
            cut = match.start() + 1
        if cut < 0:
            newline = text.rfind("\n", low, high)
            cut = newline + 1 if newline >= 0 else -1
        if cut < 0:
            last = _LAST_WHITESPACE.search(text, low, high)
            cut = last.start() + 1 if last else -1
        if cut <= start:
            cut = high
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]
