"""Evaluate the tagger against gold annotations (JSON Lines, as in TAXONOMY.md).

Per-theme precision, recall and F1 with support, micro and macro F1, group-level
F1, and the articles that were missed or over-tagged together with the evidence
that made the difference. For content analysis: the error in each theme's
estimated prevalence (the share of articles tagged against the true share),
seeded bootstrap 95% confidence intervals over articles (``bootstrap=1000``),
and, for a trained model with a review band, how good the articles are that it
did not flag for review.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sundtext.clean import clean as clean_text
from sundtext.errors import GoldFormatError, SundtextValueError
from sundtext.tag import ArticleTags, Tagger, _check_model, tag
from sundtext.taxonomy import TaxonomyLike, as_taxonomy

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)

__all__ = ["ArticleError", "Evaluation", "GoldArticle", "LabelScore", "evaluate", "read_gold"]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One gold-annotated article."""

    id: str
    text: str
    themes: frozenset[str]
    title: str | None = None


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Precision, recall and F1 of one theme (or group).

    ``prevalence`` is the share of articles that have the label in the gold
    data, ``predicted_prevalence`` the share tagged with it; their difference
    is the error a study would make in estimating how common the theme is.
    The ``*_ci`` fields are bootstrap 95% intervals (``None`` unless
    :func:`evaluate` was asked for them).
    """

    label: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int
    tp: int
    prevalence: float = 0.0
    predicted_prevalence: float = 0.0
    precision_ci: tuple[float, float] | None = None
    recall_ci: tuple[float, float] | None = None
    f1_ci: tuple[float, float] | None = None

    @property
    def prevalence_error(self) -> float:
        """Predicted minus true prevalence (a share, e.g. 0.02 for 2 points too many)."""
        return self.predicted_prevalence - self.prevalence


@dataclass(frozen=True, slots=True)
class ArticleError:
    """An article whose predicted themes differ from the gold ones."""

    id: str
    missed: tuple[str, ...]
    extra: tuple[str, ...]
    evidence: Mapping[str, str]


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate`.

    Examples
    --------
    >>> gold = [{"id": "a", "text": "Ventelisterne vokser, og ventetiden stiger.",
    ...          "themes": ["access"]}]
    >>> ev = evaluate(gold)
    >>> ev.micro_f1
    1.0
    """

    n_articles: int
    themes: tuple[LabelScore, ...]
    groups: tuple[LabelScore, ...]
    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_f1: float
    group_micro_f1: float
    group_macro_f1: float
    errors: tuple[ArticleError, ...]
    prevalence_mae: float = 0.0
    micro_f1_ci: tuple[float, float] | None = None
    macro_f1_ci: tuple[float, float] | None = None
    bootstrap: int = 0
    review: Mapping[str, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of everything."""
        out = asdict(self)
        out["errors"] = [{**asdict(e), "evidence": dict(e.evidence)} for e in self.errors]
        for row, score in zip(out["themes"], self.themes, strict=True):
            row["prevalence_error"] = score.prevalence_error
        if self.review is not None:
            out["review"] = dict(self.review)
        return out

    def to_frame(self) -> pd.DataFrame:
        """Per-theme scores as a pandas DataFrame indexed by theme."""
        import pandas as pd

        rows = [{**asdict(s), "prevalence_error": s.prevalence_error} for s in self.themes]
        frame: pd.DataFrame = pd.DataFrame(rows).set_index("label")
        return frame

    def format(self, *, max_errors: int = 20) -> str:
        """A plain-text report: the theme table, the summary and the first errors."""
        ci = self.bootstrap > 0
        head = f"{'theme':<22}{'prec':>7}{'rec':>7}{'F1':>7}{'support':>9}{'pred':>6}"
        if ci:
            head += f"{'prev.err':>9}{'F1 95% CI':>16}"
        rows = [head]
        for s in self.themes:
            row = (
                f"{s.label:<22}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                f"{s.support:>9d}{s.predicted:>6d}"
            )
            if ci:
                row += f"{s.prevalence_error:>+9.3f}{_interval(s.f1_ci):>16}"
            rows.append(row)
        rows.append("")
        rows.append(f"{'group':<22}{'prec':>7}{'rec':>7}{'F1':>7}{'support':>9}{'pred':>6}")
        for s in self.groups:
            rows.append(
                f"{s.label:<22}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                f"{s.support:>9d}{s.predicted:>6d}"
            )
        rows.append("")
        worst = max(self.themes, key=lambda s: abs(s.prevalence_error), default=None)
        if worst is not None:
            rows.append(
                f"prevalence: mean absolute error {self.prevalence_mae:.3f} "
                f"(largest {worst.label} {worst.prevalence_error:+.3f}: "
                f"{worst.predicted_prevalence:.3f} tagged vs {worst.prevalence:.3f} true)"
            )
        if ci:
            rows.append(
                f"bootstrap 95% CI ({self.bootstrap} resamples of articles): "
                f"micro F1 {_interval(self.micro_f1_ci)}, macro F1 {_interval(self.macro_f1_ci)}"
            )
        if self.review is not None:
            r = self.review
            rows.append(
                f"review: {int(r['flagged'])} of {self.n_articles} articles flagged "
                f"({r['flagged_share']:.1%}); the others: micro P {r['precision']:.3f} "
                f"R {r['recall']:.3f} F1 {r['f1']:.3f}"
            )
        rows.append(
            f"articles {self.n_articles}  micro P {self.micro_precision:.3f} R {self.micro_recall:.3f}"
            f" F1 {self.micro_f1:.3f}  macro F1 {self.macro_f1:.3f}"
            f"  group micro F1 {self.group_micro_f1:.3f} macro F1 {self.group_macro_f1:.3f}"
        )
        if self.errors and max_errors:
            rows.append("")
            rows.append(
                f"articles with errors: {len(self.errors)} (showing {min(max_errors, len(self.errors))})"
            )
            for err in self.errors[:max_errors]:
                rows.append(f"- {err.id}: missed {list(err.missed)} extra {list(err.extra)}")
                for theme, why in err.evidence.items():
                    rows.append(f"    {theme}: {why}")
        return "\n".join(rows)


def read_gold(
    source: str | os.PathLike[str] | pd.DataFrame | Iterable[Mapping[str, Any]],
) -> list[GoldArticle]:
    """Read gold annotations from a JSON Lines file, a DataFrame or dicts.

    Each record needs ``text`` and ``themes`` (a list of theme ids); ``id`` and
    ``title`` are optional.

    Raises
    ------
    GoldFormatError
        Naming the line (or row) and the field that is wrong.
    """
    records: Iterable[tuple[str, Mapping[str, Any]]]
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise GoldFormatError(
                f"gold file {str(path)!r} does not exist; expected a JSON Lines file"
            )
        records = _read_jsonl(path)
    elif hasattr(source, "to_dict") and hasattr(source, "columns"):
        records = ((f"row {i}", rec) for i, rec in enumerate(source.to_dict(orient="records")))
    else:
        records = ((f"item {i}", rec) for i, rec in enumerate(source))
    out: list[GoldArticle] = []
    for where, rec in records:
        if not isinstance(rec, Mapping):
            raise GoldFormatError(
                f"{where}: expected an object with 'text' and 'themes', got {rec!r}"
            )
        text: Any = rec.get("text")
        themes: Any = rec.get("themes")
        if not isinstance(text, str):
            raise GoldFormatError(f"{where}: 'text' must be a string, got {text!r}")
        if hasattr(themes, "tolist"):  # a numpy array from a DataFrame cell
            themes = themes.tolist()
        if isinstance(themes, str) or not isinstance(themes, Sequence):
            raise GoldFormatError(
                f"{where}: 'themes' must be a list of theme ids (e.g. [\"ai\"]), got {themes!r}"
            )
        theme_list = list(themes)
        title = rec.get("title")
        out.append(
            GoldArticle(
                id=str(rec.get("id", where)),
                text=text,
                themes=frozenset(map(str, theme_list)),
                title=title if isinstance(title, str) and title.strip() else None,
            )
        )
    return out


def _read_jsonl(path: Path) -> Iterable[tuple[str, Mapping[str, Any]]]:
    with path.open(encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield f"{path.name}:{n}", json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc


def evaluate(
    gold: str | os.PathLike[str] | pd.DataFrame | Iterable[Mapping[str, Any]],
    *,
    taxonomy: TaxonomyLike = None,
    threshold: float | None = None,
    predict: Callable[[GoldArticle], ArticleTags] | None = None,
    clean: bool = False,
    strip_boilerplate: bool = False,
    model: Tagger | None = None,
    bootstrap: int = 0,
    seed: int = 0,
) -> Evaluation:
    """Compare sundtext's tags with gold annotations.

    Parameters
    ----------
    gold : path, DataFrame or iterable of dicts
        Gold articles with ``text`` and ``themes`` (see TAXONOMY.md).
    taxonomy, threshold
        As for :func:`sundtext.tag`.
    predict : callable, optional
        Tags one :class:`GoldArticle`; defaults to :func:`sundtext.tag` with
        the article's title.
    clean, strip_boilerplate : bool
        Pass each text through :func:`sundtext.clean` first (the command line
        does so by default), optionally dropping web-page chrome.
    model : Tagger, optional
        A trained :class:`sundtext.ThemeClassifier` or
        :class:`sundtext.HybridTagger` that tags the articles (in one batch)
        instead of the lexicon; not with ``predict``, ``taxonomy`` or
        ``threshold``. Its labels are the ones scored.
    bootstrap : int, default 0
        With ``n > 0``, 95% percentile intervals for every theme's precision,
        recall and F1 and for micro and macro F1, from ``n`` resamples of the
        articles (1000 is usual).
    seed : int, default 0
        Seeds the bootstrap, so the intervals are reproducible.

    Returns
    -------
    Evaluation
        With a model that flags articles for review, ``review`` holds how many
        were flagged and the micro precision, recall and F1 of the others.

    Raises
    ------
    GoldFormatError
        If the gold data is malformed or names a theme the taxonomy lacks.
    SundtextValueError
        If ``model`` is combined with ``predict``, ``taxonomy`` or ``threshold``,
        or ``bootstrap`` is negative.

    Examples
    --------
    >>> gold = [{"text": "Ventetiden på sygehuset stiger for patienterne.", "themes": ["access"]},
    ...         {"text": "Sygehuset mangler sygeplejersker.", "themes": ["workforce", "access"]}]
    >>> ev = evaluate(gold, bootstrap=200, seed=1)
    >>> ev.micro_f1, ev.micro_f1_ci
    (0.8, (0.667, 1.0))
    >>> access = ev.themes[[s.label for s in ev.themes].index("access")]
    >>> access.prevalence, access.predicted_prevalence
    (1.0, 0.5)
    """
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, int) or bootstrap < 0:
        raise SundtextValueError(
            f"bootstrap must be an int >= 0 (e.g. 1000; --bootstrap), got {bootstrap!r}"
        )
    if model is not None:
        if predict is not None:
            raise SundtextValueError("give either predict= or model=, not both")
        _check_model(model, taxonomy, threshold)
    tax = as_taxonomy(taxonomy)
    articles = read_gold(gold)
    labels = list(tax.themes)
    if model is not None and hasattr(model, "classes_"):
        labels = [str(c) for c in model.classes_]
        # a theme the model never saw in training counts as missed wherever the gold has it
        unseen = [t for t in tax.themes if t not in labels and any(t in a.themes for a in articles)]
        if unseen:
            logger.warning("the model was not trained on %s; they count as missed", unseen)
        labels += unseen
    unknown = sorted({t for a in articles for t in a.themes} - set(labels))
    if unknown:
        where = "the model's labels" if model is not None else f"the taxonomy {tax.name!r}"
        raise GoldFormatError(
            f"gold themes {unknown} are not in {where}; valid ids: {sorted(labels)}"
        )

    def default_predict(article: GoldArticle) -> ArticleTags:
        text = article.text
        if clean:
            text = clean_text(text, strip_boilerplate=strip_boilerplate)
        return tag(text, title=article.title, taxonomy=tax, threshold=threshold)

    run = predict or default_predict
    results: list[ArticleTags]
    if model is not None:
        texts = [a.text for a in articles]
        if clean:
            texts = [clean_text(t, strip_boilerplate=strip_boilerplate) for t in texts]
        results = list(model.tag_many(texts, [a.title for a in articles]))
    else:
        results = [run(article) for article in articles]
    golds: list[frozenset[str]] = []
    preds: list[frozenset[str]] = []
    errors: list[ArticleError] = []
    for article, result in zip(articles, results, strict=True):
        pred = frozenset(result.themes)
        golds.append(article.themes)
        preds.append(pred)
        if pred != article.themes:
            missed = tuple(sorted(article.themes - pred))
            extra = tuple(sorted(pred - article.themes))
            evidence = {t: result.reasons.get(t, "no evidence") for t in (*missed, *extra)}
            errors.append(ArticleError(article.id, missed, extra, evidence))

    theme_scores = _scores(labels, golds, preds)
    group_of = {t: th.group for t, th in tax.themes.items()}
    g_golds = [frozenset(group_of[t] for t in s if t in group_of) for s in golds]
    g_preds = [frozenset(group_of[t] for t in s if t in group_of) for s in preds]
    group_scores = _scores(list(tax.groups), g_golds, g_preds)
    mp, mr, mf = _micro(theme_scores)
    _, _, gmf = _micro(group_scores)
    micro_ci = macro_ci = None
    if bootstrap and articles:
        theme_scores, micro_ci, macro_ci = _bootstrap(theme_scores, golds, preds, bootstrap, seed)
    flagged = [bool(getattr(r, "needs_review", False)) for r in results]
    review = None
    if model is not None or any(flagged):
        sure = [i for i, f in enumerate(flagged) if not f]
        sp, sr, sf = _micro(_scores(labels, [golds[i] for i in sure], [preds[i] for i in sure]))
        review = {
            "flagged": float(sum(flagged)),
            "flagged_share": sum(flagged) / len(flagged) if flagged else 0.0,
            "precision": sp,
            "recall": sr,
            "f1": sf,
        }
    used = [s for s in theme_scores if s.support or s.predicted]
    return Evaluation(
        n_articles=len(articles),
        themes=tuple(theme_scores),
        groups=tuple(group_scores),
        micro_precision=mp,
        micro_recall=mr,
        micro_f1=mf,
        macro_f1=_macro(theme_scores),
        group_micro_f1=gmf,
        group_macro_f1=_macro(group_scores),
        errors=tuple(errors),
        prevalence_mae=(sum(abs(x.prevalence_error) for x in used) / len(used) if used else 0.0),
        micro_f1_ci=micro_ci,
        macro_f1_ci=macro_ci,
        bootstrap=bootstrap if articles else 0,
        review=review,
    )


def _scores(
    labels: list[str], golds: list[frozenset[str]], preds: list[frozenset[str]]
) -> list[LabelScore]:
    out = []
    n = len(golds)
    for label in labels:
        tp = sum(1 for g, p in zip(golds, preds, strict=True) if label in g and label in p)
        support = sum(1 for g in golds if label in g)
        predicted = sum(1 for p in preds if label in p)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = _f1(precision, recall)
        out.append(
            LabelScore(
                label,
                precision,
                recall,
                f1,
                support,
                predicted,
                tp,
                prevalence=support / n if n else 0.0,
                predicted_prevalence=predicted / n if n else 0.0,
            )
        )
    return out


def _bootstrap(
    scores: list[LabelScore],
    golds: list[frozenset[str]],
    preds: list[frozenset[str]],
    n_boot: int,
    seed: int,
) -> tuple[list[LabelScore], tuple[float, float], tuple[float, float]]:
    """Percentile intervals from resampling articles with replacement (numpy, vectorised).

    A resample in which a theme has no gold (or no predicted) article has no
    recall (or precision) for it and is left out of that theme's interval;
    micro and macro F1 are computed as :func:`evaluate` computes them.
    """
    import dataclasses

    import numpy as np

    labels = [s.label for s in scores]
    G = np.array([[label in g for label in labels] for g in golds], dtype=np.float64)
    P = np.array([[label in p for label in labels] for p in preds], dtype=np.float64)
    n = len(golds)
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(np.float64)
    tp, sup, pred = weights @ (G * P), weights @ G, weights @ P
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(pred > 0, tp / pred, np.nan)
        recall = np.where(sup > 0, tp / sup, np.nan)
        f1 = np.where(sup + pred > 0, 2 * tp / (sup + pred), np.nan)
        micro = 2 * tp.sum(1) / (sup.sum(1) + pred.sum(1))
        p0, r0 = np.nan_to_num(precision), np.nan_to_num(recall)
        f1_macro = np.where(p0 + r0 > 0, 2 * p0 * r0 / (p0 + r0), 0.0)
        used = (sup + pred) > 0
        macro = np.where(used.any(1), (f1_macro * used).sum(1) / used.sum(1), np.nan)

    def interval(values: Any) -> tuple[float, float] | None:
        values = values[~np.isnan(values)]
        if not len(values):
            return None
        low, high = np.percentile(values, [2.5, 97.5])
        return round(float(low), 3), round(float(high), 3)

    out = [
        dataclasses.replace(
            s,
            precision_ci=interval(precision[:, j]),
            recall_ci=interval(recall[:, j]),
            f1_ci=interval(f1[:, j]),
        )
        for j, s in enumerate(scores)
    ]
    return out, interval(micro) or (0.0, 0.0), interval(macro) or (0.0, 0.0)


def _interval(ci: tuple[float, float] | None) -> str:
    return "n/a" if ci is None else f"[{ci[0]:.3f}, {ci[1]:.3f}]"


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _micro(scores: list[LabelScore]) -> tuple[float, float, float]:
    tp = sum(s.tp for s in scores)
    predicted = sum(s.predicted for s in scores)
    support = sum(s.support for s in scores)
    precision = tp / predicted if predicted else 0.0
    recall = tp / support if support else 0.0
    return precision, recall, _f1(precision, recall)


def _macro(scores: list[LabelScore]) -> float:
    """Mean F1 over labels that occur in the gold data or the predictions."""
    used = [s.f1 for s in scores if s.support or s.predicted]
    return sum(used) / len(used) if used else 0.0
