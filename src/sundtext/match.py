"""Find theme mentions in a text: a multi-pattern automaton plus Danish word rules.

The whole lexicon of a taxonomy is compiled once into an Aho-Corasick automaton
(pyahocorasick). A text is lowercased (its length kept, so offsets stay valid),
scanned once, and every hit is checked against its entry's mode: word
boundaries, Danish inflectional endings, compound heads and modifiers, and the
theme's exclusions. Suspended compounds ("cyber- og informationssikkerhed") are
matched as the compound they stand for. No spaCy is needed here.
"""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from sundtext._sentences import sentence_spans
from sundtext.errors import expect_str
from sundtext.taxonomy import INFLECTIONS, Entry, Taxonomy, TaxonomyLike, as_taxonomy

logger = logging.getLogger(__name__)

__all__ = ["Mention", "Scan", "ThemeMatcher", "extract_themes"]

# Every whitespace character becomes a plain space and the Unicode hyphens a hyphen-minus,
# one character for one, so that offsets in the searched copy are offsets in the text.
_SPACE_CHARS = (
    "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_HYPHEN_CHARS = "\u2010\u2011\u00ad"
_RARE_SPACES = tuple(c for c in _SPACE_CHARS if c != "\n")


def _fold_char(c: str) -> str:
    return " " if c in _SPACE_CHARS else "-" if c in _HYPHEN_CHARS else c


# Most Danish text is Latin-1: it is lowercased and folded by one bytes.translate, about
# ten times faster than str.lower plus two regex substitutions. (Every Latin-1 character
# lowercases to one Latin-1 character, so the table is exact.)
_LATIN1_FOLD = bytes(ord(_fold_char(chr(i))) for i in range(256))
_LATIN1_FOLD_LOWER = bytes(ord(_fold_char(chr(i).lower())) for i in range(256))
# letters and digits (str.isalnum, the regex class [^\W_]) -> "a", everything else -> " "
_LATIN1_CLASSES = bytes(97 if chr(i).isalnum() else 32 for i in range(256))
_NOT_LATIN1 = re.compile("[^\x00-\xff]+")
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
# What an automaton key does for one entry: (mode, entry id, route, theme slot, rank).
_Step = tuple[int, int, int, int, float]
# An automaton key's value: (length, steps, case-sensitive variants to confirm with their
# entry ids, the case-insensitive entry ids).
_Key = tuple[int, tuple[_Step, ...], list[tuple[str, list[int]]] | None, tuple[int, ...]]
# Where an accepted hit goes: a theme's mentions, its exclusions, the domain evidence, or
# the domain's exclusions.
_THEME, _THEME_EXCLUSION, _DOMAIN, _DOMAIN_EXCLUSION = range(4)
_new_tuple = tuple.__new__


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
        # per entry: where its hits go, and what a mention of it carries
        self._steps: list[_Step] = []
        self._info: list[tuple[str, str, str, float]] = []
        for eid, e in enumerate(entries):
            if e.theme:
                route = _THEME_EXCLUSION if e.exclude else _THEME
            else:
                route = _DOMAIN_EXCLUSION if e.exclude else _DOMAIN
            slot = self._theme_order[e.theme]
            self._steps.append((self._modes[eid], eid, route, slot, self._rank[eid]))
            self._info.append((e.theme, self._groups.get(e.theme, ""), e.pattern, e.weight))
        # One automaton over the lowercased text serves both tables: a case-sensitive
        # variant ("AI") is searched as its lowercase key and confirmed against the text.
        # (Should a variant's lowercase depend on its context, as a final sigma's does,
        # the case-sensitive variants keep an automaton of their own over the text.)
        merged: dict[str, _Key] = {
            key: (len(key), tuple(self._steps[eid] for eid in eids), None, tuple(eids))
            for key, eids in keys_ci.items()
        }
        separate = any("Σ" in v or any(len(c.lower()) != 1 for c in v) for v in keys_cs)
        if not separate:
            for variant, eids in keys_cs.items():
                key = _fold_lower(variant)
                keylen, steps, confirm, ci_eids = merged.get(key, (len(key), (), None, ()))
                merged[key] = (keylen, steps, [*(confirm or ()), (variant, eids)], ci_eids)
        self._automaton = _automaton(ahocorasick, merged)
        self._cs = (
            _automaton(ahocorasick, {k: (len(k), tuple(v)) for k, v in keys_cs.items()})
            if separate
            else None
        )
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
        low, classes = _fold_lower_classes(text)
        themed: list[tuple[int, int, int, int, float, int, int]] = []
        domain_hits: list[_Hit] = []
        excluded: list[tuple[int, int, int]] = []
        later = self._collect(low, classes, text, themed, domain_hits, excluded)
        if "- " in low:
            later.extend(self._suspended_hits(low))
        if later:
            self._route(later, themed, domain_hits, excluded)
        if not themed and not domain_hits:
            return Scan((), {})
        return self._resolve(text, themed, domain_hits, excluded)

    # ----------------------------------------------------------------- internals
    #
    # Results must not depend on how hits are found: within a theme, hits are ranked by
    # (start, -end, -keylen, -weight) and ties keep the order in which they were found
    # (the automaton's order over the text, then case-sensitive hits, then suspended
    # compounds); the domain evidence keeps that order too (its float sum depends on it).

    def _collect(
        self,
        low: str,
        classes: bytes,
        text: str,
        themed: list[tuple[int, int, int, int, float, int, int]],
        domain_hits: list[_Hit],
        excluded: list[tuple[int, int, int]],
    ) -> list[_Hit]:
        """Route the hits of ``low`` that satisfy their entry's mode; return the late ones.

        A theme's hit goes to ``themed`` as ``(slot, start, -end, -keylen, rank, seq,
        eid)``, which sorts into the order the resolution needs; domain hits and
        exclusions go to their lists. Case-sensitive hits are returned, to be routed
        after all others (as they were found by a second pass before).
        """
        inflections = INFLECTIONS
        add_themed = themed.append
        # a byte per character, 97 ("a") for a letter or digit and 32 for anything else:
        # word boundaries become bytes.find/rfind, much cheaper than a regex per hit
        find, rfind = classes.find, classes.rfind
        size = len(low)
        confirms: list[tuple[int, int, list[tuple[str, list[int]]]]] = []
        seq = 0
        prev_last = -1
        rest_end = 0
        rest = ""
        for last, (keylen, steps, confirm, _) in self._automaton.iter(low):
            if confirm is not None:
                confirms.append((last, keylen, confirm))
                if not steps:
                    continue
            start = last - keylen + 1
            left_free = start == 0 or classes[start - 1] != 97
            if last != prev_last:
                prev_last = last
                rest_end = find(32, last + 1)
                if rest_end < 0:
                    rest_end = size
                rest = low[last + 1 : rest_end]
            word_start = -1
            for mode, eid, route, slot, rank in steps:
                if mode <= _EXACT:  # inflect or exact
                    if not left_free or (rest not in inflections if mode == _INFLECT else rest):
                        continue
                    first = start
                elif mode == _PREFIX:
                    if not left_free:
                        continue
                    first = start
                elif mode == _INFIX or rest in inflections:  # head, infix: the whole word
                    if word_start < 0:
                        word_start = rfind(32, 0, start) + 1
                    first = word_start
                else:
                    continue
                if route == _THEME:
                    add_themed((slot, first, -rest_end, -keylen, rank, seq, eid))
                    seq += 1
                elif route == _DOMAIN:
                    domain_hits.append((first, rest_end, keylen, eid))
                else:
                    excluded.append((slot, first, rest_end))
        late: list[_Hit] = []
        if confirms:
            folded = _fold(text)
            for last, keylen, confirm in confirms:
                start = last - keylen + 1
                for variant, eids in confirm:
                    if folded.startswith(variant, start):
                        late.extend(self._accept(folded, start, keylen, eids))
        if self._cs is not None:
            late.extend(self._hits(_fold(text), self._cs))
        return late

    def _route(
        self,
        hits: list[_Hit],
        themed: list[tuple[int, int, int, int, float, int, int]],
        domain_hits: list[_Hit],
        excluded: list[tuple[int, int, int]],
    ) -> None:
        """Add hits found after the main pass, in their order, after those already routed."""
        steps = self._steps
        seq = len(themed)
        for hit in hits:
            start, end, keylen, eid = hit
            _, _, route, slot, rank = steps[eid]
            if route == _THEME:
                themed.append((slot, start, -end, -keylen, rank, seq, eid))
                seq += 1
            elif route == _DOMAIN:
                domain_hits.append(hit)
            else:
                excluded.append((slot, start, end))

    def _accept(self, low: str, start: int, keylen: int, eids: Sequence[int]) -> list[_Hit]:
        """The hits of the key ``low[start:start + keylen]`` that satisfy their entry's mode."""
        out: list[_Hit] = []
        modes = self._modes
        stop = start + keylen
        left_free = start == 0 or not low[start - 1].isalnum()
        rest_end = _WORD_REST.match(low, stop).end()  # type: ignore[union-attr]
        rest = low[stop:rest_end] if rest_end > stop else ""
        word_start = -1
        for eid in eids:
            mode = modes[eid]
            if mode <= _EXACT:  # inflect or exact
                if left_free and (rest in INFLECTIONS if mode == _INFLECT else not rest):
                    out.append((start, rest_end, keylen, eid))
            elif mode == _PREFIX:
                if left_free:
                    out.append((start, rest_end, keylen, eid))
            elif mode == _INFIX or rest in INFLECTIONS:  # head, infix: the whole word
                if word_start < 0:
                    word_start = start
                    while word_start > 0 and low[word_start - 1].isalnum():
                        word_start -= 1
                out.append((word_start, rest_end, keylen, eid))
        return out

    def _hits(self, low: str, automaton: Any) -> list[_Hit]:
        """Hits of ``automaton`` (values ``(keylen, eids)``) in ``low`` that satisfy their modes."""
        out: list[_Hit] = []
        if automaton is None:
            return out
        for last, (keylen, eids) in automaton.iter(low):
            out.extend(self._accept(low, last - keylen + 1, keylen, eids))
        return out

    def _ci_keys(self, low: str) -> Iterator[tuple[int, int, tuple[int, ...]]]:
        """``(last, keylen, eids)`` for every case-insensitive key that occurs in ``low``."""
        for last, (keylen, _, _, eids) in self._automaton.iter(low):
            if eids:
                yield last, keylen, eids

    def _ci_hits(self, low: str) -> list[_Hit]:
        """Hits of the case-insensitive entries in ``low`` that satisfy their modes."""
        out: list[_Hit] = []
        for last, keylen, eids in self._ci_keys(low):
            out.extend(self._accept(low, last - keylen + 1, keylen, eids))
        return out

    def _suspended_hits(self, low: str) -> list[_Hit]:
        """Hits for the first part of a suspended compound, read as the whole compound.

        In "cyber- og informationssikkerhed" the first part stands for
        "cybersikkerhed": it is joined to each tail of the second word that
        starts a lexicon key, and entries that match across the seam count.
        """
        out: list[_Hit] = []
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
                last - keylen + 1 for last, keylen, _ in self._ci_keys(second) if last >= keylen
            }
            # entries the second word matches on its own are already counted there
            own = {hit[3] for hit in self._ci_hits(second)}
            found: dict[int, int] = {}
            for k in sorted(tails):
                candidate = first + second[k:]
                crossing = {
                    eid
                    for last, keylen, eids in self._ci_keys(candidate)
                    if last - keylen + 1 < n <= last
                    for eid in eids
                }
                for start, end, keylen, eid in self._ci_hits(candidate):
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

    def _resolve(
        self,
        text: str,
        themed: list[tuple[int, int, int, int, float, int, int]],
        domain_hits: list[_Hit],
        excluded: list[tuple[int, int, int]],
    ) -> Scan:
        blocks_of: dict[int, list[tuple[int, int]]] = {}
        for slot, b_start, b_end in excluded:
            blocks_of.setdefault(slot, []).append((b_start, b_end))
        # per theme, the longest (then heaviest) of overlapping hits wins
        chosen: list[tuple[int, int, int, int]] = []
        themed.sort()
        current = -2
        last_end = -1
        blocks: list[tuple[int, int]] | None = None
        for slot, start, neg_end, _, _, _, eid in themed:
            if slot != current:
                current = slot
                last_end = -1
                blocks = blocks_of.get(slot)
            if start < last_end:
                continue  # overlaps a longer (or earlier) match of the same theme
            end = -neg_end
            if blocks and any(start < b_end and b_start < end for b_start, b_end in blocks):
                continue
            chosen.append((start, slot, end, eid))
            last_end = end
        info = self._info
        domain: dict[str, float] = {}
        if domain_hits:
            blocks = blocks_of.get(-1)
            for start, end, _, eid in domain_hits:
                if blocks and any(start < b_end and b_start < end for b_start, b_end in blocks):
                    continue
                _, _, pattern, weight = info[eid]
                domain[pattern] = weight
        if not chosen:
            return Scan((), domain)
        chosen.sort()  # by offset, then theme
        spans = sentence_spans(text) or [(0, len(text))]
        n_spans = len(spans)
        idx = 0
        next_start = spans[1][0] if n_spans > 1 else len(text) + 1
        s, e = spans[0]
        sentence = text[s:e]
        new, mention = _new_tuple, Mention
        mentions: list[Mention] = []
        for start, _, end, eid in chosen:
            if start >= next_start:  # a later sentence: the last one that starts at or before
                while idx + 1 < n_spans and spans[idx + 1][0] <= start:
                    idx += 1
                next_start = spans[idx + 1][0] if idx + 1 < n_spans else len(text) + 1
                s, e = spans[idx]
                sentence = text[s:e]
            theme, group, pattern, weight = info[eid]
            mentions.append(
                new(
                    mention,
                    (theme, group, pattern, text[start:end], start, end, sentence, idx, weight),
                )
            )
        return Scan(tuple(mentions), domain)


