"""Lexicon gaps: words and phrases a corpus uses about a theme that its lexicon misses.

:func:`suggest_terms` reads a corpus with the taxonomy's matcher and looks at
what stands *beside* each theme's mentions: words (lemmatised with
:func:`sundtext.lemmatize`), compounds and two-word phrases that

* no lexicon entry matches, neither where they stand in the text nor on their
  own, and that the domain lexicon (the words of health in general: "patient",
  "sygehus") does not match either,
* are not stop words, numbers or names (words capitalised inside sentences),
* occur in the same sentence (or article) as a mention of the theme more often
  than chance predicts.

They are ranked per theme by Dunning's log-likelihood ratio (G²) of the
term-theme co-occurrence over all sentences (or articles) of the corpus, which
favours terms that are both frequent near the theme and rare elsewhere. A
suggestion is a candidate for a coder to read, not a verdict: its ``example``
shows it in context, and its ``pattern`` can be pasted into a taxonomy file
(``extends = "default"``, see ``docs/taxonomy.md``).

Examples
--------
>>> import sundtext
>>> texts = sundtext.read_articles("data/sample_corpus.jsonl")["text"]
>>> gaps = sundtext.suggest_terms(texts, top=5)
>>> "cybersecurity" in gaps
True
>>> all(s.theme == "cybersecurity" and s.count >= 3 for s in gaps["cybersecurity"])
True
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from sundtext._sentences import sentence_spans
from sundtext._terms import Word, is_content, proper_nouns, words
from sundtext.compound import split_compound
from sundtext.errors import SundtextValueError, expect_str
from sundtext.match import ThemeMatcher, get_matcher
from sundtext.taxonomy import INFLECTIONS, Taxonomy, TaxonomyLike, as_taxonomy

logger = logging.getLogger(__name__)

__all__ = ["Suggestion", "suggest_terms"]

_CONTEXTS = ("sentence", "article")
_EXAMPLE_CHARS = 120


@dataclass(frozen=True)
class Suggestion:
    """A term the lexicon of ``theme`` does not have, with the evidence for adding it.

    Attributes
    ----------
    theme : str
        The theme whose mentions the term stands beside.
    term : str
        The lemma ("hjemmepleje"), or the two lemmas of a phrase
        ("praktisere læge").
    pattern : str
        A lexicon entry that matches the forms it was seen in: the lemma, which
        the matcher inflects (-en, -er, -erne ...), or where that is not enough
        (verbs: "anmeldt") the forms' common beginning as a prefix entry
        ("anmeld*"). A phrase keeps its first word as mostly written
        ("praktiserende læge").
    kind : {"word", "compound", "phrase"}
        A simple word, a compound (see :func:`sundtext.split_compound`) or a
        two-word phrase.
    count : int
        Sentences (or articles) where the term stands beside the theme.
    articles : int
        Articles with such a sentence.
    frequency : int
        Sentences (or articles) with the term at all.
    score : float
        The log-likelihood ratio G² of the association (higher is stronger;
        above 3.84 is significant at 5 % for one term).
    example : str
        A sentence where the term stands beside a mention of the theme.

    Examples
    --------
    >>> s = Suggestion("workforce", "vikar", "vikar", "word", 4, 3, 5, 17.2, "Afdelingen bruger vikarer.")
    >>> s.pattern, round(s.count / s.frequency, 2)
    ('vikar', 0.8)
    """

    theme: str
    term: str
    pattern: str
    kind: str
    count: int
    articles: int
    frequency: int
    score: float
    example: str


def suggest_terms(
    texts: Iterable[str],
    taxonomy: TaxonomyLike = None,
    *,
    themes: Sequence[str] | None = None,
    top: int = 10,
    context: Literal["sentence", "article"] = "sentence",
    min_count: int = 3,
    min_articles: int = 2,
    phrases: bool = True,
    min_score: float = 3.84,
) -> dict[str, tuple[Suggestion, ...]]:
    """Rank the words and phrases each theme's lexicon misses, by co-occurrence.

    Parameters
    ----------
    texts : iterable of str
        The corpus (a list, a pandas Series, a generator); clean web pages
        first with :func:`sundtext.clean`.
    taxonomy : Taxonomy or path, optional
        The lexicon to find gaps in; defaults to the bundled taxonomy.
    themes : sequence of str, optional
        Only these theme ids (default: every theme with suggestions).
    top : int, default 10
        Suggestions per theme.
    context : {"sentence", "article"}, default "sentence"
        Where a term must stand to count as beside a mention: in the same
        sentence (precise; needs a larger corpus) or the same article.
    min_count : int, default 3
        Least number of sentences (articles) in which the term stands beside
        the theme.
    min_articles : int, default 2
        Least number of different articles those come from, so one article's
        wording is not taken for a pattern.
    phrases : bool, default True
        Also suggest two-word phrases.
    min_score : float, default 3.84
        Least G² (3.84: the association is significant at 5 %).

    Returns
    -------
    dict of str to tuple of Suggestion
        Per theme, in taxonomy order, its suggestions with the strongest
        first; themes without any are left out.

    Raises
    ------
    SundtextTypeError
        If a text is not a ``str``.
    SundtextValueError
        If ``themes`` names an unknown theme, ``context`` is unknown, or
        ``top``, ``min_count`` or ``min_articles`` is not a positive int.

    Examples
    --------
    >>> import sundtext
    >>> texts = [
    ...     "Sygeplejerskerne mangler, og de faste tager flere nattevagter hver uge.",
    ...     "Der er mangel på sygeplejersker, så de ansatte tager ekstra nattevagter.",
    ...     "Regionen mangler sygeplejersker, og nattevagterne bliver for lange.",
    ...     "Patienterne på hospitalet er glade for maden.",
    ... ]
    >>> gaps = sundtext.suggest_terms(texts, themes=["workforce"])
    >>> [(s.pattern, s.kind, s.count, s.articles) for s in gaps["workforce"]]
    [('nattevagt', 'compound', 3, 3)]
    """
    tax = as_taxonomy(taxonomy)
    wanted = _check_args(
        tax, themes, context, top=top, min_count=min_count, min_articles=min_articles
    )
    matcher = get_matcher(tax)

    n_units = 0
    unit_term: Counter[str] = Counter()  # units with the term
    unit_theme: Counter[str] = Counter()  # units with a mention of the theme
    together: Counter[tuple[str, str]] = Counter()  # units with both
    together_articles: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    examples: dict[tuple[str, str], str] = {}
    surfaces: defaultdict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, str] = {}

    documents = [expect_str(text, f"texts[{i}]") for i, text in enumerate(texts)]
    tokenised = [words(text) for text in documents]
    names = proper_nouns(tokenised)
    for article, (text, ws) in enumerate(zip(documents, tokenised, strict=True)):
        mentions = [m for m in matcher.scan(text).mentions if m.theme]
        covered = _covered(len(text), mentions)
        sentences = sentence_spans(text)
        theme_units: defaultdict[int, set[str]] = defaultdict(set)
        for m in mentions:
            theme_units[m.sentence_index if context == "sentence" else 0].add(m.theme)
        term_units: defaultdict[int, dict[str, Word]] = defaultdict(dict)
        for term, form, kind, first in _candidates(text, ws, covered, names, phrases):
            surfaces[term][form] += 1
            kinds[term] = kind
            term_units[first.sentence if context == "sentence" else 0].setdefault(term, first)
        n_units += len(sentences) if context == "sentence" else 1
        for unit_themes in theme_units.values():
            unit_theme.update(unit_themes)
        for unit, terms in term_units.items():
            unit_term.update(terms.keys())
            for theme in theme_units.get(unit, ()):
                if theme not in wanted:
                    continue
                for term, word in terms.items():
                    key = (term, theme)
                    together[key] += 1
                    together_articles[key].add(article)
                    if key not in examples:
                        examples[key] = _example(text, sentences, word)

    ranked: defaultdict[str, list[Suggestion]] = defaultdict(list)
    lexicon_known: dict[str, bool] = {}
    for (term, theme), count in together.items():
        n_articles = len(together_articles[(term, theme)])
        if count < min_count or n_articles < min_articles:
            continue
        score = _log_likelihood(count, unit_term[term], unit_theme[theme], n_units)
        if score < min_score:
            continue
        forms = surfaces[term]
        known = lexicon_known.get(term)
        if known is None:
            top_form = forms.most_common(1)[0][0]
            known = lexicon_known[term] = _known(matcher, top_form) or _known(matcher, term)
        if known:
            continue
        ranked[theme].append(
            Suggestion(
                theme=theme,
                term=term,
                pattern=_pattern(term, forms),
                kind=kinds[term],
                count=count,
                articles=n_articles,
                frequency=unit_term[term],
                score=round(score, 2),
                example=examples[(term, theme)],
            )
        )
    logger.debug(
        "%d documents, %d %s units, %d candidate terms",
        len(documents),
        n_units,
        context,
        len(unit_term),
    )
    out: dict[str, tuple[Suggestion, ...]] = {}
    for theme in tax.themes:
        if ranked.get(theme):
            out[theme] = tuple(
                sorted(ranked[theme], key=lambda s: (-s.score, -s.count, s.term))[:top]
            )
    return out


def _known(matcher: ThemeMatcher, term: str) -> bool:
    """Whether a theme or the domain lexicon matches ``term`` on its own."""
    scan = matcher.scan(term)
    return bool(scan.mentions) or bool(scan.domain)


def _check_args(
    taxonomy: Taxonomy,
    themes: Sequence[str] | None,
    context: str,
    **positive: int,
) -> frozenset[str]:
    if context not in _CONTEXTS:
        raise SundtextValueError(f"context must be one of {_CONTEXTS!r}, got {context!r}")
    for name, value in positive.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SundtextValueError(f"{name} must be an int >= 1, got {value!r}")
    if themes is None:
        return frozenset(taxonomy.themes)
    if isinstance(themes, str):
        themes = [themes]
    unknown = [t for t in themes if t not in taxonomy.themes]
    if unknown:
        raise SundtextValueError(
            f"unknown theme {unknown[0]!r}; valid themes are {', '.join(taxonomy.themes)}"
        )
    return frozenset(themes)


def _covered(length: int, mentions: Iterable[object]) -> bytearray:
    """A mask of the characters that some theme mention covers."""
    mask = bytearray(length)
    for m in mentions:
        start, end = m.start, m.end  # type: ignore[attr-defined]
        mask[start:end] = b"\x01" * (end - start)
    return mask


def _candidates(
    text: str, ws: list[Word], covered: bytearray, names: frozenset[str], phrases: bool
) -> Iterable[tuple[str, str, str, Word]]:
    """``(term, form, kind, first word)`` of each candidate occurrence in one text.

    ``form`` is the occurrence as written, lowercased (acronyms kept).
    """
    previous: Word | None = None
    for word in ws:
        ok = (
            is_content(word) and word.lemma not in names and not any(covered[word.start : word.end])
        )
        if ok:
            kind = "compound" if split_compound(word.lemma).is_compound else "word"
            yield word.lemma, _form(word.text), kind, word
            if (
                phrases
                and previous is not None
                and previous.sentence == word.sentence
                and text[previous.end : word.start].isspace()
            ):
                term = f"{previous.lemma} {word.lemma}"
                yield term, f"{_form(previous.text)} {_form(word.text)}", "phrase", previous
        previous = word if ok else None


def _pattern(term: str, forms: Counter[str]) -> str:
    """A lexicon entry that matches the forms ``term`` was seen in.

    The lemma when the matcher's inflections of it cover at least 80 % of the
    occurrences ("sygeplejerske" for "sygeplejersker", "sygeplejerskerne");
    otherwise the forms' common beginning as a prefix entry ("anmeld*" for
    "anmeldt", "anmelder"), if it is no more than two letters shorter than the
    lemma (and at least five long), so the prefix does not catch other words.
    A phrase keeps its first word as mostly written.
    """
    head, _, last = term.rpartition(" ")
    if head:
        first = Counter(form.split(" ")[0] for form in forms.elements()).most_common(1)[0][0]
        lasts: Counter[str] = Counter()
        for form, n in forms.items():
            lasts[form.rpartition(" ")[2]] += n
        return f"{first} {_word_pattern(last, lasts)}"
    return _word_pattern(term, forms)


def _word_pattern(lemma: str, forms: Counter[str]) -> str:
    total = sum(forms.values())
    covered = sum(
        n for f, n in forms.items() if f.startswith(lemma) and f[len(lemma) :] in INFLECTIONS
    )
    if covered >= 0.8 * total:
        return lemma
    prefix = lemma
    for form in forms:
        while not form.startswith(prefix):
            prefix = prefix[:-1]
    if len(prefix) >= max(5, len(lemma) - 2):
        return prefix + "*"
    return lemma


def _form(text: str) -> str:
    """A word as a pattern writes it: lowercase, acronyms kept."""
    return text if text.isupper() and len(text) > 1 else text.lower()


def _example(text: str, sentences: list[tuple[int, int]], word: Word) -> str:
    """The sentence of ``word``, cut to about ``_EXAMPLE_CHARS`` characters around it."""
    start, end = sentences[word.sentence] if sentences else (0, len(text))
    before = " ".join(text[start : word.start].split())
    after = " ".join(text[word.start : end].split())
    if len(before) + len(after) + 1 <= _EXAMPLE_CHARS:
        return (before + " " + after).strip()
    keep = _EXAMPLE_CHARS // 3
    if len(before) > keep:
        before = "…" + before[-keep:].split(" ", 1)[-1]
    room = _EXAMPLE_CHARS - len(before)
    if len(after) > room:
        after = after[:room].rsplit(" ", 1)[0] + "…"
    return (before + " " + after).strip()


def _log_likelihood(both: int, term: int, theme: int, total: int) -> float:
    """Dunning's G² of a 2x2 table; negative when the pair occurs less often than chance."""
    cells = (
        (both, term * theme / total),
        (term - both, term * (total - theme) / total),
        (theme - both, (total - term) * theme / total),
        (total - term - theme + both, (total - term) * (total - theme) / total),
    )
    g2 = 2.0 * sum(o * math.log(o / e) for o, e in cells if o > 0 and e > 0)
    return g2 if both > cells[0][1] else -g2
