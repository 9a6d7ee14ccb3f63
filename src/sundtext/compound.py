"""Danish compound splitting.

Danish writes compounds as one word: *sundhedspersonalet* is *sundhed* + the
linking *-s-* + *personalet*. :func:`split_compound` finds the parts, the
linking letters between them and the lemma of the head (the last part), so a
lemmatizer can lemmatise a compound it has never seen through its head, and a
matcher can find *strategi* in *cybersikkerhedsstrategien*.

How it works
------------
The lexicon is the Danish lemma table of the installed ``spacy-lookups-data``
package (553,000 word forms of 81,000 lemmas; nothing is downloaded) plus the
hand lists in ``sundtext/data/lemmas/``. A word is segmented by dynamic
programming over its split points:

* every part but the last (a *modifier*) must be a lemma, or a lemma less its
  final *-e* before a linking *-s-* (*arbejd-s-miljø*);
* the last part (the *head*) may be any inflected form of the table
  (*personalet*, *beboere*) and is lemmatised;
* between parts there may be a linking ``"s"`` or ``"e"``; hyphens
  (*it-systemer*, *e-sundhed*) always separate parts and show as the link
  ``"-"``;
* parts (and the lemma of the head) must have at least 5 letters, or 4 in a
  word the table does not know, unless they are in the hand list
  ``compound_parts.txt`` of short stems (*tid*, *hus*, *hjem*, *læge*) and
  prefixes (*cyber-*, *tele-*, *it-*, which never end a compound); words in
  ``compound_blocked.txt`` (function words, endings such as *-heder*) are
  never parts, and words in ``compound_no_split.txt`` are never split.

Among the segmentations the one with the fewest parts wins (then the fewest
linking letters, then the longest parts), and the whole word only when there
is no split. Each part is then split again the same way, so
*plejehjemsbeboere* becomes *plejehjem* + *s* + *beboere* and then
*pleje* + *hjem* + *s* + *beboere*.

Results are cached; the lexicon is loaded on first use (about 1.5 s).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sundtext.errors import SundtextValueError, expect_str

__all__ = ["Compound", "split_compound"]

logger = logging.getLogger(__name__)

_LINKS = ("", "s", "e")
_MIN_PART = 5  # letters in a part of a word the lemma table knows
_MIN_PART_UNKNOWN = 4  # letters in a part of a word it does not know
_MAX_PART = 36  # longer than the longest Danish lemma in the table
_MAX_WORD = 80  # longer "words" are not split at all


@dataclass(frozen=True, slots=True)
class Compound:
    """A word split into its compound parts.

    Parameters
    ----------
    word : str
        The word, lowercased (one character per character, so offsets into
        the original word stay valid).
    parts : tuple of str
        The parts as they are written in ``word``; a word that is not a
        compound has one part.
    links : tuple of str
        The linking letters between consecutive parts: ``""``, ``"s"``,
        ``"e"``, or ``"-"`` for a hyphen. One fewer than ``parts``, and
        ``parts[0] + links[0] + parts[1] + ... == word``.
    modifier : str or None
        Everything before the head and its link (``word[:spans[-2][1]]``), or
        ``None`` for a single part.
    head : str
        The lemma of the last part: ``"personale"`` for ``"personalet"``.
    spans : tuple of tuple of (int, int)
        ``(start, end)`` of each part in ``word``.

    Raises
    ------
    SundtextValueError
        If the fields do not fit together.

    Examples
    --------
    >>> c = split_compound("sundhedspersonalet")
    >>> c.parts, c.links, c.modifier, c.head
    (('sundhed', 'personalet'), ('s',), 'sundhed', 'personale')
    >>> c.lemma
    'sundhedspersonale'
    """

    word: str
    parts: tuple[str, ...]
    links: tuple[str, ...]
    modifier: str | None
    head: str
    spans: tuple[tuple[int, int], ...]

    def __post_init__(self) -> None:
        if len(self.links) != len(self.parts) - 1 or len(self.spans) != len(self.parts):
            raise SundtextValueError(
                f"A Compound needs one link fewer than parts and one span per part, got "
                f"parts={self.parts!r}, links={self.links!r}, spans={self.spans!r}."
            )

    @property
    def is_compound(self) -> bool:
        """Whether the word has more than one part.

        Examples
        --------
        >>> split_compound("kræftbehandlingen").is_compound
        True
        """
        return len(self.parts) > 1

    @property
    def lemma(self) -> str:
        """The word with its head lemmatised: modifier + link + head.

        Examples
        --------
        >>> split_compound("plejehjemsbeboere").lemma
        'plejehjemsbeboer'
        """
        if self.modifier is None:
            return self.head
        return self.modifier + self.links[-1] + self.head

    @property
    def lemma_parts(self) -> tuple[str, ...]:
        """The parts with the head lemmatised.

        Examples
        --------
        >>> split_compound("plejehjemsbeboere").lemma_parts
        ('pleje', 'hjem', 'beboer')
        """
        return (*self.parts[:-1], self.head)


def split_compound(word: str) -> Compound:
    """Split a Danish word into its compound parts.

    Case-insensitive; the parts are lowercase. Never raises on a ``str``:
    anything that is not a known compound comes back as one part.

    Parameters
    ----------
    word : str
        One word. Hyphens split it (``"it-systemer"``); a part holding other
        non-letters (digits, apostrophes) is kept whole.

    Returns
    -------
    Compound
        The parts, the links between them and the lemmatised head.

    Raises
    ------
    SundtextTypeError
        If ``word`` is not a ``str``.

    Examples
    --------
    >>> split_compound("Cybersikkerhedsstrategien").parts
    ('cyber', 'sikkerhed', 'strategien')
    >>> split_compound("Cybersikkerhedsstrategien").head
    'strategi'
    >>> split_compound("kræftbehandlingen").lemma_parts
    ('kræft', 'behandling')
    >>> split_compound("sygeplejerske").parts
    ('syge', 'plejerske')
    >>> split_compound("personale").parts
    ('personale',)
    """
    return _split(expect_str(word, "word"))


@lru_cache(maxsize=1 << 16)
def _split(word: str) -> Compound:
    lowered = _lower(word)
    parts: list[str] = []
    links: list[str] = []
    chunks = lowered.split("-")
    if len(lowered) <= _MAX_WORD and all(chunks):
        for i, chunk in enumerate(chunks):
            if i:
                links.append("-")
            if chunk.isalpha():
                chunk_parts, chunk_links = _segment(chunk, chunk in _lemma_table(), True)
                parts.extend(chunk_parts)
                links.extend(chunk_links)
            else:
                parts.append(chunk)
    else:
        parts.append(lowered)
    spans = tuple(_spans(parts, links))
    modifier = lowered[: spans[-2][1]] if len(parts) > 1 else None
    return Compound(
        word=lowered,
        parts=tuple(parts),
        links=tuple(links),
        modifier=modifier,
        head=_head_lemma(parts[-1]),
        spans=spans,
    )


def _lower(word: str) -> str:
    """Lowercase ``word`` without changing its length (``"İ".lower()`` has two)."""
    lowered = word.lower()
    if len(lowered) == len(word):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in word)


def _spans(parts: list[str], links: list[str]) -> Iterator[tuple[int, int]]:
    pos = 0
    for i, part in enumerate(parts):
        if i:
            pos += len(links[i - 1])
        yield pos, pos + len(part)
        pos += len(part)


# --------------------------------------------------------------------------
# segmentation

# (parts, link letters, e-dropped modifiers, -sum of squared part lengths):
# smaller is better, so fewer parts, fewer linking letters, then longer parts.
_Score = tuple[int, int, int, int]
_Path = tuple[_Score, tuple[str, ...], tuple[str, ...]]


@lru_cache(maxsize=1 << 16)
def _segment(
    word: str, strict: bool, head_is_form: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split one lowercase alphabetic ``word`` into parts and links, recursively.

    ``strict`` asks for parts of at least ``_MIN_PART`` letters; the parts of a
    split are known words and are always split again strictly. If
    ``head_is_form`` is false, ``word`` is itself a modifier, so its last part
    must be a lemma, not an inflected form.
    """
    if word in _no_split():
        return (word,), ()
    best = _best_split(word, strict, head_is_form)
    if best is None:
        return (word,), ()
    _, top_parts, top_links = best
    parts: list[str] = []
    links: list[str] = []
    for i, part in enumerate(top_parts):
        last = i == len(top_parts) - 1
        sub_parts, sub_links = _segment(part, True, head_is_form and last)
        parts.extend(sub_parts)
        links.extend(sub_links)
        if not last:
            links.append(top_links[i])
    return tuple(parts), tuple(links)


