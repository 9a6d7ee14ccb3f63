"""Evaluate the tagger against gold annotations (JSON Lines, as in TAXONOMY.md).

Per-theme precision, recall and F1 with support, micro and macro F1, group-level
F1, and the articles that were missed or over-tagged together with the evidence
that made the difference.
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
from sundtext.errors import GoldFormatError
from sundtext.tag import ArticleTags, tag
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
    """Precision, recall and F1 of one theme (or group)."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int
    tp: int


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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of everything."""
        out = asdict(self)
        out["errors"] = [{**asdict(e), "evidence": dict(e.evidence)} for e in self.errors]
        return out

    def to_frame(self) -> pd.DataFrame:
        """Per-theme scores as a pandas DataFrame indexed by theme."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame([asdict(s) for s in self.themes]).set_index("label")
        return frame

    def format(self, *, max_errors: int = 20) -> str:
        """A plain-text report: the theme table, the summary and the first errors."""
        rows = [f"{'theme':<22}{'prec':>7}{'rec':>7}{'F1':>7}{'support':>9}{'pred':>6}"]
        for s in self.themes:
            rows.append(
                f"{s.label:<22}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                f"{s.support:>9d}{s.predicted:>6d}"
            )
        rows.append("")
        rows.append(f"{'group':<22}{'prec':>7}{'rec':>7}{'F1':>7}{'support':>9}{'pred':>6}")
        for s in self.groups:
            rows.append(
                f"{s.label:<22}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                f"{s.support:>9d}{s.predicted:>6d}"
            )
        rows.append("")
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

    Returns
    -------
    Evaluation

    Raises
    ------
    GoldFormatError
        If the gold data is malformed or names a theme the taxonomy lacks.
    """
    tax = as_taxonomy(taxonomy)
    articles = read_gold(gold)
    unknown = sorted({t for a in articles for t in a.themes} - set(tax.themes))
    if unknown:
        raise GoldFormatError(
            f"gold themes {unknown} are not in the taxonomy {tax.name!r}; "
            f"valid ids: {sorted(tax.themes)}"
        )

    def default_predict(article: GoldArticle) -> ArticleTags:
        text = article.text
        if clean:
            text = clean_text(text, strip_boilerplate=strip_boilerplate)
        return tag(text, title=article.title, taxonomy=tax, threshold=threshold)

    run = predict or default_predict
    golds: list[frozenset[str]] = []
    preds: list[frozenset[str]] = []
    errors: list[ArticleError] = []
    for article in articles:
        result = run(article)
        pred = frozenset(result.themes)
        golds.append(article.themes)
        preds.append(pred)
        if pred != article.themes:
            missed = tuple(sorted(article.themes - pred))
            extra = tuple(sorted(pred - article.themes))
            evidence = {t: result.reasons.get(t, "no evidence") for t in (*missed, *extra)}
            errors.append(ArticleError(article.id, missed, extra, evidence))

    theme_scores = _scores(list(tax.themes), golds, preds)
    group_of = {t: th.group for t, th in tax.themes.items()}
    g_golds = [frozenset(group_of[t] for t in s) for s in golds]
    g_preds = [frozenset(group_of[t] for t in s) for s in preds]
    group_scores = _scores(list(tax.groups), g_golds, g_preds)
    mp, mr, mf = _micro(theme_scores)
    _, _, gmf = _micro(group_scores)
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
    )


def _scores(
    labels: list[str], golds: list[frozenset[str]], preds: list[frozenset[str]]
) -> list[LabelScore]:
    out = []
    for label in labels:
        tp = sum(1 for g, p in zip(golds, preds, strict=True) if label in g and label in p)
        support = sum(1 for g in golds if label in g)
        predicted = sum(1 for p in preds if label in p)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = _f1(precision, recall)
        out.append(LabelScore(label, precision, recall, f1, support, predicted, tp))
    return out


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
