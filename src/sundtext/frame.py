"""Tag the articles in a pandas DataFrame, and the ``df.sundtext`` accessor.

:func:`tag_frame` returns a copy of a frame with the tags appended as columns;
``df.sundtext.mentions()`` gives the evidence as a long table, one row per
mention, to filter, count and join. Rows are never dropped or reordered: a row
whose text cannot be tagged (missing, a number, ``bytes``) gets no themes and a
message in the ``error`` column.

Importing this module registers the ``df.sundtext`` accessor with pandas.
``import sundtext`` alone does not import pandas, so it does not register it;
``import sundtext.frame``, or the first use of ``sundtext.tag_frame`` or
``sundtext.read_articles``, does. (pandas has no entry point for accessors,
only for plotting back ends, so registration has to happen on import.)

Examples
--------
>>> import pandas as pd
>>> import sundtext.frame  # registers df.sundtext
>>> from sundtext.taxonomy import load_taxonomy
>>> tax = load_taxonomy("data/custom_taxonomy.toml")
>>> df = pd.DataFrame({"text": ["Akutmodtagelsen på sygehuset og ambulancerne har travlt.", None]})
>>> df.sundtext.tag(taxonomy=tax)[["themes", "error"]]
        themes                  error
0  [emergency]                   None
1           []  text is missing (NaN)
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import pandas as pd

from sundtext.errors import SundtextTypeError, SundtextValueError
from sundtext.match import get_matcher
from sundtext.tag import ArticleTags, Tagger, _check_model, _resolve_jobs, tag
from sundtext.taxonomy import Taxonomy, TaxonomyLike, as_taxonomy

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from sundtext.match import Mention

logger = logging.getLogger(__name__)

__all__ = ["MENTION_COLUMNS", "READ_ERRORS", "SundtextAccessor", "tag_columns", "tag_frame"]

#: The columns of the evidence table after the row label, in order.
MENTION_COLUMNS: tuple[str, ...] = (
    "theme",
    "group",
    "entry",
    "surface",
    "start",
    "end",
    "sentence",
    "sentence_index",
    "tagged",
)

_BATCH = 16  # rows sent to a worker process at a time

#: ``df.attrs`` key that :func:`sundtext.read_articles` sets when its ``error`` column marks
#: rows it could not read; only then is an ``error`` column taken as earlier errors.
READ_ERRORS = "sundtext.read_errors"
_K = TypeVar("_K")


def tag_columns(taxonomy: Taxonomy, prefix: str = "", model: Tagger | None = None) -> list[str]:
    """The names of the columns :func:`tag_frame` appends, in order.

    Parameters
    ----------
    taxonomy : Taxonomy
        The taxonomy that is used for tagging.
    prefix : str, default ""
        Put before every name.
    model : Tagger, optional
        A trained model: its labels make the score columns, and
        ``needs_review`` and ``in_doubt`` come before ``error``.

    Returns
    -------
    list of str
        ``themes``, ``groups``, ``score_<theme>`` for every theme in taxonomy
        order (or every label of the model), then with a model
        ``needs_review`` and ``in_doubt``, and ``error``.

    Examples
    --------
    >>> from sundtext.taxonomy import load_taxonomy
    >>> tag_columns(load_taxonomy("data/custom_taxonomy.toml"))
    ['themes', 'groups', 'score_emergency', 'score_gp_capacity', 'score_gp_pay', 'error']
    """
    labels = _labels(taxonomy, model)
    review = [f"{prefix}needs_review", f"{prefix}in_doubt"] if model is not None else []
    return [
        f"{prefix}themes",
        f"{prefix}groups",
        *(f"{prefix}score_{t}" for t in labels),
        *review,
        f"{prefix}error",
    ]


def _labels(taxonomy: Taxonomy, model: Tagger | None) -> list[str]:
    """The theme ids that get a score column: the taxonomy's, or a model's labels."""
    if model is not None:
        return [str(c) for c in getattr(model, "classes_", taxonomy.themes)]
    return list(taxonomy.themes)


def tag_frame(
    df: pd.DataFrame,
    text: Hashable = "text",
    *,
    title: Hashable | None = None,
    taxonomy: TaxonomyLike = None,
    threshold: float | None = None,
    n_jobs: int = 1,
    progress: bool = False,
    clean: bool = False,
    prefix: str = "",
    model: Tagger | None = None,
) -> pd.DataFrame:
    """Tag every article in a DataFrame; returns a copy with the tags appended.

    Each row is tagged exactly as :func:`sundtext.tag` tags its text, whatever
    ``n_jobs`` is. The appended columns are:

    ``themes``
        list of the tagged theme ids, highest score first;
    ``groups``
        list of their groups;
    ``score_<theme>``
        float in [0, 1] for every theme of the taxonomy (NaN for an error row);
    ``error``
        ``None``, or why the row could not be tagged.

    Parameters
    ----------
    df : pandas.DataFrame
        The articles, one per row. Its index, column order and dtypes are kept.
    text : hashable, default "text"
        The column with the article text.
    title : hashable, optional
        A column with headlines kept apart from the text; a missing title is
        no error (the row is tagged without one).
    taxonomy : Taxonomy, optional
        Defaults to the bundled taxonomy.
    threshold : float, optional
        Overrides the taxonomy's threshold; in [0, 1].
    n_jobs : int, default 1
        Worker processes; -1 uses every core. The results do not depend on it.
    progress : bool, default False
        Show a progress bar (``tqdm.auto``, so it renders in notebooks too).
    clean : bool, default False
        Pass every text (and title) through :func:`sundtext.clean` before
        tagging: mojibake repaired, control characters and NUL removed, HTML
        turned into text. Mention offsets then refer to the cleaned text.
    prefix : str, default ""
        Put before the names of the appended columns (``themes``, ``groups``,
        ``score_<theme>``, ``error``), e.g. ``"sundtext_"`` for a frame that
        already has a ``themes`` column (gold annotations) or an ``error`` column.
    model : Tagger, optional
        A trained :class:`sundtext.ThemeClassifier` or
        :class:`sundtext.HybridTagger` that decides instead of the lexicon (not
        with ``taxonomy`` or ``threshold``). The score columns are then its
        probabilities for its labels, and two columns come before ``error``:
        ``needs_review`` (bool: the model was unsure, a human coder should
        look) and ``in_doubt`` (list of the themes it was unsure about).

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` (same index, columns and dtypes) with the columns of
        :func:`tag_columns` appended.

    Raises
    ------
    SundtextValueError
        If ``text`` or ``title`` is not a column of ``df``, if ``df`` already
        has a column that would be appended, or if ``threshold`` or ``n_jobs``
        is invalid.
    SundtextTypeError
        If ``df`` is not a DataFrame.

    Notes
    -----
    Bad rows are kept in place. A missing text (``None``, NaN, ``pd.NA``) is
    reported as ``"text is missing (NaN)"``, a number as ``"text is a float,
    not a str"``; an empty text, or one of only spaces and punctuation, is
    simply tagged with no themes. A column named ``error`` in ``df`` that holds
    only strings and missing values is taken as errors found earlier, e.g. the
    lines :func:`sundtext.read_articles` could not read with
    ``skip_bad_lines=True``: those rows are not tagged, keep their message, and
    the column moves to the end.

    Examples
    --------
    >>> import pandas as pd
    >>> from sundtext.taxonomy import load_taxonomy
    >>> tax = load_taxonomy("data/custom_taxonomy.toml")
    >>> df = pd.DataFrame(
    ...     {"text": ["Lægedækningen er for dårlig, og patienterne mangler en læge.", 3.5, ""]},
    ...     index=["a", "b", "c"],
    ... )
    >>> out = tag_frame(df, taxonomy=tax)
    >>> out["themes"].tolist()
    [['gp_capacity'], [], []]
    >>> out.loc["b", "error"]
    'text is a float, not a str: 3.5'
    >>> float(out.loc["a", "score_gp_capacity"]) >= 0.5
    True
    """
    if model is not None:
        _check_model(model, taxonomy, threshold)
    tax = as_taxonomy(taxonomy)
    batch = _Batch.of(df, text, title, tax, prefix, model=model)
    with _Engine(tax, threshold, n_jobs=n_jobs, clean=clean, mentions=False, model=model) as engine:
        rows = engine.tag(batch, progress=progress)
    return batch.with_tags(rows)


@dataclass(frozen=True)
class _Row:
    """What tagging one row gave: the decision, its evidence, or why there is none."""

    themes: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    scores: tuple[float, ...] = ()  # in taxonomy order; () for an error row
    mentions: tuple[Mention, ...] = ()
    error: str | None = None
    needs_review: bool = False
    in_doubt: tuple[str, ...] = ()


class _Item(NamedTuple):
    """One row as it is sent to a worker: a text known to be a ``str``."""

    text: str
    title: str | None


class _Batch:
    """A frame checked for tagging: its texts, titles and rows already in error."""

    def __init__(
        self,
        df: pd.DataFrame,
        items: list[_Item | str],
        taxonomy: Taxonomy,
        prior_error: bool,
        prefix: str = "",
        model: Tagger | None = None,
    ) -> None:
        self.df = df
        self.prefix = prefix
        self.items = items  # per row: an _Item to tag, or the error message
        self.taxonomy = taxonomy
        self.prior_error = prior_error
        self.model = model

    @classmethod
    def of(
        cls,
        df: pd.DataFrame,
        text: Hashable,
        title: Hashable | None,
        taxonomy: Taxonomy,
        prefix: str = "",
        *,
        appends: bool = True,
        model: Tagger | None = None,
    ) -> _Batch:
        if not isinstance(df, pd.DataFrame):
            raise SundtextTypeError(
                f"df must be a pandas DataFrame, got {type(df).__name__}; "
                "wrap a list of texts as pd.DataFrame({'text': texts})"
            )
        texts = _column(df, text, "text")
        titles = _column(df, title, "title") if title is not None else None
        prior = _prior_errors(df)
        if not isinstance(prefix, str):
            raise SundtextTypeError(f"prefix must be a str such as 'sundtext_', got {prefix!r}")
        clashes = [
            c
            for c in tag_columns(taxonomy, prefix, model)
            if c in df.columns and not (c == "error" and prior is not None)
        ]
        if not appends:  # the evidence table adds no columns to the frame
            clashes = []
        if clashes:
            raise SundtextValueError(
                f"the frame already has the column(s) {', '.join(map(repr, clashes))} that "
                f"tagging appends; drop or rename them first, e.g. df.drop(columns={clashes!r}), "
                "or name the new columns with a prefix: prefix='sundtext_' "
                "(--prefix sundtext_ on the command line)"
            )
        items: list[_Item | str] = []
        for i, value in enumerate(texts):
            if prior is not None and isinstance(prior[i], str):
                items.append(prior[i])
                continue
            problem = _problem(value, "text")
            head = None if titles is None else titles[i]
            if problem is None and head is not None and not _missing(head):
                problem = _problem(head, "title")
            if problem is not None:
                items.append(problem)
            else:
                items.append(_Item(value, None if head is None or _missing(head) else head))
        return cls(df, items, taxonomy, prior is not None, prefix, model)

    def with_tags(self, rows: Sequence[_Row]) -> pd.DataFrame:
        """The frame with the tag columns appended (the index set back as it was)."""
        df = self.df.drop(columns="error") if self.prior_error else self.df
        new = _tag_table(rows, self.taxonomy, self.prefix, self.model)
        base = df.reset_index(drop=True)
        out: pd.DataFrame = pd.concat([base, new], axis=1)
        out.index = df.index
        out.attrs = dict(self.df.attrs)
        return out


def _tag_table(
    rows: Sequence[_Row], taxonomy: Taxonomy, prefix: str = "", model: Tagger | None = None
) -> pd.DataFrame:
    """The appended columns as a frame with a RangeIndex."""
    labels = _labels(taxonomy, model)
    nan_row = (math.nan,) * len(labels)
    scores = [r.scores if r.error is None else nan_row for r in rows]
    columns: dict[str, Any] = {
        f"{prefix}themes": pd.Series([list(r.themes) for r in rows], dtype=object),
        f"{prefix}groups": pd.Series([list(r.groups) for r in rows], dtype=object),
    }
    for j, theme in enumerate(labels):
        columns[f"{prefix}score_{theme}"] = pd.Series([s[j] for s in scores], dtype="float64")
    if model is not None:
        columns[f"{prefix}needs_review"] = pd.Series([r.needs_review for r in rows], dtype=bool)
        columns[f"{prefix}in_doubt"] = pd.Series([list(r.in_doubt) for r in rows], dtype=object)
    columns[f"{prefix}error"] = pd.Series([r.error for r in rows], dtype=object)
    table: pd.DataFrame = pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))
    return table


def _mention_table(
    labels: pd.Index | pd.Series, rows: Sequence[_Row], label_name: Hashable | None
) -> pd.DataFrame:
    """The long evidence table: one row per mention, the article's label first.

    ``labels`` gives each row's label (an index, or an id column); with a
    ``label_name`` the label column is called that, otherwise it is made by
    :meth:`pandas.DataFrame.reset_index` ("index" for an unnamed index).
    """
    positions: list[int] = []
    fields: dict[str, list[Any]] = {c: [] for c in MENTION_COLUMNS}
    for i, row in enumerate(rows):
        tagged = set(row.themes)
        for m in row.mentions:
            positions.append(i)
            fields["theme"].append(m.theme)
            fields["group"].append(m.group)
            fields["entry"].append(m.entry)
            fields["surface"].append(m.surface)
            fields["start"].append(m.start)
            fields["end"].append(m.end)
            fields["sentence"].append(m.sentence)
            fields["sentence_index"].append(m.sentence_index)
            fields["tagged"].append(m.theme in tagged)
    data: dict[str, Any] = {}
    for name, values in fields.items():
        if name in ("start", "end", "sentence_index"):
            data[name] = pd.Series(values, dtype="int64")
        elif name == "tagged":
            data[name] = pd.Series(values, dtype="bool")
        else:
            data[name] = pd.Series(values, dtype="str")
    table: pd.DataFrame = pd.DataFrame(data)
    if label_name is not None:
        picked = pd.Series(labels).iloc[positions].reset_index(drop=True)
        table.insert(0, label_name, picked)  # type: ignore[arg-type]
        return table
    index = labels if isinstance(labels, pd.Index) else pd.Index(labels)
    table.index = index.take(positions) if positions else index[:0]
    labelled: pd.DataFrame = table.reset_index()
    return labelled


# ----------------------------------------------------------------- the work


class _Engine:
    """Tags items in this process or in a pool of worker processes.

    One engine (and one pool) serves many batches, so the command line does not
    start processes for every chunk of a file. Workers call :func:`sundtext.tag`
    itself, which is why the results cannot depend on ``n_jobs``.
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        threshold: float | None,
        *,
        n_jobs: int = 1,
        clean: bool = False,
        mentions: bool = True,
        model: Tagger | None = None,
    ) -> None:
        self.settings = _Settings(taxonomy, threshold, clean, mentions, model)
        self.jobs = _resolve_jobs(n_jobs)
        self._pool: Pool | None = None
        if model is not None:
            _check_model(model, None, threshold)
        tag("", taxonomy=taxonomy, threshold=threshold)  # one clear error for a bad threshold
        get_matcher(taxonomy)  # compiled once, here, before worker processes are forked

    def __enter__(self) -> _Engine:
        if self.jobs > 1:
            import multiprocessing as mp

            methods = mp.get_all_start_methods()
            ctx = mp.get_context("fork") if "fork" in methods else mp.get_context()
            self._pool = ctx.Pool(self.jobs, initializer=_init_worker, initargs=(self.settings,))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            if exc[0] is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None

    def map(self, items: Iterable[_Item]) -> Iterator[_Row]:
        """Tag ``items``, yielding one row per item, in order."""
        if self.settings.model is not None:  # a model tags a batch at a time
            chunks = _chunked(items, _MODEL_BATCH)
            if self._pool is None:
                for chunk in chunks:
                    yield from self.settings.run_many(chunk)
            else:
                for done in self._pool.imap(_work_many, chunks):
                    yield from done
        elif self._pool is None:
            run = self.settings.run
            for item in items:
                yield run(item)
        else:
            yield from self._pool.imap(_work, items, chunksize=_BATCH)

    def tag(self, batch: _Batch, *, progress: bool = False) -> list[_Row]:
        """Tag every row of ``batch``; error rows are filled in without tagging."""
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(batch.items), unit=" articles", desc="tagging")
        try:
            todo = [item for item in batch.items if isinstance(item, _Item)]
            return _fill(batch, self.map(todo), bar)
        finally:
            if bar is not None:
                bar.close()

    def tag_stream(
        self, batches: Iterable[tuple[_K, _Batch]], *, bar: Any = None, ahead: int = 2
    ) -> Iterator[tuple[_K, _Batch, list[_Row]]]:
        """Tag a stream of batches, yielding ``(key, batch, rows)`` in order.

        With worker processes, up to ``ahead`` further batches are read and
        queued while the caller is busy with the last one, so the workers do
        not wait for the caller's writing, and memory does not grow with the
        stream.
        """
        if self._pool is None:
            for key, batch in batches:
                todo = [item for item in batch.items if isinstance(item, _Item)]
                yield key, batch, _fill(batch, self.map(todo), bar)
            return
        window: deque[tuple[_K, _Batch, AsyncResult[list[_Row]] | _Flat]] = deque()
        for key, batch in batches:
            todo = [item for item in batch.items if isinstance(item, _Item)]
            size = max(1, min(_BATCH, -(-len(todo) // (4 * self.jobs))))
            if self.settings.model is not None:
                size = max(1, min(_MODEL_BATCH, -(-len(todo) // (2 * self.jobs))))
                chunks = list(_chunked(todo, size))
                window.append((key, batch, _Flat(self._pool.map_async(_work_many, chunks))))
            else:
                window.append((key, batch, self._pool.map_async(_work, todo, chunksize=size)))
            if len(window) > ahead:
                key, batch, pending = window.popleft()
                yield key, batch, _fill(batch, iter(pending.get()), bar)
        while window:
            key, batch, pending = window.popleft()
            yield key, batch, _fill(batch, iter(pending.get()), bar)


def _fill(batch: _Batch, done: Iterator[_Row], bar: Any) -> list[_Row]:
    """The rows of ``batch``: the next results for its items, errors for the rest."""
    rows: list[_Row] = []
    for item in batch.items:
        rows.append(next(done) if isinstance(item, _Item) else _Row(error=item))
        if bar is not None:
            bar.update(1)
    return rows


@dataclass(frozen=True)
class _Settings:
    """Everything a worker needs to tag one item (picklable)."""

    taxonomy: Taxonomy
    threshold: float | None
    clean: bool
    mentions: bool = True  # False: leave them out, they are costly to send between processes
    model: Tagger | None = None

    def run(self, item: _Item) -> _Row:
        text, title = item
        try:
            text, title = self._cleaned(text, title)
            if self.model is not None:
                result = self.model.tag_many([text], [title])[0]
            else:
                result = tag(text, title=title, taxonomy=self.taxonomy, threshold=self.threshold)
        except Exception as exc:  # one odd text must not sink a batch of thousands
            _log_failure(len(text))
            return _Row(error=f"tagging failed: {type(exc).__name__}: {exc}")
        return self._row(result)

    def run_many(self, items: Sequence[_Item]) -> list[_Row]:
        """Tag ``items`` with the model in one batch (one by one if the batch fails)."""
        assert self.model is not None
        try:
            pairs = [self._cleaned(text, title) for text, title in items]
            results = self.model.tag_many([t for t, _ in pairs], [h for _, h in pairs])
        except Exception:  # find the odd one out
            return [self.run(item) for item in items]
        return [self._row(result) for result in results]

    def _cleaned(self, text: str, title: str | None) -> tuple[str, str | None]:
        if not self.clean:
            return text, title
        from sundtext.clean import clean

        return clean(text), clean(title) if title is not None else None

    def _row(self, result: ArticleTags) -> _Row:
        scores = result.scores
        return _Row(
            themes=result.themes,
            groups=result.groups,
            scores=tuple(scores[t] for t in _labels(self.taxonomy, self.model)),
            mentions=result.mentions if self.mentions else (),
            needs_review=result.needs_review,
            in_doubt=result.in_doubt,
        )


_WORKER: _Settings | None = None
_FAILURES = 0  # per process: the first failure is logged with its traceback, the rest briefly


def _log_failure(length: int) -> None:
    global _FAILURES
    _FAILURES += 1
    if _FAILURES == 1:
        logger.exception("tagging failed for a text of %d characters (row kept, marked)", length)
    else:
        logger.debug("tagging failed for a text of %d characters", length, exc_info=True)


def _init_worker(settings: _Settings) -> None:
    import signal

    global _WORKER
    _WORKER = settings
    # Ctrl-C is the parent's to handle (it stops the pool); workers just end with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(item: _Item) -> _Row:
    assert _WORKER is not None, "worker process was not initialised"
    return _WORKER.run(item)


def _work_many(items: list[_Item]) -> list[_Row]:
    assert _WORKER is not None, "worker process was not initialised"
    return _WORKER.run_many(items)


_MODEL_BATCH = 64  # rows a model tags at a time


def _chunked(items: Iterable[_K], size: int) -> Iterator[list[_K]]:
    chunk: list[_K] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Flat:
    """A pending ``map_async`` of batches that ``get()``s as one flat list."""

    def __init__(self, pending: Any) -> None:
        self.pending = pending

    def get(self) -> list[_Row]:
        return [row for rows in self.pending.get() for row in rows]


# ----------------------------------------------------------------- row checks


def _column(df: pd.DataFrame, name: Hashable, role: str) -> list[Any]:
    if name not in df.columns:
        listed = ", ".join(repr(c) for c in df.columns) or "(none)"
        raise SundtextValueError(
            f"the {role} column {name!r} is not in the frame; its columns are {listed}. "
            f"Name the right one with {role}=..."
        )
    picked = df[name]
    if isinstance(picked, pd.DataFrame):
        raise SundtextValueError(
            f"the {role} column {name!r} appears {picked.shape[1]} times in the frame; "
            "give the columns unique names"
        )
    return picked.tolist()


def _prior_errors(df: pd.DataFrame) -> list[Any] | None:
    """The ``error`` column of :func:`sundtext.read_articles`: rows it could not read."""
    if "error" not in df.columns or not df.attrs.get(READ_ERRORS):
        return None
    col = df["error"]
    if isinstance(col, pd.DataFrame):
        return None
    values = col.tolist()
    if all(isinstance(v, str) or _missing(v) for v in values):
        return values
    return None


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _problem(value: object, name: str) -> str | None:
    """Why ``value`` cannot be tagged as ``name``, or None if it can."""
    if isinstance(value, str):
        return None
    if value is None:
        return f"{name} is missing (None)"
    if value is pd.NA or value is pd.NaT:
        return f"{name} is missing ({value})"
    if isinstance(value, float) and math.isnan(value):
        return f"{name} is missing (NaN)"
    if isinstance(value, (bytes, bytearray)):
        return f"{name} is {type(value).__name__}, not a str; decode it first"
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    kind = type(value).__name__
    article = "an" if kind[:1] in "aeiou" else "a"
    return f"{name} is {article} {kind}, not a str: {shown}"


# ----------------------------------------------------------------- accessor


@pd.api.extensions.register_dataframe_accessor("sundtext")
class SundtextAccessor:
    """``df.sundtext``: tag the articles of a DataFrame and get the evidence.

    Registered when :mod:`sundtext.frame` is imported (also by the first use
    of ``sundtext.tag_frame`` or ``sundtext.read_articles``).

    Examples
    --------
    >>> import pandas as pd
    >>> from sundtext.taxonomy import load_taxonomy
    >>> tax = load_taxonomy("data/custom_taxonomy.toml")
    >>> df = pd.DataFrame({"id": ["x1"], "text": ["Ambulancerne og akutmodtagelsen på sygehuset."]})
    >>> df.sundtext.tag(taxonomy=tax)["themes"].tolist()
    [['emergency']]
    >>> df.sundtext.mentions(taxonomy=tax, id="id")[["id", "theme", "surface", "start", "end"]]
       id      theme          surface  start  end
    0  x1  emergency     Ambulancerne      0   12
    1  x1  emergency  akutmodtagelsen     16   31
    """

    def __init__(self, df: pd.DataFrame) -> None:
        self._df = df

    def tag(
        self,
        text: Hashable = "text",
        *,
        title: Hashable | None = None,
        taxonomy: TaxonomyLike = None,
        threshold: float | None = None,
        n_jobs: int = 1,
        progress: bool = False,
        clean: bool = False,
        prefix: str = "",
        model: Tagger | None = None,
    ) -> pd.DataFrame:
        """Tag every row; the same as ``tag_frame(df, ...)``, see :func:`tag_frame`."""
        return tag_frame(
            self._df,
            text,
            title=title,
            taxonomy=taxonomy,
            threshold=threshold,
            n_jobs=n_jobs,
            progress=progress,
            clean=clean,
            prefix=prefix,
            model=model,
        )

    def mentions(
        self,
        text: Hashable = "text",
        *,
        title: Hashable | None = None,
        id: Hashable | None = None,
        taxonomy: TaxonomyLike = None,
        threshold: float | None = None,
        n_jobs: int = 1,
        progress: bool = False,
        clean: bool = False,
    ) -> pd.DataFrame:
        """The evidence of every row as a long table, one row per mention.

        Parameters
        ----------
        text, title, taxonomy, threshold, n_jobs, progress, clean
            As for :func:`tag_frame`.
        id : hashable, optional
            A column that identifies the articles; it becomes the first column.
            Without it the first column is the row's index label (named like
            :meth:`pandas.DataFrame.reset_index` names it: the index name, or
            ``"index"``).

        Returns
        -------
        pandas.DataFrame
            Columns: the label, then ``theme``, ``group``, ``entry`` (the
            lexicon entry that fired), ``surface``, ``start``, ``end`` (offsets
            into the text, or into the cleaned text with ``clean=True``:
            ``text[start:end] == surface``), ``sentence``, ``sentence_index``
            and ``tagged`` (whether the article was tagged with that theme).
            Rows without mentions, and error rows, have none.

        Examples
        --------
        >>> import pandas as pd
        >>> from sundtext.taxonomy import load_taxonomy
        >>> tax = load_taxonomy("data/custom_taxonomy.toml")
        >>> df = pd.DataFrame({"text": ["Overenskomsten for læger.", "Ambulancen kom til patienten."]})
        >>> ev = df.sundtext.mentions(taxonomy=tax)
        >>> ev.groupby("theme").size().to_dict()
        {'emergency': 1, 'gp_pay': 1}
        >>> ev[["index", "theme", "surface", "start", "end", "tagged"]].to_dict("records")[0]
        {'index': 0, 'theme': 'gp_pay', 'surface': 'Overenskomsten', 'start': 0, 'end': 14, 'tagged': True}
        """
        df = self._df
        tax = as_taxonomy(taxonomy)
        batch = _Batch.of(df, text, title, tax, appends=False)
        labels: pd.Index | pd.Series = df.index
        if id is not None:
            labels = pd.Series(_column(df, id, "id"), dtype=df[id].dtype)
        with _Engine(tax, threshold, n_jobs=n_jobs, clean=clean) as engine:
            rows = engine.tag(batch, progress=progress)
        return _mention_table(labels, rows, id)