def _best_split(word: str, strict: bool, head_is_form: bool) -> _Path | None:
    """The best segmentation of ``word`` in at least two parts, or None."""
    n = len(word)
    min_part = _MIN_PART if strict else _MIN_PART_UNKNOWN
    modifiers, short = _modifier_lexicon(), _any_length_parts()
    # best[i]: the best way to write word[:i] as modifiers, each followed by its link
    best: list[_Path | None] = [None] * (n + 1)
    best[0] = ((0, 0, 0, 0), (), ())
    result: _Path | None = None
    for i in range(n):
        path = best[i]
        if path is None:
            continue
        (count, link_len, dropped, square), parts, links = path
        if parts and _is_head(word[i:], min_part, head_is_form):
            size = n - i
            score = (count + 1, link_len, dropped, square - size * size)
            if result is None or score < result[0]:
                result = (score, (*parts, word[i:]), links)
        for j in range(i + 1, min(n - 1, i + _MAX_PART) + 1):
            part = word[i:j]
            size = j - i
            if size < min_part and part not in short:
                continue
            if part in modifiers:
                is_dropped = 0
            elif size >= min_part and word[j] == "s" and part + "e" in modifiers:
                is_dropped = 1  # "arbejd" of "arbejde" in "arbejdsmiljø"
            else:
                continue
            for link in _LINKS:
                if is_dropped and link != "s":
                    continue
                k = j + len(link)
                if k >= n or not word.startswith(link, j):
                    continue
                score = (
                    count + 1,
                    link_len + len(link),
                    dropped + is_dropped,
                    square - size * size,
                )
                current = best[k]
                if current is None or score < current[0]:
                    best[k] = (score, (*parts, part), (*links, link))
    return result


