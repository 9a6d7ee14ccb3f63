"""Agreement between two codings of the same articles: Krippendorff's alpha and more.

Content analysis reports how far two codings agree before it trusts either:
two human coders, or a human and sundtext. :func:`agreement` matches the
articles of two codings by ``id`` and reports, per theme and overall,
Krippendorff's alpha (nominal), the share of articles on which the two agree,
and the positive agreement (the F1 of one coding against the other, which does
not depend on which one is called the gold).

Each theme is a binary variable (the article has it or not); the overall alpha
pools every article-theme decision, which is how multi-label codings are
usually reported. Alpha is computed here from Krippendorff's coincidence
matrix (no extra package), for any number of coders and missing values:
:func:`krippendorff_alpha`.

Examples
--------
>>> a = [{"id": "1", "themes": ["ai"]}, {"id": "2", "themes": ["ai", "access"]},
...      {"id": "3", "themes": []}, {"id": "4", "themes": ["access"]}]
>>> b = [{"id": "1", "themes": ["ai"]}, {"id": "2", "themes": ["ai"]},
...      {"id": "3", "themes": []}, {"id": "4", "themes": ["access"]}]
>>> ag = agreement(a, b)
>>> ag.n_articles, round(ag.micro_f1, 3)
(4, 0.857)
>>> [(t.label, round(t.alpha, 3)) for t in ag.themes]
[('ai', 1.0), ('access', 0.533)]
"""

from __future__ import annotations

import csv
import json
import math
import os
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sundtext.errors import GoldFormatError
from sundtext.evaluate import _read_jsonl

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Agreement", "ThemeAgreement", "agreement", "krippendorff_alpha", "read_codings"]

Codings = "str | os.PathLike[str] | pd.DataFrame | Iterable[Mapping[str, Any]]"


def krippendorff_alpha(units: Iterable[Sequence[Hashable | None]]) -> float:
    """Krippendorff's alpha for nominal data.

    Parameters
    ----------
    units : iterable of sequences
        One sequence per unit (article), with one value per coder; ``None``
        is a missing value. Units with fewer than two values are not
        pairable and do not count.

    Returns
    -------
    float
        ``1 - D_o / D_e`` from the coincidence matrix: 1 is perfect
        agreement, 0 agreement at chance level, below 0 systematic
        disagreement. NaN when there is nothing to measure: fewer than two
        pairable values, or a single value used throughout (``D_e = 0``).

    Examples
    --------
    Krippendorff's own example (4 coders, 12 units, values 1-5, missing ones as None;
    K. Krippendorff, *Computing Krippendorff's Alpha-Reliability*, 2011):

    >>> data = [  # one row per unit: coders A, B, C, D
    ...     (1, 1, None, 1), (2, 2, 3, 2), (3, 3, 3, 3), (3, 3, 3, 3), (2, 2, 2, 2),
    ...     (1, 2, 3, 4), (4, 4, 4, 4), (1, 1, 2, 1), (2, 2, 2, 2), (None, 5, 5, 5),
    ...     (None, None, 1, 1), (None, 3, None, None)]
    >>> round(krippendorff_alpha(data), 3)
    0.743
    """
    coincidence: dict[tuple[Hashable, Hashable], float] = {}
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    coincidence[(c, k)] = coincidence.get((c, k), 0.0) + pairs / (m - 1)
    n_value: dict[Hashable, float] = {}
    for (c, _), count in coincidence.items():
        n_value[c] = n_value.get(c, 0.0) + count
    n = sum(n_value.values())
    if n < 2:
        return math.nan
    observed = sum(count for (c, k), count in coincidence.items() if c != k)
    expected = sum(n_value[c] * n_value[k] for c in n_value for k in n_value if c != k)
    if expected == 0:
        return math.nan
    return 1.0 - (n - 1) * observed / expected


@dataclass(frozen=True, slots=True)
class ThemeAgreement:
    """How two codings agree on one theme.

    Attributes
    ----------
    label : str
    alpha : float
        Krippendorff's alpha with the theme as a binary variable (NaN when
        neither coding ever uses it, or both always do).
    percent : float
        The share of articles where both codings agree (have it or not).
    positive : float
        Positive agreement ``2 * both / (n_a + n_b)``: the F1 of one coding
        against the other (1.0 when neither uses the theme).
    n_a, n_b, both : int
        Articles coded with the theme by A, by B, and by both.
    """

    label: str
    alpha: float
    percent: float
    positive: float
    n_a: int
    n_b: int
    both: int


