"""Plots of a tagged corpus, and an HTML view of one article's evidence.

Import it on purpose: ``import sundtext.plot``. The plots take the frame that
:func:`sundtext.tag_frame` returns (a ``themes`` column of lists, and ``date``
or ``source`` columns), draw with matplotlib (``pip install "sundtext[plot]"``)
and return the :class:`matplotlib.axes.Axes` to adjust or save
(``ax.figure.savefig(...)``); they never call ``plt.show()``. Pass ``ax=`` to
draw into a figure of your own.

* :func:`plot_prevalence` -- the share of articles with each theme per year,
  quarter or month;
* :func:`plot_cooccurrence` -- how often two themes are tagged in one article;
* :func:`plot_sources` -- the share of each source's articles with each theme;
* :func:`highlight` -- one article with its theme mentions marked in colour,
  as HTML that renders in Jupyter (it needs no matplotlib).

Every theme has one colour everywhere (:func:`theme_colors`).

Examples
--------
>>> import pandas as pd
>>> from matplotlib.figure import Figure
>>> from sundtext.plot import plot_prevalence
>>> df = pd.DataFrame({"date": ["2023-03-01", "2023-09-01", "2024-05-01"],
...                    "themes": [["access"], ["access", "workforce"], ["workforce"]]})
>>> ax = plot_prevalence(df, ax=Figure().subplots())
>>> ax.get_title()
'Share of articles with each theme, by year'
>>> [line.get_label() for line in ax.get_lines()]
['access', 'workforce']
"""

from __future__ import annotations

import html
import itertools
import json
import logging
import math
import os
import warnings
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sundtext.errors import SundtextTypeError, SundtextValueError, expect_str
from sundtext.match import Mention
from sundtext.tag import ArticleTags, tag
from sundtext.taxonomy import Taxonomy, TaxonomyLike, as_taxonomy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

logger = logging.getLogger(__name__)

__all__ = [
    "Highlight",
    "highlight",
    "plot_cooccurrence",
    "plot_prevalence",
    "plot_sources",
    "theme_colors",
]

Labels = Literal["id", "da", "en"]

# 22 colours for the 22 default themes, in taxonomy order: matplotlib's tab10 for the first
# ten, then ColorBrewer's Dark2 and Set1 tones, chosen so that themes which often come together
# (funding and regulation, access and workforce, cybersecurity and digitalisation) stay apart,
# as lines and as 35 % highlighting behind text.
_PALETTE = (
    "#1f77b4", "#ff7f0e", "#d62728", "#9467bd", "#17becf", "#2ca02c", "#e377c2", "#8c564b",
    "#bcbd22", "#7f7f7f", "#393b79", "#e7298a", "#1b9e77", "#01665e", "#6a3d9a", "#66a61e",
    "#b15928", "#e6ab02", "#386cb0", "#a50026", "#006d2c", "#5f5f0f",
)  # fmt: skip
_FREQUENCIES = {"year": "Y", "quarter": "Q", "month": "M", "Y": "Y", "Q": "Q", "M": "M"}
_HIGHLIGHT_ALPHA = 0.35


# ------------------------------------------------------------------------ colours


def theme_colors(taxonomy: TaxonomyLike = None) -> dict[str, str]:
    """The colour of every theme, as ``#rrggbb``, in taxonomy order.

    The colours cycle after 22 themes.

    Examples
    --------
    >>> colors = theme_colors()
    >>> colors["ai"], len(colors)
    ('#1f77b4', 22)
    """
    tax = as_taxonomy(taxonomy)
    return {theme: _PALETTE[i % len(_PALETTE)] for i, theme in enumerate(tax.themes)}


# ------------------------------------------------------------------------ plots


