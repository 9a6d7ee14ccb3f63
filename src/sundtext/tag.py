"""Article tagging: from mentions to a scored, explained decision per theme.

For each theme the evidence is the sum, over the distinct lexicon entries that
fired, of ``weight * position * (1 + repeat_gain * log(count))``, where
``position`` is the taxonomy's ``title_boost`` for a mention in the headline,
``lead_boost`` in the lead paragraph and 1 elsewhere. The score is
``1 - exp(-evidence / saturation)`` in [0, 1); a theme is tagged when its score
reaches the threshold. A text with too little health-domain evidence gets no
themes at all.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from sundtext.errors import SundtextTypeError, SundtextValueError, expect_str
from sundtext.match import Mention, get_matcher
from sundtext.taxonomy import Taxonomy, TaxonomyLike, as_taxonomy

logger = logging.getLogger(__name__)

__all__ = ["ArticleTags", "Tagger", "tag", "tag_many"]

_HEADLINE_MAX = 200
_LEAD_MAX = 600
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class ArticleTags:
    """The tagging decision for one article, with its evidence.

    Attributes
    ----------
    themes : tuple of str
        The tagged theme ids, highest score first.
    groups : tuple of str
        The groups of the tagged themes, in taxonomy order.
    scores : Mapping[str, float]
        Every theme's score in [0, 1] (0 for themes without evidence).
    mentions : tuple of Mention
        All theme mentions in the text, in text order (also those of untagged themes).
    evidence : Mapping[str, Mapping[str, tuple[float, int]]]
        Per theme with evidence, per lexicon entry: its best weighted value and how often
        it matched (entries found in a separate title are prefixed ``"title: "``).
    domain_score : float
        The health-domain evidence the gate compared with ``min_domain``.
    threshold, min_domain : float
        The decision rule that was applied.
    needs_review : bool
        Whether a trained model (:class:`sundtext.HybridTagger`) was unsure about
        a theme, so that a human coder should look; always False for the lexicon.
    in_doubt : tuple of str
        The themes it was unsure about (probability inside its review band).

    Examples
    --------
    >>> tags = tag("Regionen vil bruge kunstig intelligens og maskinlæring i røntgenafdelingen.")
    >>> tags.themes
    ('ai',)
    >>> tags.groups
    ('technology',)
    >>> tags.reasons["ai"]  # doctest: +ELLIPSIS
    'tagged: score ... >= 0.50 from ...'
    """

    themes: tuple[str, ...]
    groups: tuple[str, ...]
    scores: Mapping[str, float]
    mentions: tuple[Mention, ...]
    evidence: Mapping[str, Mapping[str, tuple[float, int]]] = field(default_factory=dict)
    domain_score: float = 0.0
    threshold: float = 0.5
    min_domain: float = 0.0
    needs_review: bool = False
    in_doubt: tuple[str, ...] = ()

    @functools.cached_property
    def reasons(self) -> dict[str, str]:
        """For every theme with evidence, why it was or was not tagged (highest score first)."""
        gate_open = self.min_domain <= 0 or self.domain_score >= self.min_domain
        out: dict[str, str] = {}
        for theme in sorted(self.evidence, key=lambda t: -self.scores[t]):
            entries = self.evidence[theme]
            score = self.scores[theme]
            listed = ", ".join(
                f"{entry} x{n}" if n > 1 else entry
                for entry, (_, n) in sorted(entries.items(), key=lambda kv: -kv[1][0])
            )
            if score >= self.threshold and gate_open:
                verdict = f"tagged: score {score:.2f} >= {self.threshold:.2f}"
            elif score >= self.threshold:
                verdict = (
                    f"not tagged: score {score:.2f} but domain evidence {self.domain_score:.2f} "
                    f"< {self.min_domain:.2f} (no health content)"
                )
            else:
                verdict = f"not tagged: score {score:.2f} < {self.threshold:.2f}"
            out[theme] = f"{verdict} from {listed}"
        return out

    def mentions_of(self, theme: str) -> tuple[Mention, ...]:
        """The mentions of one theme."""
        return tuple(m for m in self.mentions if m.theme == theme)

    def explain(self) -> str:
        """A human-readable account of the decision, one line per theme with evidence."""
        lines = [f"domain evidence {self.domain_score:.2f} (needs {self.min_domain:.2f})"]
        lines += [f"{theme}: {reason}" for theme, reason in self.reasons.items()]
        return "\n".join(lines)


def tag(
    text: str,
    *,
    title: str | None = None,
    taxonomy: TaxonomyLike = None,
    threshold: float | None = None,
    model: Tagger | None = None,
) -> ArticleTags:
    """Tag one article with themes, scores and the evidence for them.

    Parameters
    ----------
    text : str
        The article. If ``title`` is not given, a short first line without a
        full stop is taken as the headline.
    title : str, optional
        The headline, when it is kept apart from the text. Its mentions count
        with ``title_boost``; they are not in ``mentions`` (whose offsets refer
        to ``text``) but they are named in ``reasons``.
    taxonomy : Taxonomy, optional
        Defaults to the bundled taxonomy.
    threshold : float, optional
        Overrides the taxonomy's ``scoring.threshold``; in [0, 1].
    model : Tagger, optional
        A trained :class:`sundtext.ThemeClassifier` or
        :class:`sundtext.HybridTagger` (e.g. from :func:`sundtext.load_model`)
        that decides instead of the lexicon; it brings its own lexicon and
        threshold, so ``taxonomy`` and ``threshold`` must then be left out.

    Returns
    -------
    ArticleTags
        With a model, its probabilities are the ``scores``, and
        ``needs_review``/``in_doubt`` say whether a human coder should look.

    Raises
    ------
    SundtextTypeError
        If ``text`` (or ``title``) is not a ``str``, or ``model`` is not a tagger.
    SundtextValueError
        If ``threshold`` is outside [0, 1], or is given together with ``model``.

    Examples
    --------
    >>> tags = tag("Flere sygeplejersker siger op. Regionen vil rekruttere 200 nye.")
    >>> tags.themes
    ('workforce',)
    >>> round(tags.scores["workforce"], 2) >= 0.5
    True
    """
    if model is not None:
        _check_model(model, taxonomy, threshold)
        expect_str(text)
        if title is not None:
            expect_str(title, "title")
        return model.tag_many([text], [title])[0]
    tax = as_taxonomy(taxonomy)
    return _Tagger(tax, threshold)(text, title)


def tag_many(
    texts: Iterable[str],
    *,
    taxonomy: TaxonomyLike = None,
    threshold: float | None = None,
    n_jobs: int = 1,
    batch_size: int = 64,
    model: Tagger | None = None,
) -> Iterator[ArticleTags]:
    """Tag many articles; yields one :class:`ArticleTags` per text, in order.

    Each result is identical to ``tag(text, taxonomy=..., threshold=..., model=...)``.

    Parameters
    ----------
    texts : iterable of str
        The articles (consumed lazily).
    taxonomy, threshold, model
        As for :func:`tag`. A model tags ``batch_size`` texts at a time.
    n_jobs : int
        Worker processes; 1 tags in this process, -1 uses every core.
    batch_size : int
        Texts sent to a worker at a time when ``n_jobs > 1``.

    Examples
    --------
    >>> texts = ["Ventelisterne til operation vokser.", "Cykelstien bliver asfalteret."]
    >>> [t.themes for t in tag_many(texts)]
    [('access',), ()]
    """
    if isinstance(texts, (str, bytes)):
        raise SundtextTypeError(
            f"texts must be an iterable of str such as a list, got a single "
            f"{type(texts).__name__}; use tag(text), or tag_many([text])"
        )
    if model is not None:
        _check_model(model, taxonomy, threshold)
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise SundtextValueError(f"batch_size must be an int >= 1, got {batch_size!r}")
        return _model_iter(model, texts, _resolve_jobs(n_jobs), batch_size)
    tax = as_taxonomy(taxonomy)
    tagger = _Tagger(tax, threshold)
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise SundtextValueError(f"batch_size must be an int >= 1, got {batch_size!r}")
    return _tag_iter(tagger, texts, _resolve_jobs(n_jobs), batch_size)


@runtime_checkable
class Tagger(Protocol):
    """What ``model=`` takes: an object that tags a batch of articles.

    :class:`sundtext.ThemeClassifier` and :class:`sundtext.HybridTagger` are
    taggers; ``tag_many(texts, titles)`` returns one :class:`ArticleTags` per
    text, in order.
    """

    def tag_many(
        self, texts: Sequence[str], titles: Sequence[str | None] | None = None
    ) -> Sequence[ArticleTags]:
        """Tag ``texts`` (with their ``titles``), one result per text, in order."""
        ...


def _check_model(model: object, taxonomy: object, threshold: float | None) -> None:
    if not isinstance(model, Tagger):
        raise SundtextTypeError(
            "model must be a trained sundtext.ThemeClassifier or sundtext.HybridTagger "
            f"(e.g. sundtext.load_model('model.skops')), got {type(model).__name__}"
        )
    if taxonomy is not None or threshold is not None:
        raise SundtextValueError(
            "taxonomy= and threshold= cannot be combined with model=: the model brings its own "
            "lexicon and threshold (change it with model.set_params(threshold=...))"
        )


def _model_iter(
    model: Tagger, texts: Iterable[str], jobs: int, batch_size: int
) -> Iterator[ArticleTags]:
    batches = _batches(texts, batch_size)
    if jobs == 1:
        for batch in batches:
            yield from model.tag_many(batch)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs, initializer=_init_model_worker, initargs=(model,)) as pool:
        for tagged in pool.imap(_work_model, batches):
            yield from tagged


def _batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


_MODEL_WORKER: Tagger | None = None


def _init_model_worker(model: Tagger) -> None:
    global _MODEL_WORKER
    _MODEL_WORKER = model


def _work_model(texts: list[str]) -> list[ArticleTags]:
    assert _MODEL_WORKER is not None
    return list(_MODEL_WORKER.tag_many(texts))


def _tag_iter(
    tagger: _Tagger, texts: Iterable[str], jobs: int, batch_size: int
) -> Iterator[ArticleTags]:
    if jobs == 1:
        for text in texts:
            yield tagger(text, None)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(tagger,)) as pool:
        yield from pool.imap(_work, texts, chunksize=batch_size)


def _resolve_jobs(n_jobs: int) -> int:
    import os

    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise SundtextValueError(
            f"n_jobs must be a positive int or -1 (every core), got {n_jobs!r}"
        )
    return (os.cpu_count() or 1) if n_jobs == -1 else n_jobs


_WORKER: _Tagger | None = None


def _init_worker(tagger: _Tagger) -> None:
    global _WORKER
    _WORKER = tagger


def _work(text: str) -> ArticleTags:
    assert _WORKER is not None
    return _WORKER(text, None)


class _Tagger:
    """The tagging function bound to one taxonomy and threshold (picklable)."""

    def __init__(self, taxonomy: Taxonomy, threshold: float | None) -> None:
        if threshold is not None and (
            isinstance(threshold, bool)
            or not isinstance(threshold, (int, float))
            or not 0.0 <= threshold <= 1.0
        ):
            raise SundtextValueError(
                f"threshold must be a float in [0, 1], got {threshold!r}; "
                f"the taxonomy's default is {taxonomy.scoring.threshold}"
            )
        self.taxonomy = taxonomy
        self.threshold = taxonomy.scoring.threshold if threshold is None else float(threshold)
        self._order = {tid: i for i, tid in enumerate(taxonomy.themes)}
        self._group = {tid: t.group for tid, t in taxonomy.themes.items()}

    def __call__(self, text: str, title: str | None) -> ArticleTags:
        expect_str(text)
        if title is not None:
            expect_str(title, "title")
        tax = self.taxonomy
        s = tax.scoring
        matcher = get_matcher(tax)
        scan = matcher.scan(text)
        domain = scan.domain
        if not scan.mentions and not title:
            return ArticleTags(
                (), (), dict.fromkeys(tax.themes, 0.0), (), {}, sum(domain.values()),
                self.threshold, s.min_domain,
            )  # fmt: skip
        head_end, lead_end = _headline_and_lead(text, has_title=bool(title))
        title_boost, lead_boost = s.title_boost, s.lead_boost

        # per theme, per entry: (best weighted value, count)
        evidence: dict[str, dict[str, tuple[float, int]]] = {}
        entries: dict[str, tuple[float, int]] = {}
        current = None
        for theme, _, entry, _, start, _, _, _, weight in scan.mentions:
            if start < lead_end:
                weight *= title_boost if start < head_end else lead_boost
            if theme != current:
                current = theme
                entries = evidence.get(theme)  # type: ignore[assignment]
                if entries is None:
                    entries = evidence[theme] = {}
            slot = entries.get(entry)
            if slot is None:
                entries[entry] = (weight, 1)
            else:
                best, n = slot
                entries[entry] = (weight if weight > best else best, n + 1)
        if title:
            title_scan = matcher.scan(title)
            for m in title_scan.mentions:
                entries = evidence.setdefault(m.theme, {})
                best, n = entries.get("title: " + m.entry, (0.0, 0))
                entries["title: " + m.entry] = (max(best, m.weight * title_boost), n + 1)
            domain = {**domain, **title_scan.domain}
        domain_score = sum(domain.values())
        gate_open = s.min_domain <= 0 or domain_score >= s.min_domain

        scores = dict.fromkeys(tax.themes, 0.0)
        tagged: list[str] = []
        gain, saturation, threshold = s.repeat_gain, s.saturation, self.threshold
        log, exp = math.log, math.exp
        for theme, entries in evidence.items():
            total = 0.0
            for best, n in entries.values():
                total += best * (1.0 + gain * log(n)) if n > 1 else best
            score = scores[theme] = 1.0 - exp(-total / saturation)
            if gate_open and score >= threshold:
                tagged.append(theme)
        order = self._order
        tagged.sort(key=lambda t: (-scores[t], order[t]))
        group = self._group
        groups = tuple(dict.fromkeys(group[t] for t in sorted(tagged, key=order.__getitem__)))
        return ArticleTags(
            themes=tuple(tagged),
            groups=groups,
            scores=scores,
            mentions=scan.mentions,
            evidence=evidence,
            domain_score=domain_score,
            threshold=threshold,
            min_domain=s.min_domain,
        )


def _headline_and_lead(text: str, *, has_title: bool) -> tuple[int, int]:
    """Offsets where the headline and the lead paragraph end.

    Without a separate title, a short first line that does not end like a
    sentence is the headline. The lead is the first paragraph after it, at most
    ``_LEAD_MAX`` characters.
    """
    pos = len(text) - len(text.lstrip())
    head_end = pos
    if not has_title:
        newline = text.find("\n", pos)
        if newline > pos:
            first = text[pos:newline].rstrip()
            if len(first) <= _HEADLINE_MAX and not first.endswith((".", ":", ",")):
                head_end = newline
    body = len(text) - len(text[head_end:].lstrip())
    m = _PARAGRAPH.search(text, body)
    lead_end = m.start() if m else len(text)
    return head_end, min(lead_end, body + _LEAD_MAX)