@dataclass(frozen=True)
class Agreement:
    """The result of :func:`agreement`.

    Attributes
    ----------
    n_articles : int
        Articles in both codings (matched by id).
    only_a, only_b : tuple of str
        Ids coded by one side only (left out of every figure).
    themes : tuple of ThemeAgreement
    alpha : float
        Krippendorff's alpha over every article-theme decision (binary, pooled).
    micro_f1 : float
        Positive agreement pooled over themes: the micro-F1 of B against A.
    exact : float
        The share of articles with exactly the same themes.
    macro_alpha : float
        The mean of the per-theme alphas that are defined.
    """

    n_articles: int
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    themes: tuple[ThemeAgreement, ...]
    alpha: float
    micro_f1: float
    exact: float
    macro_alpha: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (NaN alphas become None)."""
        out = asdict(self)
        for row in out["themes"]:
            row["alpha"] = _json_float(row["alpha"])
        out["alpha"] = _json_float(self.alpha)
        out["macro_alpha"] = _json_float(self.macro_alpha)
        out["only_a"], out["only_b"] = list(self.only_a), list(self.only_b)
        return out

    def to_frame(self) -> pd.DataFrame:
        """Per-theme agreement as a pandas DataFrame indexed by theme."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame([asdict(t) for t in self.themes]).set_index("label")
        return frame

    def format(self) -> str:
        """A plain-text report: the theme table and the overall figures."""
        rows = [f"{'theme':<22}{'alpha':>7}{'agree':>7}{'pos.':>7}{'A':>6}{'B':>6}{'both':>6}"]
        for t in self.themes:
            rows.append(
                f"{t.label:<22}{_fmt(t.alpha):>7}{t.percent:>7.3f}{t.positive:>7.3f}"
                f"{t.n_a:>6d}{t.n_b:>6d}{t.both:>6d}"
            )
        rows.append("")
        if self.only_a or self.only_b:
            rows.append(
                f"ids in one coding only: {len(self.only_a)} in A, {len(self.only_b)} in B "
                "(left out)"
            )
        rows.append(
            f"articles {self.n_articles}  alpha {_fmt(self.alpha)} (per-theme mean "
            f"{_fmt(self.macro_alpha)})  micro F1 {self.micro_f1:.3f}  identical {self.exact:.3f}"
        )
        return "\n".join(rows)


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def _json_float(value: float) -> float | None:
    return None if math.isnan(value) else value


def agreement(
    a: Any,
    b: Any,
    *,
    themes: Sequence[str] | None = None,
    column_a: str = "themes",
    column_b: str = "themes",
) -> Agreement:
    """Agreement between two codings of the same articles, matched by ``id``.

    Parameters
    ----------
    a, b : path, DataFrame or iterable of dicts
        The codings: JSON Lines (``.jsonl``), CSV or TSV files, DataFrames or
        dicts, each record with an ``id`` and a list of themes (a JSON list
        such as ``["ai", "access"]`` in a CSV cell, or ids separated by ``;``
        or ``|``). Gold files and the output of ``sundtext tag`` both work.
    themes : sequence of str, optional
        The themes to report, in this order. Default: every theme either
        coding uses, in the default taxonomy's order when they are all its
        themes (else sorted). A theme neither uses has no alpha to measure.
    column_a, column_b : str, default "themes"
        The field with the themes in ``a`` and in ``b`` (e.g.
        ``"sundtext_themes"`` for ``sundtext tag --prefix sundtext_``).

    Returns
    -------
    Agreement

    Raises
    ------
    GoldFormatError
        If a record has no id or no themes list, an id appears twice, or the
        codings share no id.

    Examples
    --------
    >>> a = [{"id": 1, "themes": ["ai", "funding"]}, {"id": 2, "themes": []}]
    >>> b = [{"id": 2, "themes": ["funding"]}, {"id": 1, "themes": ["ai"]}]
    >>> print(agreement(a, b, themes=["ai", "funding"]).format())
    theme                   alpha  agree   pos.     A     B  both
    ai                      1.000  1.000  1.000     1     1     1
    funding                -0.500  0.000  0.000     1     1     0
    <BLANKLINE>
    articles 2  alpha 0.125 (per-theme mean 0.250)  micro F1 0.500  identical 0.000
    """
    coded_a = read_codings(a, column=column_a, name="A")
    coded_b = read_codings(b, column=column_b, name="B")
    shared = [i for i in coded_a if i in coded_b]
    if not shared:
        raise GoldFormatError(
            "the two codings share no article id; agreement matches articles by their 'id' "
            f"(A has e.g. {list(coded_a)[:3]}, B has e.g. {list(coded_b)[:3]})"
        )
    only_a = tuple(i for i in coded_a if i not in coded_b)
    only_b = tuple(i for i in coded_b if i not in coded_a)
    labels = list(themes) if themes is not None else _default_themes(coded_a, coded_b, shared)

    rows: list[ThemeAgreement] = []
    pooled: list[tuple[int, int]] = []
    for label in labels:
        pairs = [(int(label in coded_a[i]), int(label in coded_b[i])) for i in shared]
        pooled += pairs
        n_a = sum(x for x, _ in pairs)
        n_b = sum(y for _, y in pairs)
        both = sum(1 for x, y in pairs if x and y)
        rows.append(
            ThemeAgreement(
                label=label,
                alpha=krippendorff_alpha(pairs),
                percent=sum(1 for x, y in pairs if x == y) / len(pairs),
                positive=2 * both / (n_a + n_b) if n_a + n_b else 1.0,
                n_a=n_a,
                n_b=n_b,
                both=both,
            )
        )
    total = sum(r.n_a + r.n_b for r in rows)
    defined = [r.alpha for r in rows if not math.isnan(r.alpha)]
    chosen = set(labels)
    exact = sum(1 for i in shared if coded_a[i] & chosen == coded_b[i] & chosen) / len(shared)
    return Agreement(
        n_articles=len(shared),
        only_a=only_a,
        only_b=only_b,
        themes=tuple(rows),
        alpha=krippendorff_alpha(pooled),
        micro_f1=2 * sum(r.both for r in rows) / total if total else 1.0,
        exact=exact,
        macro_alpha=sum(defined) / len(defined) if defined else math.nan,
    )


