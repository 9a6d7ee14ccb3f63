"""Tag a Dask DataFrame partition by partition, on one machine or a Dask cluster.

:func:`tag` is :func:`sundtext.tag_frame` for a Dask DataFrame: it returns a
lazy Dask DataFrame with the same columns and dtypes that ``tag_frame`` gives,
and each partition is tagged by ``tag_frame`` itself where it lives, so the
results are those of ``tag_frame`` on the same rows. Any scheduler works: the
local threads or processes, or a ``distributed`` cluster of many machines.
:func:`tag_file` reads a file with ``dask.dataframe``, tags it on a cluster and
writes Parquet or CSV; it is what ``sundtext tag --dask ADDRESS`` runs.

``import sundtext`` does not import Dask; this module does. Install the extra
with ``pip install "sundtext[dask]"`` (``dask[dataframe]`` and ``distributed``),
on the client and on every worker. See ``docs/dask.md`` for a cluster of
several machines.

Examples
--------
>>> import dask.dataframe as dd
>>> import pandas as pd
>>> import sundtext.dask
>>> df = pd.DataFrame({"text": ["Ventelisterne til operation vokser.", "Cykelstien asfalteres."]})
>>> ddf = dd.from_pandas(df, npartitions=2)
>>> tagged = sundtext.dask.tag(ddf)
>>> tagged.compute()["themes"].tolist()
[['access'], []]
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Hashable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dask
import dask.dataframe as dd
import pandas as pd
from dask.delayed import delayed

from sundtext.errors import SundtextTypeError, SundtextValueError
from sundtext.frame import tag_columns, tag_frame
from sundtext.taxonomy import Taxonomy, TaxonomyLike, as_taxonomy

logger = logging.getLogger(__name__)

__all__ = ["DaskTagSummary", "read", "tag", "tag_file"]

#: Input formats :func:`read` takes, and output formats :func:`tag_file` writes.
READ_FORMATS: tuple[str, ...] = ("jsonl", "csv", "tsv", "parquet")
WRITE_FORMATS: tuple[str, ...] = ("parquet", "csv", "tsv")
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def tag(
    ddf: dd.DataFrame,
    text: Hashable = "text",
    *,
    title: Hashable | None = None,
    taxonomy: TaxonomyLike = None,
    threshold: float | None = None,
    clean: bool = False,
    prefix: str = "",
) -> dd.DataFrame:
    """Tag every article of a Dask DataFrame, partition by partition.

    Nothing is computed here: the result is a lazy Dask DataFrame whose
    partitions are ``tag_frame(partition, text, ...)``. Its columns and dtypes
    (``meta``) are those :func:`sundtext.tag_frame` gives for an empty frame
    of the input's dtypes: the input's columns, then ``themes`` and ``groups``
    (object: lists of str), ``score_<theme>`` (float64) and ``error``
    (object). The index and the divisions are kept, rows are never dropped.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        The articles, one per row.
    text, title, taxonomy, threshold, clean, prefix
        As for :func:`sundtext.tag_frame`. A custom taxonomy is sent to each
        worker once (as a shared task of the graph), not with every partition.

    Returns
    -------
    dask.dataframe.DataFrame

    Raises
    ------
    SundtextTypeError
        If ``ddf`` is not a Dask DataFrame.
    SundtextValueError
        As :func:`sundtext.tag_frame` raises it (a missing column, a column
        that tagging would append, a bad threshold): here, before any work.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> import sundtext
    >>> df = pd.DataFrame({"text": ["Psykiatrien mangler sengepladser og psykiatere.", None]})
    >>> tagged = tag(dd.from_pandas(df, npartitions=1))
    >>> list(tagged.columns[:3]), str(tagged.dtypes["score_mental_health"])
    (['text', 'themes', 'groups'], 'float64')
    >>> tagged.compute()[["themes", "error"]]
                themes                   error
    0  [mental_health]                    None
    1               []  text is missing (<NA>)

    (Dask reads texts as Arrow strings, whose missing value is ``<NA>``.)

    On a cluster, connect a client first; the computation then runs there:

    >>> from distributed import Client  # doctest: +SKIP
    >>> client = Client("tcp://scheduler:8786")  # doctest: +SKIP
    >>> tag(dd.read_parquet("/shared/articles/")).to_parquet("/shared/tagged/")  # doctest: +SKIP
    """
    if not isinstance(ddf, dd.DataFrame):
        raise SundtextTypeError(
            f"ddf must be a dask DataFrame, got {type(ddf).__name__}; for a pandas DataFrame "
            "use sundtext.tag_frame(df), or wrap it: dask.dataframe.from_pandas(df, npartitions=8)"
        )
    tax = as_taxonomy(taxonomy)
    # the empty frame of the input's dtypes (dask's meta): tagging it checks the arguments
    # now and gives the output's columns and dtypes
    meta = tag_frame(
        ddf._meta,
        text,
        title=title,
        taxonomy=tax,
        threshold=threshold,
        clean=clean,
        prefix=prefix,
    )
    # None makes each worker load the bundled taxonomy itself; any other is one task of
    # the graph, so each worker unpickles it once and compiles its matcher once
    shipped: Any = None if taxonomy is None else delayed(tax, pure=True)
    frame: Any = ddf  # dask's methods are not fully typed
    tagged: dd.DataFrame = frame.map_partitions(
        _tag_partition,
        text,
        title,
        shipped,
        threshold,
        clean,
        prefix,
        meta=meta,
        align_dataframes=False,
    )
    return tagged


def _tag_partition(
    part: pd.DataFrame,
    text: Hashable,
    title: Hashable | None,
    taxonomy: Taxonomy | None,
    threshold: float | None,
    clean: bool,
    prefix: str,
) -> pd.DataFrame:
    return tag_frame(
        part, text, title=title, taxonomy=taxonomy, threshold=threshold, clean=clean, prefix=prefix
    )


# ================================================================== files


def read(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    blocksize: str | int | None = "64MB",
) -> dd.DataFrame:
    """Read articles into a Dask DataFrame: JSON Lines, CSV, TSV or Parquet.

    Parameters
    ----------
    path : str or path-like
        A file, a glob pattern (``"articles/*.jsonl"``, one or more partitions
        per file) or, for Parquet, a folder. Paths must be readable by the
        workers as by the client: on a cluster, shared storage (NFS, S3 with
        ``s3fs``, ...).
    format : {"jsonl", "csv", "tsv", "parquet"}, optional
        Overrides the format the extension implies.
    blocksize : str or int, optional
        Bytes per partition for JSON Lines (a file is split at line ends).
        CSV and TSV files are not split (a quoted text may hold line breaks):
        one partition per file. Parquet keeps its files' row groups.

    Returns
    -------
    dask.dataframe.DataFrame
        JSON values keep their JSON types (no dates or numbers are guessed
        from strings); CSV/TSV cells are strings exactly as in the file, an
        empty cell is missing, as :func:`sundtext.read_articles` reads them.

    Raises
    ------
    SundtextValueError
        If the format is unknown.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.jsonl").write_text('{"id": "007", "text": "Sygeplejersker mangler."}\\n')
    >>> read(folder / "a.jsonl").compute()
        id                     text
    0  007  Sygeplejersker mangler.
    """
    fmt = _format(path, format, READ_FORMATS, "input")
    where = str(path)
    ddf: dd.DataFrame
    if fmt == "jsonl":
        ddf = dd.read_json(
            where,
            lines=True,
            orient="records",
            blocksize=blocksize,
            dtype=False,  # keep JSON's types: no dates or numbers guessed from strings
            encoding="utf-8",
        )
    elif fmt in ("csv", "tsv"):
        ddf = dd.read_csv(
            where,
            sep="," if fmt == "csv" else "\t",
            dtype=object,
            keep_default_na=False,
            na_values=[""],
            blocksize=None,
            encoding="utf-8",
        )
    else:
        ddf = dd.read_parquet(where)
    return ddf


@dataclass
class DaskTagSummary:
    """What :func:`tag_file` did.

    Attributes
    ----------
    articles : int
        Rows written (every input row, once).
    errors : int
        Rows that could not be tagged (see their ``error``).
    themes : collections.Counter
        How many articles were tagged with each theme.
    partitions : int
        Partitions the work was split into.
    seconds : float
        Wall time.
    output : pathlib.Path
        What was written: a Parquet folder, or a CSV/TSV file.
    """

    articles: int = 0
    errors: int = 0
    themes: Counter[str] = field(default_factory=Counter)
    partitions: int = 0
    seconds: float = 0.0
    output: Path | None = None


def tag_file(
    input: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    address: str | None = None,
    text: str = "text",
    title: str | None = None,
    taxonomy: TaxonomyLike = None,
    threshold: float | None = None,
    clean: bool = True,
    prefix: str = "",
    input_format: str | None = None,
    format: str | None = None,
    blocksize: str | int | None = "64MB",
) -> DaskTagSummary:
    """Tag a file of articles on a Dask cluster into Parquet or CSV.

    The input is read with :func:`read` (JSON Lines, CSV, TSV, Parquet), each
    partition is tagged where it lives with :func:`tag`, and the result is
    written by the workers: for ``.parquet`` or a folder, a Parquet dataset
    (a folder with a file per partition, ``part.00000.parquet``, ...); for
    ``.csv``/``.tsv``, one file (lists as JSON, as ``sundtext tag`` writes
    them) that the partitions are appended to in turn.

    Parameters
    ----------
    input, output : str or path-like
        On a cluster both must be on storage every worker can reach.
    address : str, optional
        The scheduler, e.g. ``"tcp://10.0.0.5:8786"``. Without it, the current
        Dask scheduler is used (a ``distributed.Client`` made before, or
        Dask's local threads).
    text, title, taxonomy, threshold, clean, prefix
        As for :func:`sundtext.tag_frame` (``clean`` defaults to True here, as
        in ``sundtext tag``).
    input_format, format : str, optional
        Override the formats the extensions imply.
    blocksize : str or int, optional
        See :func:`read`.

    Returns
    -------
    DaskTagSummary

    Raises
    ------
    SundtextValueError
        For an unknown format, an output that is the input, or the errors of
        :func:`tag`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.jsonl").write_text(
    ...     '{"id": 1, "text": "Ventelisterne til operation vokser."}\\n{"id": 2, "text": "Cykelsti."}\\n')
    >>> summary = tag_file(folder / "in.jsonl", folder / "out.csv")
    >>> summary.articles, dict(summary.themes)
    (2, {'access': 1})
    >>> tag_file("in.jsonl", "/shared/out.parquet", address="tcp://scheduler:8786")  # doctest: +SKIP
    """
    started = time.perf_counter()
    in_fmt = _format(input, input_format, READ_FORMATS, "input")
    out_fmt = "parquet" if format is None and _is_folder(output) else None
    out_fmt = out_fmt or _format(output, format, WRITE_FORMATS, "output")
    dst = Path(output)
    if "*" not in str(input) and Path(input).exists() and dst.exists() and dst.samefile(input):
        raise SundtextValueError(f"refusing to write the output to the input {str(input)!r}")
    client: Any = None
    if address is not None:
        import distributed

        connect: Any = distributed.Client  # not fully typed
        client = connect(address, set_as_default=False)
    try:
        with dask.config.set(scheduler=client) if client is not None else nullcontext():
            ddf = read(input, format=in_fmt, blocksize=blocksize)
            logger.info(
                "tagging %s (%s, %d partitions) on %s into %s (%s)",
                input,
                in_fmt,
                ddf.npartitions,
                address or "the current scheduler",
                dst,
                out_fmt,
            )
            tagged = tag(
                ddf,
                text,
                title=title,
                taxonomy=taxonomy,
                threshold=threshold,
                clean=clean,
                prefix=prefix,
            )
            names = tag_columns(as_taxonomy(taxonomy), prefix)
            themes_col, error_col = names[0], names[-1]
            lazy: Any = tagged  # dask's writers are not fully typed
            if out_fmt == "parquet":
                written = _write_parquet(lazy, tagged._meta, dst, names)
            else:
                as_text = lazy.map_partitions(
                    _lists_as_json, [names[0], names[1]], meta=_lists_as_json(tagged._meta, [])
                )
                as_text.to_csv(
                    str(dst), single_file=True, index=False, sep="," if out_fmt == "csv" else "\t"
                )
                written = pd.read_csv(
                    dst,
                    sep="," if out_fmt == "csv" else "\t",
                    usecols=[themes_col, error_col],
                    dtype=object,
                    keep_default_na=False,
                    na_values=[""],
                )
                written[themes_col] = written[themes_col].map(json.loads)
    finally:
        if client is not None:
            client.close()
    errors = written[error_col].notna()
    return DaskTagSummary(
        articles=len(written),
        errors=int(errors.sum()),
        themes=Counter(t for ts in written[themes_col] for t in ts),
        partitions=tagged.npartitions,
        seconds=time.perf_counter() - started,
        output=dst,
    )


def _is_folder(path: str | os.PathLike[str]) -> bool:
    text = str(path)
    return text.endswith(("/", os.sep)) or Path(text).is_dir()


def _format(
    path: str | os.PathLike[str], given: str | None, allowed: tuple[str, ...], what: str
) -> str:
    if given is not None:
        fmt = given.lower().lstrip(".")
        if fmt not in allowed:
            raise SundtextValueError(
                f"the {what} format {given!r} is not one Dask tagging handles; "
                f"use one of {', '.join(allowed)}"
            )
        return fmt
    name = str(path).rstrip("/" + os.sep)
    suffix = Path(name).suffix.lower()
    fmt = _EXTENSIONS.get(suffix, "")
    if fmt not in allowed:
        raise SundtextValueError(
            f"cannot tell the {what} format of {str(path)!r} from its extension; with --dask "
            f"the {what} must be one of {', '.join(allowed)} (name it with .{allowed[0]}, or "
            f"say it with --{'input-' if what == 'input' else ''}format)"
        )
    return fmt


def _write_parquet(tagged: Any, meta: pd.DataFrame, folder: Path, names: list[str]) -> pd.DataFrame:
    """Each worker writes its partitions as ``folder/part.NNNNN.parquet``; returns the
    ``themes`` and ``error`` columns (lists and messages) of every row, in order."""
    pa: Any = importlib.import_module("pyarrow")
    # fixed Arrow types, so that no file's guess (a column of only None, say) can differ:
    # the appended columns, and the input columns whose dtype is known
    fixed: dict[str, Any] = {names[0]: pa.list_(pa.string()), names[1]: pa.list_(pa.string())}
    fixed.update({name: pa.float64() for name in names[2:-1]})
    fixed[names[-1]] = pa.string()
    for name in meta.columns:
        if name not in fixed and meta[name].dtype != object:
            fixed[name] = pa.Schema.from_pandas(meta[[name]], preserve_index=False).field(0).type
    folder.mkdir(exist_ok=True)
    for old in folder.glob("part.*.parquet"):
        old.unlink()
    summary_meta = pd.DataFrame({names[0]: pd.Series([], dtype=object), names[-1]: []})
    summary_meta[names[-1]] = summary_meta[names[-1]].astype(object)
    done = tagged.map_partitions(
        _write_parquet_part, str(folder), fixed, names, meta=summary_meta, enforce_metadata=False
    )
    result: pd.DataFrame = done.compute()
    return result


def _write_parquet_part(
    part: pd.DataFrame,
    folder: str,
    fixed: dict[str, Any],
    names: list[str],
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    pa: Any = importlib.import_module("pyarrow")
    pq: Any = importlib.import_module("pyarrow.parquet")
    table = pa.Table.from_pandas(part, preserve_index=False)
    for name, kind in fixed.items():
        i = table.schema.get_field_index(name)
        if i >= 0 and not table.schema.field(i).type.equals(kind):
            table = table.set_column(i, pa.field(name, kind), table.column(i).cast(kind))
    number = partition_info["number"] if partition_info else 0
    pq.write_table(table, os.path.join(folder, f"part.{number:05d}.parquet"))
    done: pd.DataFrame = pd.DataFrame(
        {names[0]: part[names[0]].tolist(), names[-1]: part[names[-1]].tolist()}, dtype=object
    )
    return done


def _lists_as_json(part: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The list columns as JSON text, as ``sundtext tag`` writes them to CSV."""
    if not columns:
        return part
    part = part.copy()
    for name in columns:
        part[name] = pd.Series(
            [json.dumps(list(v), ensure_ascii=False) for v in part[name]],
            index=part.index,
            dtype=object,
        )
    return part