def _automaton(ahocorasick: Any, keys: Mapping[str, Any]) -> Any:
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, value in keys.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton


def _fold_lower(text: str) -> str:
    """Lowercase ``text`` without changing its length, then fold spaces and hyphens."""
    try:
        return text.encode("latin-1").translate(_LATIN1_FOLD_LOWER).decode("latin-1")
    except UnicodeEncodeError:
        pass
    low = text.lower()
    if len(low) != len(text):  # a few characters ("İ") lowercase to two
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return _fold_rest(low)


def _fold_lower_classes(text: str) -> tuple[str, bytes]:
    """``_fold_lower(text)``, and a byte per character: 97 for a letter or digit, else 32."""
    try:
        data = text.encode("latin-1").translate(_LATIN1_FOLD_LOWER)
    except UnicodeEncodeError:
        low = _fold_lower(text)
        marks = bytearray(low.encode("latin-1", "replace"))
        for wide in _NOT_LATIN1.finditer(low):
            for i in range(wide.start(), wide.end()):
                marks[i] = 97 if low[i].isalnum() else 32
        return low, bytes(marks.translate(_LATIN1_CLASSES))
    return data.decode("latin-1"), data.translate(_LATIN1_CLASSES)


def _fold(text: str) -> str:
    """Fold whitespace to spaces and Unicode hyphens to "-", one character for one."""
    try:
        return text.encode("latin-1").translate(_LATIN1_FOLD).decode("latin-1")
    except UnicodeEncodeError:
        return _fold_rest(text)


def _fold_rest(text: str) -> str:
    # str.replace for the characters that occur: much faster than a regex over the text
    text = text.replace("\n", " ")
    for c in _RARE_SPACES:
        if c in text:
            text = text.replace(c, " ")
    for c in _HYPHEN_CHARS:
        if c in text:
            text = text.replace(c, "-")
    return text


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
