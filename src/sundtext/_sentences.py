"""Fast, dependency-free Danish sentence segmentation.

Used by the theme matcher (no spaCy needed) and by the spaCy pipeline's
sentence component, so both agree on sentence boundaries.
"""

from __future__ import annotations

import re

# A sentence ends at . ! ? (and closing quotes/brackets) followed by space and a
# capital/digit/quote, or at a paragraph break (blank line) or a line break.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”»)\]]*\s+(?=[\"'«„“(\[–-]?[A-ZÆØÅ0-9])|\n\s*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences of ``text``.

    The spans are in order, do not overlap, and never start or end in
    whitespace. An empty or blank text has no sentences.

    Examples
    --------
    >>> sentence_spans("Det går godt. Nu kommer mere.")
    [(0, 13), (14, 29)]
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        _add(text, pos, m.start(), spans)
        pos = m.end()
    _add(text, pos, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