def _is_head(part: str, min_part: int, head_is_form: bool) -> bool:
    """Whether ``part`` can be the last part of a compound."""
    if part in _blocked() or part in _prefixes():
        return False
    if not head_is_form:
        return part in _modifier_lexicon() and (len(part) >= min_part or part in _short_parts())
    if not (part in _lemma_table() or part in _lemma_overrides() or part in _modifier_lexicon()):
        return False
    lemma = _head_lemma(part)
    if lemma in _blocked():
        return False
    short = _short_parts()
    return (len(part) >= min_part and len(lemma) >= min_part) or part in short or lemma in short


# --------------------------------------------------------------------------
# lexicon


def _head_lemma(form: str) -> str:
    """Lemma of a lowercase word form by table lookup only (no compound split)."""
    override = _lemma_overrides().get(form)
    if override is not None:
        return override
    lemma = _lemma_table().get(form)
    return form if lemma is None else lemma.lower()


@lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    """spacy-lookups-data's Danish form -> lemma table (keys keep their case).

    Loaded once (about 1.5 s, 90 MB) and shared with :mod:`sundtext.tokenize`.
    The lemma strings are interned, which saves about a quarter of the memory.
    """
    import gzip
    import json

    data = resources.files("spacy_lookups_data") / "data"
    path = data / "da_lemma_lookup.json.gz"
    raw = path.read_bytes()
    table: dict[str, str] = json.loads(gzip.decompress(raw))
    lemmas: dict[str, str] = {}
    table = {form: lemmas.setdefault(lemma, lemma) for form, lemma in table.items()}
    logger.debug("Loaded %d Danish word forms of %d lemmas from %s", len(table), len(lemmas), path)
    return table


@lru_cache(maxsize=1)
def _lemma_overrides() -> dict[str, str]:
    """``data/lemmas/lemma_overrides.tsv``: form -> lemma, both lowercase."""
    overrides: dict[str, str] = {}
    for line in _data_lines("lemma_overrides.tsv"):
        form, *lemma = line.split()
        overrides[form] = lemma[0] if lemma else form
    return overrides


@lru_cache(maxsize=1)
def _modifier_lexicon() -> frozenset[str]:
    """Lowercase lemmas that may be a modifier (and, inflected, a head)."""
    lemmas = {lemma.lower() for lemma in _lemma_table().values() if lemma.isalpha()}
    lemmas.update(_lemma_overrides().values())
    lemmas.update(_short_parts())
    lemmas.update(_prefixes())
    return frozenset(lemmas - _blocked())


@lru_cache(maxsize=1)
def _short_parts() -> frozenset[str]:
    """Words of ``data/lemmas/compound_parts.txt``: parts whatever their length."""
    return frozenset(w for w in _data_lines("compound_parts.txt") if not w.endswith("-"))


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    """Prefixes (``"cyber-"``) of ``compound_parts.txt``: modifiers, never heads."""
    return frozenset(w[:-1] for w in _data_lines("compound_parts.txt") if w.endswith("-"))


@lru_cache(maxsize=1)
def _any_length_parts() -> frozenset[str]:
    """Short words and prefixes: modifiers whatever their length."""
    return _short_parts() | _prefixes()


@lru_cache(maxsize=1)
def _blocked() -> frozenset[str]:
    """``data/lemmas/compound_blocked.txt``: strings that are never parts."""
    return frozenset(_data_lines("compound_blocked.txt"))


@lru_cache(maxsize=1)
def _no_split() -> frozenset[str]:
    """``data/lemmas/compound_no_split.txt``: known words that are not compounds."""
    return frozenset(_data_lines("compound_no_split.txt"))


def _data_lines(name: str) -> list[str]:
    """The lines of ``sundtext/data/lemmas/<name>``, lowercased, without blanks and comments."""
    text = (resources.files("sundtext") / "data" / "lemmas" / name).read_text(encoding="utf-8")
    lines = (line.strip().lower() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]
