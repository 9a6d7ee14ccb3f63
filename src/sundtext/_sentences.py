"""Fast, dependency-free Danish sentence segmentation.

Used by the theme matcher (no spaCy needed) and by the spaCy pipeline's
``sundtext_sentences`` component, so both agree on sentence boundaries.

The whole decision is one compiled regular expression whose matches mark the
whitespace *between* sentences. A sentence ends

1. at a paragraph break (a blank line, or U+2029),
2. before a line that starts a bulleted or numbered list item
   (``"- "``, ``"• "``, ``"1. "``, ``"2) "``),
3. after a headline: a line without final punctuation (``. ! ? … : ; ,``)
   followed by a line that does not start with a lowercase letter. A
   lowercase next line means the line was wrapped inside a sentence.
4. after ``. ! ? …`` (and closing quotes or brackets) followed by whitespace
   holding at most one line break, and then (after an optional opening
   quote, bracket or dash) an uppercase letter or a digit. A period does not
   end the sentence when it belongs to

   * an abbreviation in
     :data:`~sundtext._abbreviations.NON_FINAL_ABBREVIATIONS` ("bl.a.",
     "jf.", "dr."),
   * an initial (``"H.C. Andersen"``, ``"Mette F. Hansen"``),
   * a number that opens a line (``"1. Indledning"``),
   * an abbreviation in :data:`~sundtext._abbreviations.FINAL_ABBREVIATIONS`
     ("kr.", "pct.", "mio.") followed by a digit (``"jan. 2024"``). Before a
     capitalised word those do end the sentence: ``"Det steg med 3 pct.
     Derfor ..."`` is two sentences (see :mod:`sundtext._abbreviations`).

There is no per-character Python loop; the cost is one ``finditer`` over the
text plus a little work per sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import groupby

from sundtext._abbreviations import FINAL_ABBREVIATIONS, NON_FINAL_ABBREVIATIONS

__all__ = ["sentence_spans"]

# Line boundaries as str.splitlines() knows them; "\r\n" counts once.
_LB_CHARS = "\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
_LB = rf"(?:\r\n|[{_LB_CHARS}])"
# Whitespace that is not a line boundary, and the same with "\r" (of "\r\n").
_HS = rf"[^\S{_LB_CHARS}]"
_HS_CR = r"[^\S\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_TERMINATOR = ".!?…"
_CLOSER = "\"'”’»«)\\]"
_OPENER = rf"(?:[\"'“”„‘’«»(\[]|[–—-]{_HS}?)"
_BULLET = rf"(?:[-–—•*·▪►‣◦]|\d{{1,3}}[.)]){_HS}"
# A headline ends in a character that is neither whitespace nor punctuation.
_HEADLINE_END = rf"[^\s{_TERMINATOR}:;,]"
# Whitespace after a sentence end, holding at most one line break.
_GAP = rf"(?:{_HS}+(?:{_LB}{_HS}*)?|{_LB}{_HS}*)"


def _not_after(words: Iterable[str]) -> str:
    """Negative lookbehinds (one per length) for the ``words`` that end in a period.

    A word must not follow a letter or a period, so "d." does not match the
    end of "ph.d.".
    """
    dotted = sorted({w.lower() for w in words if w.endswith(".")}, key=len)
    return "".join(
        rf"(?<!(?<![\w.])(?i:{'|'.join(re.escape(w) for w in group)}))"
        for _, group in groupby(dotted, key=len)
    )


# Every match starts with one terminator or line-break character, so the regex
# engine can skip to those with its fast character-set scan instead of trying
# all the alternatives at every position. For rule 4 the sentence keeps its
# punctuation and the gap (group "gap") is the boundary.
_BOUNDARY_PATTERN = (
    rf"[{_TERMINATOR}{_LB_CHARS}]"
    # 4. sentence punctuation, maybe closing quotes/brackets
    rf"(?:(?<=[{_TERMINATOR}])[{_TERMINATOR}]*[{_CLOSER}]{{0,2}}"
    # cheap test first: whitespace, then a capital letter or a digit
    rf"(?={_GAP}{_OPENER}?[{_UPPER}0-9])"
    + _not_after(NON_FINAL_ABBREVIATIONS)
    + rf"(?<!\b[{_UPPER}]\.)"  # an initial: "H.C. Andersen"
    + r"(?<!^\d\.)(?<!^\d\d\.)(?<!^\d\d\d\.)"  # a numbered line: "1. Indledning"
    # after "kr.", "pct.", "jan." only a capital letter starts a new sentence
    + rf"(?:(?={_GAP}{_OPENER}?[{_UPPER}])|{_not_after(FINAL_ABBREVIATIONS)})"
    rf"(?P<gap>{_GAP})"
    # rules 1-3 start at a line break ("\r\n" is one)
    rf"|(?<=[{_LB_CHARS}])(?:(?<=\r)\n)?(?:"
    # 1. paragraph break: another line break, or U+2029
    rf"{_HS}*(?:{_LB}{_HS}*)+\s*"
    rf"|(?<=\u2029)\s*"
    # 2. a list item starts on the next line
    rf"|\s*(?={_BULLET})"
    # 3. headline: no final punctuation (up to two trailing blanks allowed),
    #    and the next line does not start with a lowercase letter
    rf"|(?:(?<={_HEADLINE_END}[{_LB_CHARS}])|(?<={_HEADLINE_END}{_HS_CR}[{_LB_CHARS}])"
    rf"|(?<={_HEADLINE_END}{_HS_CR}{_HS_CR}[{_LB_CHARS}]))\s*(?=[^\s{_LOWER}])"
    r"))"
)


@lru_cache(maxsize=1)
def _boundary() -> re.Pattern[str]:
    """The compiled boundary regex (compiled on first use: it takes ~10 ms)."""
    return re.compile(_BOUNDARY_PATTERN, re.MULTILINE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences of ``text``.

    The spans are in order, do not overlap, and never start or end in
    whitespace. An empty or blank text has no sentences. See the module
    docstring for the rules.

    Parameters
    ----------
    text : str
        Any text. It is not validated: callers check the type.

    Returns
    -------
    list of tuple of (int, int)
        ``text[start:end]`` is a sentence.

    Examples
    --------
    >>> sentence_spans("Det går godt. Nu kommer mere.")
    [(0, 13), (14, 29)]
    >>> text = "Ventetider\\nDer er bl.a. mangel på hænder. Det koster 5 mio. kr. om året."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Ventetider', 'Der er bl.a. mangel på hænder.', 'Det koster 5 mio. kr. om året.']
    """
    spans: list[tuple[int, int]] = []
    append = spans.append
    pos = 0
    for match in _boundary().finditer(text):
        end = match.start(1)  # the gap after ". ! ?", or -1 for a line-break rule
        if end < 0:
            end = match.start()
        if end > pos:
            if text[pos].isspace() or text[end - 1].isspace():
                _add_stripped(text, pos, end, spans)
            else:
                append((pos, end))
        pos = match.end()
    _add_stripped(text, pos, len(text), spans)
    return spans


def _add_stripped(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append ``text[start:end]`` without its outer whitespace, if anything is left."""
    segment = text[start:end]
    stripped = segment.strip()
    if stripped:
        start += len(segment) - len(segment.lstrip())
        spans.append((start, start + len(stripped)))