def plot_prevalence(
    df: pd.DataFrame,
    *,
    date: Hashable = "date",
    themes: Hashable = "themes",
    freq: str = "year",
    top: int = 6,
    select: Sequence[str] | None = None,
    labels: Labels = "id",
    taxonomy: TaxonomyLike = None,
    ax: Axes | None = None,
) -> Axes:
    """Line plot of the share of articles with each theme, per year, quarter or month.

    Parameters
    ----------
    df : pandas.DataFrame
        One article a row, e.g. from :func:`sundtext.tag_frame`.
    date : hashable, default "date"
        A column of dates (``datetime64`` or strings pandas can parse); rows
        whose date cannot be read are left out (and counted in a log warning).
    themes : hashable, default "themes"
        A column of theme lists (``"sundtext_themes"`` with ``prefix=``); JSON
        strings as ``sundtext tag`` writes to CSV work too.
    freq : {"year", "quarter", "month"}, default "year"
        The period to aggregate by.
    top : int, default 6
        Plot the ``top`` themes with the most articles ...
    select : sequence of str, optional
        ... or exactly these theme ids.
    labels : {"id", "da", "en"}, default "id"
        Name themes by id or by their Danish or English label.
    taxonomy : Taxonomy or path, optional
        For labels, colours and the order of themes; defaults to the bundled one.
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new figure is made.

    Returns
    -------
    matplotlib.axes.Axes
        Tick labels name each period and its number of articles.

    Raises
    ------
    SundtextValueError
        If a column is missing, ``freq`` is unknown, or no row has a date.

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> df = pd.DataFrame({"date": ["2024-01-10", "2024-02-20", "2024-04-01"],
    ...                    "themes": [["ai"], [], ["ai", "funding"]]})
    >>> ax = plot_prevalence(df, freq="quarter", ax=Figure().subplots())
    >>> [tick.get_text() for tick in ax.get_xticklabels()]
    ['2024Q1\\nn=2', '2024Q2\\nn=1']
    >>> ax.get_lines()[0].get_ydata().tolist()
    [0.5, 1.0]
    """
    import numpy as np
    import pandas as pd
    from matplotlib.ticker import PercentFormatter

    tax = as_taxonomy(taxonomy)
    code = _FREQUENCIES.get(freq)
    if code is None:
        raise SundtextValueError(f"freq must be one of 'year', 'quarter', 'month', got {freq!r}")
    lists = _theme_lists(df, themes)
    with warnings.catch_warnings():  # "could not infer format": unreadable dates become NaT
        warnings.simplefilter("ignore", UserWarning)
        dates = pd.to_datetime(pd.Series(_column(df, date, "date")), errors="coerce")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert(None)
    known = dates.notna().to_numpy()
    if not known.any():
        raise SundtextValueError(f"no row has a date that pandas can read in column {date!r}")
    if not known.all():
        logger.warning("plot_prevalence: %d rows without a readable date left out", (~known).sum())
    periods = dates[known].dt.to_period(code)
    kept = [lists[i] for i in np.flatnonzero(known)]
    chosen = _choose(kept, tax, top=top, select=select)
    span = pd.period_range(periods.min(), periods.max(), freq=code)
    position = {p: i for i, p in enumerate(span)}
    n = np.zeros(len(span))
    hits = np.zeros((len(chosen), len(span)))
    index = {t: k for k, t in enumerate(chosen)}
    for period, themes_of in zip(periods, kept, strict=True):
        i = position[period]
        n[i] += 1
        for t in set(themes_of):
            if t in index:
                hits[index[t], i] += 1
    share = np.divide(hits, n, out=np.full_like(hits, np.nan), where=n > 0)

    ax = _axes(ax, (max(6.0, min(14.0, 3.0 + 0.45 * len(span))), 4.5))
    colors = theme_colors(tax)
    x = np.arange(len(span))
    for k, theme in enumerate(chosen):
        ax.plot(
            x,
            share[k],
            marker="o",
            markersize=4,
            linewidth=2,
            color=colors.get(theme, _PALETTE[k % len(_PALETTE)]),
            label=_label(theme, tax, labels),
        )
    step = max(1, math.ceil(len(span) / 16))
    ticks = x[::step]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{span[i]}\nn={int(n[i])}" for i in ticks], fontsize=8)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylim(bottom=0)
    period_name = {"Y": "year", "Q": "quarter", "M": "month"}[code]
    ax.set_xlabel(f"{period_name} (n: articles)")
    ax.set_ylabel("share of articles")
    ax.set_title(f"Share of articles with each theme, by {period_name}")
    ax.grid(axis="y", alpha=0.3)
    if chosen:
        ax.legend(title="theme", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def plot_cooccurrence(
    df: pd.DataFrame,
    *,
    themes: Hashable = "themes",
    select: Sequence[str] | None = None,
    normalize: bool = False,
    labels: Labels = "id",
    taxonomy: TaxonomyLike = None,
    ax: Axes | None = None,
) -> Axes:
    """Heatmap of how many articles are tagged with two themes at once.

    Parameters
    ----------
    df : pandas.DataFrame
        One article a row, e.g. from :func:`sundtext.tag_frame`.
    themes : hashable, default "themes"
        The column of theme lists.
    select : sequence of str, optional
        These themes, in this order (default: every theme some article has,
        in taxonomy order).
    normalize : bool, default False
        Show, in row *A* and column *B*, the share of *A*'s articles that also
        have *B*, instead of the number of articles with both.
    labels, taxonomy, ax
        As for :func:`plot_prevalence`.

    Returns
    -------
    matplotlib.axes.Axes
        Cells are annotated; the diagonal is grey and holds each theme's own
        number of articles, so the colour scale is set by the pairs.

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> df = pd.DataFrame({"themes": [["ai", "health_data"], ["ai"], ["health_data", "ai"], []]})
    >>> ax = plot_cooccurrence(df, ax=Figure().subplots())
    >>> [text.get_text() for text in ax.texts]  # row by row; the diagonal in bold
    ['3', '2', '2', '2']
    """
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.ticker import PercentFormatter

    tax = as_taxonomy(taxonomy)
    lists = _theme_lists(df, themes)
    chosen = _choose(lists, tax, top=None, select=select)
    index = {t: k for k, t in enumerate(chosen)}
    counts = np.zeros((len(chosen), len(chosen)))
    for themes_of in lists:
        present = sorted({index[t] for t in themes_of if t in index})
        for i in present:
            for j in present:
                counts[i, j] += 1
    values = counts
    if normalize:
        diagonal = counts.diagonal()[:, None]
        values = np.divide(counts, diagonal, out=np.zeros_like(counts), where=diagonal > 0)
    # the diagonal (each theme's own articles) is grey, so it does not set the colour scale
    shade = values.copy()
    np.fill_diagonal(shade, np.nan)
    off = shade[~np.isnan(shade)]
    vmax = float(off.max()) if off.size and off.max() > 0 else 1.0
    size = 2.5 + 0.42 * len(chosen)
    ax = _axes(ax, (size + 1.2, size))
    cmap = colormaps["Blues"].with_extremes(bad="#e3e3e3")
    image = ax.imshow(shade, cmap=cmap, vmin=0, vmax=vmax)
    names = [_label(t, tax, labels) for t in chosen]
    _square_ticks(ax, names, names)
    _annotate(ax, values, counts, percent=normalize, vmax=vmax, diagonal=counts.diagonal())
    colorbar = ax.figure.colorbar(image, ax=ax, shrink=0.8)
    if normalize:
        colorbar.ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        colorbar.set_label("share of the row theme's articles")
        ax.set_title(
            "Theme co-occurrence: share of the row theme's articles that also have\n"
            "the column theme (grey diagonal: the row theme's number of articles)"
        )
    else:
        colorbar.set_label("articles with both themes")
        ax.set_title(
            "Theme co-occurrence: articles tagged with both themes\n"
            "(grey diagonal: articles with the theme)"
        )
    return ax


def plot_sources(
    df: pd.DataFrame,
    *,
    source: Hashable = "source",
    themes: Hashable = "themes",
    top: int = 12,
    select: Sequence[str] | None = None,
    labels: Labels = "id",
    taxonomy: TaxonomyLike = None,
    ax: Axes | None = None,
) -> Axes:
    """Heatmap of the share of each source's articles that have each theme.

    Parameters
    ----------
    df : pandas.DataFrame
        One article a row, e.g. from :func:`sundtext.tag_frame`.
    source : hashable, default "source"
        The column naming each article's source (outlet, sender, author);
        missing values are grouped as "(unknown)".
    themes : hashable, default "themes"
        The column of theme lists.
    top : int, default 12
        The sources with the most articles; the rest are left out.
    select : sequence of str, optional
        These themes, in this order (default: every theme those sources have).
    labels, taxonomy, ax
        As for :func:`plot_prevalence`.

    Returns
    -------
    matplotlib.axes.Axes
        One row per source (labelled with its number of articles), one column
        per theme.

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> df = pd.DataFrame({"source": ["Region A", "Region A", "Avisen"],
    ...                    "themes": [["access"], ["access", "funding"], ["funding"]]})
    >>> ax = plot_sources(df, ax=Figure().subplots())
    >>> [tick.get_text() for tick in ax.get_yticklabels()]
    ['Region A (n=2)', 'Avisen (n=1)']
    >>> ax.images[0].get_array().tolist()
    [[1.0, 0.5], [0.0, 1.0]]
    """
    import numpy as np
    from matplotlib.ticker import PercentFormatter

    tax = as_taxonomy(taxonomy)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise SundtextValueError(f"top must be an int >= 1, got {top!r}")
    lists = _theme_lists(df, themes)
    names = ["(unknown)" if _missing(v) else str(v) for v in _column(df, source, "source")]
    sizes = Counter(names)
    sources = [s for s, _ in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    row = {s: i for i, s in enumerate(sources)}
    kept = [(row[s], ts) for s, ts in zip(names, lists, strict=True) if s in row]
    chosen = _choose([ts for _, ts in kept], tax, top=None, select=select)
    column = {t: j for j, t in enumerate(chosen)}
    counts = np.zeros((len(sources), len(chosen)))
    for i, themes_of in kept:
        for t in set(themes_of):
            if t in column:
                counts[i, column[t]] += 1
    n = np.array([sizes[s] for s in sources], dtype=float)[:, None]
    share = counts / n
    ax = _axes(ax, (3.5 + 0.5 * len(chosen), 1.6 + 0.42 * len(sources)))
    image = ax.imshow(share, cmap="Purples", vmin=0, vmax=1, aspect="auto")
    _square_ticks(
        ax,
        [_label(t, tax, labels) for t in chosen],
        [f"{s} (n={sizes[s]})" for s in sources],
    )
    _annotate(ax, share, counts, percent=True, vmax=1.0)
    colorbar = ax.figure.colorbar(image, ax=ax, shrink=0.8)
    colorbar.ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    colorbar.set_label("share of the source's articles")
    ax.set_title("Themes by source: share of each source's articles with the theme")
    return ax


# ------------------------------------------------------------------------ highlight


@dataclass(frozen=True)
class Highlight:
    """One article with its theme mentions marked, as HTML.

    Jupyter shows it rendered (``_repr_html_``); :attr:`html` is the fragment
    and :meth:`save` writes a standalone page. Build it with :func:`highlight`.

    Attributes
    ----------
    html : str
        A ``<div>`` with a legend of the themes and the text, each mention in a
        ``<mark>`` coloured by theme, with the entry that matched as tooltip.
    themes : tuple of str
        The themes with mentions, tagged ones first.
    n_mentions : int
        How many mentions are marked.
    """

    html: str
    themes: tuple[str, ...]
    n_mentions: int

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Highlight({self.n_mentions} mentions of {len(self.themes)} themes)"

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write a standalone HTML page (UTF-8) and return its path."""
        target = Path(path)
        target.write_text(
            '<!doctype html>\n<html lang="da"><head><meta charset="utf-8">'
            "<title>sundtext</title></head>\n<body>\n" + self.html + "\n</body></html>\n",
            encoding="utf-8",
        )
        return target


def highlight(
    text: str,
    tags: ArticleTags | Iterable[Mention] | None = None,
    *,
    taxonomy: TaxonomyLike = None,
    labels: Labels = "id",
) -> Highlight:
    """Mark every theme mention of one article in its theme's colour (HTML).

    Parameters
    ----------
    text : str
        The article, exactly as it was tagged (mention offsets refer to it).
    tags : ArticleTags or iterable of Mention, optional
        The result of :func:`sundtext.tag` for ``text``, or mentions from
        :func:`sundtext.extract_themes`; by default ``text`` is tagged now.
    taxonomy : Taxonomy or path, optional
        For tagging, colours and labels; defaults to the bundled taxonomy.
    labels : {"id", "da", "en"}, default "id"
        How the legend names the themes.

    Returns
    -------
    Highlight
        Renders in Jupyter. Text and tooltips are HTML-escaped; a word that is
        evidence for two themes is striped in both colours. In the legend,
        tagged themes are bold with their score; themes whose evidence stayed
        below the threshold are listed after them.

    Raises
    ------
    SundtextTypeError
        If ``text`` is not a ``str``.
    SundtextValueError
        If a mention does not fit ``text`` (it was found in another text).

    Examples
    --------
    >>> view = highlight("Cyberangreb & <b>hackere</b> truer sygehusene.")
    >>> view
    Highlight(2 mentions of 1 themes)
    >>> "&lt;b&gt;" in view.html and "<b>" not in view.html
    True
    >>> view.html.count('<mark ')
    2
    """
    expect_str(text)
    tax = as_taxonomy(taxonomy)
    tagged: tuple[str, ...] = ()
    scores: dict[str, float] = {}
    if tags is None:
        tags = tag(text, taxonomy=tax)
    if isinstance(tags, ArticleTags):
        tagged, scores = tags.themes, dict(tags.scores)
        mentions = list(tags.mentions)
    elif isinstance(tags, (str, bytes)):
        raise SundtextTypeError(
            f"tags must be an ArticleTags or an iterable of Mention, got {type(tags).__name__}"
        )
    else:
        mentions = list(tags)
    for m in mentions:
        if not isinstance(m, Mention):
            raise SundtextTypeError(f"tags must hold Mention objects, got {m!r}")
        if m.end > len(text) or text[m.start : m.end] != m.surface:
            raise SundtextValueError(
                f"mention {m.surface!r} at {m.start}-{m.end} does not fit the text; pass the "
                "text that was tagged, exactly as it was tagged"
            )
    mentions = [m for m in mentions if m.theme]
    colors = theme_colors(tax)
    present = list(dict.fromkeys(m.theme for m in mentions))
    ordered = [t for t in tagged if t in present] + [t for t in present if t not in tagged]

    def color(theme: str) -> str:
        return colors.get(theme) or _PALETTE[present.index(theme) % len(_PALETTE)]

    chips = []
    for theme in ordered:
        name = html.escape(_label(theme, tax, labels))
        style = f"background:{_rgba(color(theme))};padding:0 .35em;border-radius:.25em;"
        if theme in tagged:
            chips.append(
                f'<span style="{style}font-weight:bold" title="tagged">{name} '
                f"{scores.get(theme, 0.0):.2f}</span>"
            )
        else:
            chips.append(
                f'<span style="{style}opacity:.75" title="below the threshold">{name}</span>'
            )
    legend = (
        '<div style="margin-bottom:.6em;font-size:90%">'
        + ("themes: " + " ".join(chips) if chips else "no theme mentions")
        + (
            ' <span style="opacity:.7">(bold: tagged, with score)</span>'
            if any(t not in tagged for t in ordered) and tagged
            else ""
        )
        + "</div>"
    )
    body = _marked(text, mentions, color, tax, labels)
    fragment = (
        '<div class="sundtext-highlight" style="font-family:sans-serif;line-height:1.7">'
        + legend
        + '<div style="white-space:pre-wrap">'
        + body
        + "</div></div>"
    )
    return Highlight(html=fragment, themes=tuple(ordered), n_mentions=len(mentions))


def _marked(
    text: str,
    mentions: Sequence[Mention],
    color: Any,
    taxonomy: Taxonomy,
    labels: Labels,
) -> str:
    """``text`` escaped, with ``<mark>`` around every stretch that some mention covers."""
    bounds = sorted({0, len(text), *(m.start for m in mentions), *(m.end for m in mentions)})
    parts: list[str] = []
    for start, end in itertools.pairwise(bounds):
        piece = html.escape(text[start:end], quote=False)
        over = [m for m in mentions if m.start <= start and end <= m.end]
        if not over:
            parts.append(piece)
            continue
        themes = list(dict.fromkeys(m.theme for m in over))
        fills = [_rgba(color(t)) for t in themes]
        if len(fills) == 1:
            background = fills[0]
        else:
            step = 100 / len(fills)
            stops = ", ".join(
                f"{c} {i * step:.0f}% {(i + 1) * step:.0f}%" for i, c in enumerate(fills)
            )
            background = f"linear-gradient(to bottom, {stops})"
        tip = "; ".join(
            f"{_label(m.theme, taxonomy, labels)}: {m.entry}"
            for m in sorted(over, key=lambda m: themes.index(m.theme))
        )
        parts.append(
            f'<mark style="background:{background};color:inherit;padding:0;border-radius:.2em" '
            f'data-themes="{html.escape(" ".join(themes))}" title="{html.escape(tip)}">'
            f"{piece}</mark>"
        )
    return "".join(parts)


# ------------------------------------------------------------------------ internals


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _column(df: pd.DataFrame, name: Hashable, role: str) -> list[Any]:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise SundtextTypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    if name not in df.columns:
        raise SundtextValueError(
            f"the {role} column {name!r} is not in the frame; its columns are "
            f"{', '.join(map(str, df.columns))}"
        )
    return list(df[name])


def _missing(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value)
        in {
            "<NA>",
            "NaT",
        }
    )


def _theme_lists(df: pd.DataFrame, column: Hashable) -> list[list[str]]:
    """The theme ids of every row: lists, tuples, arrays, JSON strings; missing is none."""
    out: list[list[str]] = []
    for value in _column(df, column, "themes"):
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    value = json.loads(text)
                except ValueError as exc:
                    raise SundtextValueError(
                        f"a cell of {column!r} is not a JSON list of theme ids: {text[:60]!r}"
                    ) from exc
            else:
                value = [t for t in text.replace(";", ",").replace("|", ",").split(",") if t]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            out.append([])
        elif isinstance(value, Iterable):
            out.append([str(t).strip() for t in value])
        else:
            raise SundtextValueError(
                f"the {column!r} column must hold lists of theme ids, got {value!r}"
            )
    return out


def _choose(
    lists: Sequence[Sequence[str]],
    taxonomy: Taxonomy,
    *,
    top: int | None,
    select: Sequence[str] | None,
) -> list[str]:
    """The themes to plot: ``select``, or those present (the ``top`` most frequent)."""
    if select is not None:
        if isinstance(select, str):
            select = [select]
        return list(dict.fromkeys(select))
    counts = Counter(t for themes in lists for t in set(themes))
    order = {t: i for i, t in enumerate(taxonomy.themes)}
    present = sorted(counts, key=lambda t: (order.get(t, len(order)), t))
    if top is None:
        return present
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise SundtextValueError(f"top must be an int >= 1, got {top!r}")
    return sorted(present, key=lambda t: (-counts[t], order.get(t, len(order)), t))[:top]


def _label(theme: str, taxonomy: Taxonomy, labels: Labels) -> str:
    if labels == "id":
        return theme
    if labels not in ("da", "en"):
        raise SundtextValueError(f"labels must be 'id', 'da' or 'en', got {labels!r}")
    known = taxonomy.themes.get(theme)
    return theme if known is None else str(getattr(known, labels))


def _square_ticks(ax: Axes, columns: list[str], rows: list[str]) -> None:
    ax.set_xticks(range(len(columns)))
    ax.set_xticklabels(columns, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _annotate(
    ax: Axes,
    values: Any,
    counts: Any,
    *,
    percent: bool,
    vmax: float,
    diagonal: Any = None,
) -> None:
    """Write each non-empty cell's value into it, white on dark cells.

    With ``diagonal``, the diagonal cells show those counts in bold instead.
    """
    small = 7 if values.shape[1] > 14 else 8
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            if diagonal is not None and i == j:
                ax.text(
                    j, i, f"{diagonal[i]:.0f}", ha="center", va="center", fontsize=small,
                    fontweight="bold", color="black",
                )  # fmt: skip
                continue
            if counts[i, j] == 0:
                continue
            value = float(values[i, j])
            text = f"{value:.0%}" if percent else f"{value:.0f}"
            dark = value > 0.6 * vmax
            ax.text(
                j, i, text, ha="center", va="center", fontsize=small,
                color="white" if dark else "black",
            )  # fmt: skip


def _rgba(color: str, alpha: float = _HIGHLIGHT_ALPHA) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
