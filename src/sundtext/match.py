"""Find theme mentions in a text: a multi-pattern automaton plus Danish word rules.

The whole lexicon of a taxonomy is compiled once into an Aho-Corasick automaton
(pyahocorasick). A text is lowercased (its length kept, so offsets stay valid),
scanned once, and every hit is checked against its entry's mode: word
boundaries, Danish inflectional endings, compound heads and modifiers, and the
theme's exclusions. Suspended compounds ("cyber- og informationssikkerhed") are
matched as the compound they stand for. No spaCy is needed here.
"""

from __future__ import annotations

import bisect
import logging
import re
import weakref
from typing import Any, NamedTuple

from sundtext._sentences import sentence_spans
from sundtext.errors import expect_str
from sundtext.taxonomy import INFLECTIONS, Entry, Taxonomy, TaxonomyLike, as_taxonomy

logger = logging.getLogger(__name__)

__all__ = ["Mention", "Scan", "ThemeMatcher", "extract_themes"]

# Every whitespace character becomes a plain space and the Unicode hyphens a hyphen-minus,
# one character for one, so that offsets in the searched copy are offsets in the text.
# (Two regex substitutions are about four times faster than str.translate with a dict.)
_SPACE_LIKE = re.compile(
    "[\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_HYPHEN_LIKE = re.compile("[\u2010\u2011\u00ad]")
_WORD_REST = re.compile(r"[^\W_]*")
# The seam of a suspended compound: "cyber- og informationssikkerhed", "kræft- eller
# hjertepatienter". A regex that starts with a literal is fast; the words around the seam
# are read by hand.
_SEAM = re.compile(r"- +(?:og|eller|samt|og/eller|&|\+) +")
_SECOND_WORD = re.compile(r"[^\W\d_]{4,}")


class Mention(NamedTuple):
    """One piece of evidence: a lexicon entry that matched in a text.

    Attributes
    ----------
    theme : str
        Theme id (``""`` for a domain mention).
    group : str
        The theme's group id.
    entry : str
        The lexicon entry that fired, as written in the taxonomy (``"cyber*"``).
    surface : str
        The matched text; for compound modes the whole word.
    start, end : int
        Offsets into the text: ``text[start:end] == surface``.
    sentence : str
        The sentence the mention stands in.
    sentence_index : int
        0-based index of that sentence.
    weight : float
        The entry's weight.

    Examples
    --------
    >>> m = extract_themes("Regionen styrker cybersikkerheden på sygehusene.")[0]
    >>> m.theme, m.surface, m.start, m.end
    ('cybersecurity', 'cybersikkerheden', 17, 33)
    """

    theme: str
    group: str
    entry: str
    surface: str
    start: int
    end: int
    sentence: str
    sentence_index: int
    weight: float = 1.0


class Scan(NamedTuple):
    """What one pass over a text found.

    ``mentions`` are the theme mentions in text order; ``domain`` maps each
    health-domain entry that matched to its weight (the tagger's gate sums them).
    """

    mentions: tuple[Mention, ...]
    domain: dict[str, float]

    @property
    def domain_score(self) -> float:
        """The sum of the weights of the distinct domain entries that matched."""
        return sum(self.domain.values())


_INFLECT, _EXACT, _PREFIX, _HEAD, _INFIX = range(5)
_MODE_CODES = {
    "inflect": _INFLECT,
    "exact": _EXACT,
    "prefix": _PREFIX,
    "head": _HEAD,
    "infix": _INFIX,
}


# A hit is a plain tuple (start, end, keylen, entry id): building millions of them is the
# hot path, and a tuple is several times cheaper than a NamedTuple.
_Hit = tuple[int, int, int, int]


class ThemeMatcher:
    """A taxonomy's lexicon compiled into one automaton; call it on texts.

    Parameters
    ----------
    taxonomy : Taxonomy, optional
        Defaults to the bundled 22-theme taxonomy.

    Examples
    --------
    >>> matcher = ThemeMatcher()
    >>> [m.theme for m in matcher("Kunstig intelligens hjælper radiologerne.")]
    ['ai']
    """

    def __init__(self, taxonomy: TaxonomyLike = None) -> None:
        import ahocorasick

        self.taxonomy = as_taxonomy(taxonomy)
        entries: list[Entry] = list(self.taxonomy.domain) + list(self.taxonomy.domain_exclusions)
        for theme in self.taxonomy.themes.values():
            entries.extend(theme.entries)
            entries.extend(theme.exclusions)
        self._entries = entries
        self._groups = {tid: t.group for tid, t in self.taxonomy.themes.items()}
        keys_ci: dict[str, list[int]] = {}
        keys_cs: dict[str, list[int]] = {}
        for eid, entry in enumerate(entries):
            table = keys_cs if entry.case_sensitive else keys_ci
            for variant in entry.variants:
                table.setdefault(variant, []).append(eid)
        self._modes = [_MODE_CODES[e.mode] for e in entries]
        # among equally long hits of one theme, prefer the heavier entry
        self._rank = [-e.weight for e in entries]
        self._theme_order = {"": -1} | {tid: i for i, tid in enumerate(self.taxonomy.themes)}
        self._ci = _automaton(ahocorasick, keys_ci)
        self._cs = _automaton(ahocorasick, keys_cs)
        logger.debug(
            "compiled %d entries into %d + %d keys", len(entries), len(keys_ci), len(keys_cs)
        )

    def __call__(self, text: str) -> list[Mention]:
        return list(self.scan(text).mentions)

    def __getstate__(self) -> dict[str, Any]:  # automata are rebuilt, not pickled
        return {"taxonomy": self.taxonomy}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["taxonomy"])  # type: ignore[misc]

    def scan(self, text: str) -> Scan:
        """Find theme and domain mentions in ``text``.

        Returns
        -------
        Scan
            ``mentions`` sorted by offset (then theme), and ``domain``: the
            health-domain evidence used by the tagger's gate.
        """
        expect_str(text)
        if not text:
            return Scan((), {})
        low = _fold_lower(text)
        hits = self._hits(low, self._ci)
        if self._cs is not None:
            hits.extend(self._hits(_fold(text), self._cs))
        if "- " in low:
            hits.extend(self._suspended_hits(low))
        if not hits:
            return Scan((), {})
        return self._resolve(text, hits)

    # ----------------------------------------------------------------- internals

    def _hits(self, low: str, automaton: Any) -> list[_Hit]:
        """Hits of ``automaton`` in ``low`` that satisfy their entry's mode."""
        out: list[_Hit] = []
        if automaton is None:
            return out
        modes = self._modes
        word_rest = _WORD_REST.match
        inflections = INFLECTIONS
        append = out.append
        for last, (keylen, eids) in automaton.iter(low):
            start = last - keylen + 1
            stop = last + 1
            left_free = start == 0 or not low[start - 1].isalnum()
            rest_end = word_rest(low, stop).end()  # type: ignore[union-attr]
            rest = low[stop:rest_end] if rest_end > stop else ""
            word_start = -1
            for eid in eids:
                mode = modes[eid]
                if mode <= _EXACT:  # inflect or exact
                    if left_free and (rest in inflections if mode == _INFLECT else not rest):
                        append((start, rest_end, keylen, eid))
                elif mode == _PREFIX:
                    if left_free:
                        append((start, rest_end, keylen, eid))
                elif mode == _INFIX or rest in inflections:  # head, infix: the whole word
                    if word_start < 0:
                        word_start = start
                        while word_start > 0 and low[word_start - 1].isalnum():
                            word_start -= 1
                    append((word_start, rest_end, keylen, eid))
        return out

    def _suspended_hits(self, low: str) -> list[_Hit]:
        """Hits for the first part of a suspended compound, read as the whole compound.

        In "cyber- og informationssikkerhed" the first part stands for
        "cybersikkerhed": it is joined to each tail of the second word that
        starts a lexicon key, and entries that match across the seam count.
        """
        out: list[_Hit] = []
        automaton = self._ci
        if automaton is None:
            return out
        for seam in _SEAM.finditer(low):
            first_end = seam.start()
            first_start = first_end
            while first_start > 0 and low[first_start - 1].isalpha():
                first_start -= 1
            if first_end - first_start < 2 or (first_start > 0 and low[first_start - 1].isalnum()):
                continue
            word = _SECOND_WORD.match(low, seam.end())
            if word is None:
                continue
            first, second = low[first_start:first_end], word.group()
            n = len(first)
            tails = {0} | {
                last - keylen + 1 for last, (keylen, _) in automaton.iter(second) if last >= keylen
            }
            # entries the second word matches on its own are already counted there
            own = {hit[3] for hit in self._hits(second, automaton)}
            found: dict[int, int] = {}
            for k in sorted(tails):
                candidate = first + second[k:]
                crossing = {
                    eid
                    for last, (keylen, eids) in automaton.iter(candidate)
                    if last - keylen + 1 < n <= last
                    for eid in eids
                }
                for start, end, keylen, eid in self._hits(candidate, automaton):
                    if end != len(candidate) or eid in own:
                        continue
                    # the whole second word glued on (k = 0) only counts for an entry that
                    # spans the seam; a borrowed tail (k > 0) is the head the parts share
                    if k == 0 and eid not in crossing:
                        continue
                    if start < n:
                        found.setdefault(eid, keylen)
            for eid, keylen in found.items():
                out.append((first_start, first_end + 1, keylen, eid))
        return out

    def _resolve(self, text: str, hits: list[_Hit]) -> Scan:
        entries = self._entries
        excluded: dict[str, list[tuple[int, int]]] = {}
        kept: dict[str, list[_Hit]] = {}
        for hit in hits:
            entry = entries[hit[3]]
            if entry.exclude:
                excluded.setdefault(entry.theme, []).append((hit[0], hit[1]))
            else:
                kept.setdefault(entry.theme, []).append(hit)
        rank = self._rank
        chosen: list[_Hit] = []
        for theme, theme_hits in kept.items():
            if not theme:
                continue  # domain evidence: only which entries matched counts
            blocks = excluded.get(theme)
            theme_hits.sort(key=lambda h: (h[0], -h[1], -h[2], rank[h[3]]))
            last_end = -1
            for hit in theme_hits:
                if hit[0] < last_end:
                    continue  # overlaps a longer (or earlier) match of the same theme
                if blocks and any(hit[0] < b_end and b_start < hit[1] for b_start, b_end in blocks):
                    continue
                chosen.append(hit)
                last_end = hit[1]
        domain: dict[str, float] = {}
        if kept_domain := kept.get(""):
            blocks = excluded.get("")
            for hit in kept_domain:
                if blocks and any(hit[0] < b_end and b_start < hit[1] for b_start, b_end in blocks):
                    continue
                entry = entries[hit[3]]
                domain[entry.pattern] = entry.weight
        if not chosen:
            return Scan((), domain)
        theme_order = self._theme_order
        chosen.sort(key=lambda h: (h[0], theme_order[entries[h[3]].theme]))
        spans = sentence_spans(text)
        starts = [s for s, _ in spans]
        sentences: dict[int, str] = {}
        groups = self._groups
        mentions: list[Mention] = []
        bisect_right = bisect.bisect_right
        for start, end, _, eid in chosen:
            entry = entries[eid]
            idx = bisect_right(starts, start) - 1
            if idx < 0:
                idx = 0
            sentence = sentences.get(idx)
            if sentence is None:
                s, e = spans[idx] if spans else (0, len(text))
                sentence = sentences[idx] = text[s:e]
            mentions.append(
                Mention(
                    entry.theme,
                    groups[entry.theme],
                    entry.pattern,
                    text[start:end],
                    start,
                    end,
                    sentence,
                    idx,
                    entry.weight,
                )
            )
        return Scan(tuple(mentions), domain)