def _default_themes(
    coded_a: Mapping[str, frozenset[str]], coded_b: Mapping[str, frozenset[str]], shared: list[str]
) -> list[str]:
    from sundtext.taxonomy import load_taxonomy

    used = {t for i in shared for t in coded_a[i] | coded_b[i]}
    default = list(load_taxonomy().themes)
    if used <= set(default):
        return [t for t in default if t in used]
    return sorted(used)


def read_codings(
    source: Any, *, column: str = "themes", name: str = "coding"
) -> dict[str, frozenset[str]]:
    """Read a coding (``id`` -> themes) from a JSONL/CSV/TSV file, a DataFrame or dicts.

    Examples
    --------
    >>> codings = read_codings([{"id": 7, "themes": "ai; access"}, {"id": "8", "themes": '["funding"]'}])
    >>> {k: sorted(v) for k, v in codings.items()}
    {'7': ['access', 'ai'], '8': ['funding']}
    """
    records: Iterable[tuple[str, Any]]
    if isinstance(source, (str, os.PathLike)):
        records = _read_file(Path(source), name)
    elif hasattr(source, "to_dict") and hasattr(source, "columns"):
        records = ((f"{name} row {i}", r) for i, r in enumerate(source.to_dict(orient="records")))
    else:
        records = ((f"{name} item {i}", r) for i, r in enumerate(source))
    out: dict[str, frozenset[str]] = {}
    for where, rec in records:
        if not isinstance(rec, Mapping):
            raise GoldFormatError(
                f"{where}: expected an object with 'id' and {column!r}, got {rec!r:.60}"
            )
        if rec.get("id") is None:
            raise GoldFormatError(
                f"{where}: no 'id'; agreement matches the two codings' articles by id"
            )
        key = str(rec["id"])
        if key in out:
            raise GoldFormatError(f"{where}: id {key!r} appears twice in {name}")
        if column not in rec:
            listed = ", ".join(map(repr, rec)) or "(none)"
            raise GoldFormatError(
                f"{where}: no {column!r} field (its fields are {listed}); name the themes "
                "field with column_a/column_b (--column-a/--column-b)"
            )
        out[key] = _themes_of(rec[column], where, column)
    return out


def _themes_of(value: Any, where: str, column: str) -> frozenset[str]:
    if hasattr(value, "tolist"):  # numpy array in a DataFrame cell
        value = value.tolist()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return frozenset()
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(
                    f"{where}: {column!r} is not a valid JSON list: {text!r:.60}"
                ) from exc
        else:
            sep = ";" if ";" in text else "|" if "|" in text else ","
            return frozenset(t.strip() for t in text.split(sep) if t.strip())
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(str(t) for t in value)
    raise GoldFormatError(f"{where}: {column!r} must be a list of theme ids, got {value!r:.60}")


def _read_file(path: Path, name: str) -> Iterable[tuple[str, Any]]:
    if not path.is_file():
        raise GoldFormatError(f"coding {name} {str(path)!r} does not exist")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return _read_jsonl(path)
    if suffix in (".csv", ".tsv"):
        return _read_delimited(path, "\t" if suffix == ".tsv" else ",")
    raise GoldFormatError(
        f"coding {name} {str(path)!r}: expected a .jsonl, .csv or .tsv file, got {suffix or 'no extension'!r}"
    )


def _read_delimited(path: Path, sep: str) -> Iterable[tuple[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter=sep), 2):
            yield f"{path.name}:{n}", row