def _automaton(ahocorasick: Any, keys: dict[str, list[int]]) -> Any:
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, eids in keys.items():
        automaton.add_word(key, (len(key), tuple(eids)))
    automaton.make_automaton()
    return automaton


def _fold_lower(text: str) -> str:
    """Lowercase ``text`` without changing its length, then fold spaces and hyphens."""
    low = text.lower()
    if len(low) != len(text):  # a few characters ("İ") lowercase to two
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return _fold(low)


def _fold(text: str) -> str:
    return _HYPHEN_LIKE.sub("-", _SPACE_LIKE.sub(" ", text))


_MATCHERS: weakref.WeakKeyDictionary[Taxonomy, ThemeMatcher] = weakref.WeakKeyDictionary()


def get_matcher(taxonomy: TaxonomyLike = None) -> ThemeMatcher:
    """Return the (cached) compiled matcher of ``taxonomy`` (default: the bundled one)."""
    tax = as_taxonomy(taxonomy)
    matcher = _MATCHERS.get(tax)
    if matcher is None:
        matcher = _MATCHERS[tax] = ThemeMatcher(tax)
    return matcher


def extract_themes(text: str, taxonomy: TaxonomyLike = None) -> list[Mention]:
    """Find every theme mention in ``text``, with its evidence.

    Matching is case-insensitive (acronyms in capitals excepted), compound-aware
    and knows Danish inflection; see ``docs/taxonomy.md``. Within one theme,
    overlapping matches are resolved in favour of the longest; different themes
    may share a span.

    Parameters
    ----------
    text : str
        Any text; offsets refer to it as given (clean it first with
        :func:`sundtext.clean` for web pages).
    taxonomy : Taxonomy, optional
        Defaults to the bundled taxonomy.

    Returns
    -------
    list of Mention
        In text order; ``text[m.start:m.end] == m.surface`` for every mention.

    Raises
    ------
    SundtextTypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> text = "Kræftpatienter venter for længe. Regionen mangler sygeplejersker."
    >>> [(m.theme, m.surface) for m in extract_themes(text)]  # doctest: +NORMALIZE_WHITESPACE
    [('cancer', 'Kræftpatienter'), ('access', 'venter for længe'), ('workforce', 'mangler sygeplejersker')]
    """
    return list(get_matcher(taxonomy).scan(text).mentions)
