"""Read articles from files, write tagged tables, and tag a file into a file.

:func:`read_articles` reads CSV, TSV, JSON Lines, JSON, Parquet, or a folder
of ``.txt``/``.html`` files (one article each) into a DataFrame, or into an
iterator of DataFrames with ``chunksize`` so memory does not grow with the
file. :func:`write_articles` writes CSV, TSV, JSON Lines or Parquet
atomically. :func:`tag_file` tags a whole file into another in chunks, can
resume a killed run, and is what ``sundtext tag`` runs.

Reading is lossless where it can be: CSV cells are read as strings exactly as
they stand (an empty cell is missing), JSON values keep their type, and no row
is ever dropped or reordered.

Encodings
    Text files are read as UTF-8 (a BOM is dropped; a UTF-16 BOM switches to
    UTF-16). A line that is not valid UTF-8 is decoded as Windows-1252, or as
    Latin-1 where Windows-1252 has no character, so a file that mixes
    encodings still reads. NUL bytes are removed. Mojibake and HTML markup in
    a text are repaired when the texts are cleaned before tagging (see
    ``clean`` in :func:`sundtext.tag_frame` and :func:`tag_file`).
Empty files
    A file with nothing in it (no header, no record) is an error; a table
    with a header but no rows reads as an empty DataFrame with those columns.
Output folders
    Are never created: writing into a folder that does not exist is an error
    that names it.

Examples
--------
>>> import pandas as pd, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "in.csv").write_text('id,text\\n1,"Ambulancen kom, endelig."\\n2,\\n', encoding="utf-8")
>>> df = read_articles(folder / "in.csv")
>>> df
  id                      text
0  1  Ambulancen kom, endelig.
1  2                       NaN
>>> write_articles(df, folder / "out.jsonl").name
'out.jsonl'
>>> print((folder / "out.jsonl").read_text(encoding="utf-8"), end="")
{"id": "1", "text": "Ambulancen kom, endelig."}
{"id": "2", "text": null}
"""

from __future__ import annotations

import bz2
import contextlib
import csv
import datetime as _dt
import gzip
import io as _io
import json
import logging
import lzma
import math
import os
import re
import secrets
import shutil
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, overload

import numpy as np
import pandas as pd

import sundtext.frame as _frame
from sundtext.errors import SundtextValueError
from sundtext.frame import READ_ERRORS
from sundtext.tag import Tagger, _check_model, _resolve_jobs, _Tagger
from sundtext.taxonomy import TaxonomyLike, as_taxonomy

logger = logging.getLogger(__name__)

__all__ = [
    "READ_FORMATS",
    "WRITE_FORMATS",
    "TagSummary",
    "read_articles",
    "tag_file",
    "write_articles",
]

PathLike = str | os.PathLike[str]

#: Formats :func:`read_articles` reads.
READ_FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "json", "parquet", "folder")
#: Formats :func:`write_articles` writes.
WRITE_FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "parquet")

_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_COMPRESSION: dict[str, Callable[..., IO[Any]]] = {
    ".gz": gzip.open,
    ".bz2": bz2.open,
    ".xz": lzma.open,
}
_ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_SOURCE_ATTR = "sundtext_source"
_PARQUET_HINT = "pip install 'sundtext[parquet]'"
_EXCERPT = 60


# =================================================================== reading


@overload
def read_articles(
    path: PathLike,
    *,
    text: str = ...,
    format: str | None = ...,
    chunksize: None = ...,
    encoding: str | None = ...,
    skip_bad_lines: bool = ...,
) -> pd.DataFrame: ...


@overload
def read_articles(
    path: PathLike,
    *,
    text: str = ...,
    format: str | None = ...,
    chunksize: int,
    encoding: str | None = ...,
    skip_bad_lines: bool = ...,
) -> Iterator[pd.DataFrame]: ...


def read_articles(
    path: PathLike,
    *,
    text: str = "text",
    format: str | None = None,
    chunksize: int | None = None,
    encoding: str | None = None,
    skip_bad_lines: bool = False,
) -> pd.DataFrame | Iterator[pd.DataFrame]:
    """Read a file (or a folder) of articles into a DataFrame.

    Parameters
    ----------
    path : str or path-like
        A ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``, ``.json`` or
        ``.parquet`` file (text formats may be ``.gz``, ``.bz2`` or ``.xz``
        compressed), or a folder of ``.txt``/``.html`` files.
    text : str, default "text"
        The column with the article text; it must exist. For a folder, the
        name of the column the texts go into.
    format : {"csv", "tsv", "jsonl", "json", "parquet", "folder"}, optional
        Overrides the format the extension implies.
    chunksize : int, optional
        Return an iterator of DataFrames of at most this many rows instead of
        one DataFrame; the file is streamed, so memory does not grow with it.
        The chunks have the same columns and dtypes and a running RangeIndex
        (row numbers in the file); there is always at least one chunk.
    encoding : str, optional
        Decode text files strictly with this encoding instead of detecting
        UTF-8 / Windows-1252 / Latin-1 line by line.
    skip_bad_lines : bool, default False
        Keep a malformed JSON line or a CSV row with the wrong number of
        fields as a row (never dropped) with the reason in an ``error``
        column, instead of raising. With it, the ``error`` column is always
        there (``None`` for good rows); :func:`sundtext.tag_frame` leaves the
        rows it names untagged.

    Returns
    -------
    pandas.DataFrame or iterator of pandas.DataFrame
        CSV/TSV cells are strings exactly as in the file (an empty cell is
        missing); JSON values keep their type; a folder gives the columns
        ``id`` (the path relative to the folder) and ``text`` (HTML turned
        into the article's text with :func:`sundtext.clean_html`).

    Raises
    ------
    SundtextValueError
        If the file is empty, malformed (the message names the line), has no
        ``text`` column (the message lists the columns), or the format is
        unknown.
    FileNotFoundError
        If ``path`` does not exist.
    ImportError
        For Parquet without pyarrow (``pip install 'sundtext[parquet]'``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "articles.jsonl"
    >>> _ = path.write_text('{"id": 1, "text": "Ventetiden stiger."}\\n{"id": 2, "text": "Nyt sygehus."}\\n')
    >>> read_articles(path)
       id                text
    0   1  Ventetiden stiger.
    1   2        Nyt sygehus.
    >>> [len(chunk) for chunk in read_articles(path, chunksize=1)]
    [1, 1]
    """
    path = Path(path)
    fmt = _read_format(path, format)
    if chunksize is not None and (
        isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1
    ):
        raise SundtextValueError(f"chunksize (--chunk-size) must be an int >= 1, got {chunksize!r}")
    if not path.exists():
        raise FileNotFoundError(f"input {str(path)!r} does not exist")
    if fmt == "folder" and not path.is_dir():
        raise SundtextValueError(
            f"{str(path)!r} is not a folder; pass format= (--input-format) for a file"
        )
    if fmt != "folder" and path.is_dir():
        raise SundtextValueError(
            f"{str(path)!r} is a folder; pass format='folder' (--input-format folder) to read its .txt/.html files"
        )
    chunks = _chunks(path, fmt, chunksize, text, encoding, skip_bad_lines)
    first = next(chunks)  # reads the header now, so errors surface at the call
    if chunksize is None:
        chunks.close()  # the one chunk is the whole file; close it now
        return first
    return _chain(first, chunks)


def _chain(first: pd.DataFrame, rest: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    yield first
    yield from rest


def _read_format(path: Path, format: str | None) -> str:
    if format is not None:
        fmt = format.lower().lstrip(".")
        fmt = {"ndjson": "jsonl", "jsonlines": "jsonl", "pq": "parquet"}.get(fmt, fmt)
        if fmt not in READ_FORMATS:
            raise SundtextValueError(
                f"format must be one of {', '.join(READ_FORMATS)}, got {format!r}"
            )
        return fmt
    if path.is_dir():
        return "folder"
    return _format_of(path, READ_FORMATS)


def _format_of(path: Path, allowed: tuple[str, ...]) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in _COMPRESSION:
        suffixes.pop()
    fmt = _EXTENSIONS.get(suffixes[-1]) if suffixes else None
    if fmt is None or fmt not in allowed:
        known = ", ".join(sorted(e for e, f in _EXTENSIONS.items() if f in allowed))
        raise SundtextValueError(
            f"cannot tell the format of {str(path)!r} from its extension; use one of "
            f"{known} or pass format= (--input-format/--format; one of {', '.join(allowed)})"
        )
    return fmt


def _chunks(
    path: Path,
    fmt: str,
    size: int | None,
    text: str,
    encoding: str | None,
    skip_bad_lines: bool,
) -> Generator[pd.DataFrame, None, None]:
    if fmt in ("csv", "tsv"):
        reader: Iterator[pd.DataFrame] = _read_delimited(
            path, "," if fmt == "csv" else "\t", size, encoding, skip_bad_lines
        )
    elif fmt == "jsonl":
        reader = _read_jsonl(path, size, encoding, skip_bad_lines)
    elif fmt == "json":
        reader = _read_json(path, size, encoding, skip_bad_lines)
    elif fmt == "parquet":
        reader = _read_parquet(path, size)
    else:
        reader = _read_folder(path, size, text, encoding)
    source = str(path.resolve())
    for n, chunk in enumerate(reader):
        if n == 0:
            _check_text_column(path, chunk, text)
        chunk.attrs[_SOURCE_ATTR] = source
        yield chunk


def _check_text_column(path: Path, df: pd.DataFrame, text: str) -> None:
    if text in df.columns:
        return
    columns = [c for c in df.columns if c != "error"]
    listed = ", ".join(repr(c) for c in columns) or "(none)"
    raise SundtextValueError(
        f"{str(path)!r} has no column {text!r}; its columns are {listed}. "
        "Name the text column with text=... (--text-column on the command line)"
    )


# ------------------------------------------------------------ decoding lines


class _Decoder:
    """Turns the lines of a text file into ``str``, whatever the encoding.

    UTF-8 first (a BOM is dropped); a line that is not UTF-8 is decoded as
    Windows-1252, or as Latin-1 where Windows-1252 has no character. Lines are
    split on ``\\n`` only, their endings kept, and NUL characters removed.
    """

    def __init__(self, path: Path, encoding: str | None, *, quiet: bool = False) -> None:
        self.path = path
        self.encoding = encoding
        self.quiet = quiet
        self.fallback_lines = 0
        self.first_fallback = 0
        self.nuls = 0

    def lines(self, raw: IO[bytes]) -> Iterator[str]:
        head = raw.read(4)
        if self.encoding is None and head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            stream = _io.TextIOWrapper(
                _io.BufferedReader(_Prepend(head, raw)), encoding="utf-16", newline=""
            )
            for line in stream:
                yield self._strip_nul(line)
            return
        if self.encoding is None and head[:3] == b"\xef\xbb\xbf":
            head = head[3:]
        pending = head
        lineno = 0
        for chunk in iter(lambda: raw.read(1 << 20), b""):
            pending += chunk
            parts = pending.split(b"\n")
            pending = parts.pop()
            for part in parts:
                lineno += 1
                yield self._decode(part + b"\n", lineno)
        if pending:
            yield self._decode(pending, lineno + 1)
        self.report()

    def _decode(self, data: bytes, lineno: int) -> str:
        if self.encoding is not None:
            try:
                line = data.decode(self.encoding)
            except (UnicodeDecodeError, LookupError) as exc:
                raise SundtextValueError(
                    f"{str(self.path)!r}, line {lineno}: cannot decode as "
                    f"{self.encoding!r} ({exc}); leave the encoding out to detect it"
                ) from exc
            return self._strip_nul(line)
        try:
            line = data.decode("utf-8")
        except UnicodeDecodeError:
            if not self.fallback_lines:
                self.first_fallback = lineno
            self.fallback_lines += 1
            try:
                line = data.decode("cp1252")
            except UnicodeDecodeError:
                line = data.decode("latin-1")
        return self._strip_nul(line)

    def _strip_nul(self, line: str) -> str:
        if "\x00" in line:
            self.nuls += line.count("\x00")
            line = line.replace("\x00", "")
        return line

    def report(self) -> None:
        if self.quiet:
            return
        if self.fallback_lines:
            logger.warning(
                "%s: %d line(s) were not UTF-8 (the first is line %d) and were read as "
                "Windows-1252/Latin-1",
                self.path,
                self.fallback_lines,
                self.first_fallback,
            )
        if self.nuls:
            logger.warning("%s: removed %d NUL character(s)", self.path, self.nuls)


class _Prepend(_io.RawIOBase):
    """A raw stream that gives ``head`` and then the rest of ``raw``."""

    def __init__(self, head: bytes, raw: IO[bytes]) -> None:
        self._head = head
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _decode_whole(data: bytes, path: Path, encoding: str | None) -> str:
    """Decode a whole small file: UTF-8 (with or without BOM), else cp1252/Latin-1."""
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise SundtextValueError(
                f"{str(path)!r}: cannot decode as {encoding!r} ({exc}); leave the encoding "
                "out to detect it"
            ) from exc
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            logger.warning("%s is not UTF-8; read as Windows-1252/Latin-1", path)
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    if "\x00" in text:
        logger.warning("%s: removed %d NUL character(s)", path, text.count("\x00"))
        text = text.replace("\x00", "")
    return text


def _open_binary(path: Path) -> IO[bytes]:
    opener = _COMPRESSION.get(path.suffix.lower())
    if opener is not None:
        handle: IO[bytes] = opener(path, "rb")
        return handle
    return path.open("rb")


def _excerpt(line: str) -> str:
    line = line.strip()
    return repr(line if len(line) <= _EXCERPT else line[: _EXCERPT - 3] + "...")


# ------------------------------------------------------------ CSV and TSV


def _read_delimited(
    path: Path, delimiter: str, size: int | None, encoding: str | None, skip: bool
) -> Iterator[pd.DataFrame]:
    # A 20 MB article is one 20 MB field; the csv module's default limit is 128 KiB.
    # Raising the limit (process-wide) is harmless: it only stops oversized fields.
    if csv.field_size_limit() < 2**31 - 1:
        csv.field_size_limit(2**31 - 1)
    if delimiter == ",":
        delimiter = _sniff_delimiter(path)
    with _open_binary(path) as raw:
        decoder = _Decoder(path, encoding)
        reader = csv.reader(decoder.lines(raw), delimiter=delimiter)
        header: list[str] | None = None
        try:
            for header in reader:
                if any(cell.strip() for cell in header):
                    break
            else:
                header = None
        except csv.Error as exc:
            raise SundtextValueError(f"{str(path)!r}, line {reader.line_num}: {exc}") from exc
        if not header:
            raise SundtextValueError(f"{str(path)!r} is empty: no header and no articles to read")
        if skip and "error" in header:
            raise SundtextValueError(
                f"{str(path)!r} has a column 'error', which skip_bad_lines=True uses to mark "
                "bad rows; rename that column"
            )
        n_fields = len(header)
        rows: list[list[str | None]] = []
        errors: list[str | None] = []
        offset = 0
        while True:
            start = reader.line_num + 1
            try:
                row: list[str | None] | None = next(reader, None)  # type: ignore[arg-type, assignment]
            except csv.Error as exc:
                raise SundtextValueError(f"{str(path)!r}, line {start}: {exc}") from exc
            if row is None:
                break
            if not row:  # a blank line is no row
                continue
            problem = None
            if len(row) != n_fields:
                problem = f"line {start}: expected {n_fields} fields, got {len(row)}"
                if not skip:
                    raise SundtextValueError(
                        f"{str(path)!r}, {problem}. Quote fields that contain {delimiter!r}, "
                        "quotes or line breaks, or pass skip_bad_lines=True (--skip-bad-lines) "
                        "to keep the row marked in 'error'"
                    )
                if len(row) > n_fields:  # keep every field: the extra ones join the last
                    row = [*row[: n_fields - 1], delimiter.join(map(str, row[n_fields - 1 :]))]
                else:
                    row = row + [None] * (n_fields - len(row))
                problem += " (row kept, not tagged)"
            rows.append(row)
            errors.append(problem)
            if size is not None and len(rows) >= size:
                yield _table_from_rows(header, rows, errors if skip else None, offset)
                offset += len(rows)
                rows, errors = [], []
        if rows or offset == 0:
            yield _table_from_rows(header, rows, errors if skip else None, offset)


def _json_problem(exc: json.JSONDecodeError) -> str:
    """``json``'s message made readable: "Invalid control character at" + where."""
    msg = exc.msg.removesuffix(" at")
    hint = ""
    if msg.startswith("Invalid control character"):
        hint = "; a raw line break or tab inside a string must be written \\n or \\t"
    return f"{msg} at column {exc.colno}{hint}"


def _sniff_delimiter(path: Path) -> str:
    """``;`` for a CSV whose header line is split by semicolons (Excel in a Danish locale)."""
    with _open_binary(path) as raw:
        head = raw.read(65536).decode("utf-8", errors="replace").lstrip("\ufeff\r\n")
    line = head.split("\n", 1)[0]
    unquoted = re.sub(r'"[^"]*"', "", line)
    if unquoted.count(";") > unquoted.count(","):
        logger.info("%s: the header is separated by ';', reading it as such", path)
        return ";"
    return ","


def _table_from_rows(
    header: list[str],
    rows: list[list[str | None]],
    errors: list[str | None] | None,
    offset: int,
) -> pd.DataFrame:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    data = {
        j: pd.Series([v if v != "" else None for v in values], dtype="str")
        for j, values in enumerate(columns)
    }
    df: pd.DataFrame = pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
    df.index = pd.RangeIndex(offset, offset + len(rows))
    df.columns = pd.Index(header)
    if errors is not None:
        df["error"] = pd.Series(errors, dtype=object, index=df.index)
        df.attrs[READ_ERRORS] = True
    return df


# ------------------------------------------------------------ JSON Lines and JSON


class _Kinds:
    """Per key, which kinds of JSON value were seen, to give every chunk one dtype."""

    def __init__(self) -> None:
        self.keys: dict[str, set[str]] = {}
        self.counts: Counter[str] = Counter()
        self.records = 0

    def add(self, record: dict[str, Any]) -> None:
        self.records += 1
        self.counts.update(record.keys())
        for key, value in record.items():
            self.keys.setdefault(key, set()).add(_kind(value))

    def dtypes(self) -> dict[str, str]:
        """Per key, in first-seen order, the dtype that holds all its values unchanged."""
        return {
            key: _dtype_for(kinds, missing_key=self.counts[key] < self.records)
            for key, kinds in self.keys.items()
        }


def _kind(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int" if -(2**63) <= value < 2**63 else "other"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return "other"


def _dtype_for(kinds: set[str], *, missing_key: bool) -> str:
    """The dtype that holds these kinds of JSON value without changing any."""
    none = "none" in kinds or missing_key
    kinds = kinds - {"none"}
    if not kinds or kinds == {"str"}:
        return "str"
    if kinds == {"int"}:
        return "Int64" if none else "int64"
    if kinds <= {"int", "float"}:
        return "float64"
    if kinds == {"bool"}:
        return "boolean" if none else "bool"
    return "object"


def _read_jsonl(
    path: Path, size: int | None, encoding: str | None, skip: bool
) -> Iterator[pd.DataFrame]:
    dtypes: dict[str, str] | None = None
    if size is not None:  # one pass over the keys, so every chunk has the same columns
        kinds = _Kinds()
        with _open_binary(path) as raw:
            decoder = _Decoder(path, encoding)
            for line in decoder.lines(raw):
                if line.strip():
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError:
                        continue
                    if isinstance(record, dict):
                        kinds.add(record)
        dtypes = kinds.dtypes()
    with _open_binary(path) as raw:
        decoder = _Decoder(path, encoding, quiet=size is not None)  # the first pass reported
        records: list[dict[str, Any]] = []
        errors: list[str | None] = []
        offset = 0
        seen_any = False
        for lineno, line in enumerate(decoder.lines(raw), 1):
            if not line.strip():
                continue
            seen_any = True
            problem = None
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                problem = f"line {lineno}: not valid JSON ({_json_problem(exc)})"
            else:
                if not isinstance(record, dict):
                    problem = (
                        f"line {lineno}: expected a JSON object {{...}}, "
                        f"got {type(record).__name__}"
                    )
            if problem is not None:
                if not skip:
                    raise SundtextValueError(
                        f"{str(path)!r}, {problem}: {_excerpt(line)}. Fix the line, or pass "
                        "skip_bad_lines=True (--skip-bad-lines) to keep it as a row marked in 'error'"
                    )
                record = {}
                problem += f" (row kept, not tagged): {_excerpt(line)}"
            records.append(record)
            errors.append(problem)
            if size is not None and len(records) >= size:
                yield _table_from_records(records, dtypes, errors if skip else None, offset)
                offset += len(records)
                records, errors = [], []
        if not seen_any:
            raise SundtextValueError(f"{str(path)!r} is empty: it has no JSON lines")
        if records or offset == 0:
            yield _table_from_records(records, dtypes, errors if skip else None, offset)


def _read_json(
    path: Path, size: int | None, encoding: str | None, skip: bool
) -> Iterator[pd.DataFrame]:
    with _open_binary(path) as raw:
        content = _decode_whole(raw.read(), path, encoding)
    if not content.strip():
        raise SundtextValueError(f"{str(path)!r} is empty: no JSON and no articles")
    try:
        items = json.loads(content)
    except json.JSONDecodeError as exc:
        raise SundtextValueError(
            f"{str(path)!r}, line {exc.lineno}: not valid JSON ({_json_problem(exc)})"
        ) from exc
    if not isinstance(items, list):
        raise SundtextValueError(
            f"{str(path)!r} must hold a JSON array of objects ([{{...}}, ...]), got a "
            f"{type(items).__name__}; for one object per line, name the file .jsonl"
        )
    if not items:
        raise SundtextValueError(f"{str(path)!r} is empty: the JSON array has no articles")
    records: list[dict[str, Any]] = []
    errors: list[str | None] = []
    for n, item in enumerate(items):
        if isinstance(item, dict):
            records.append(item)
            errors.append(None)
            continue
        problem = f"item {n}: expected a JSON object {{...}}, got {type(item).__name__}"
        if not skip:
            raise SundtextValueError(f"{str(path)!r}, {problem}")
        records.append({})
        errors.append(problem + " (row kept, not tagged)")
    kinds = _Kinds()
    for record in records:
        kinds.add(record)
    dtypes = kinds.dtypes()
    step = size or len(records)
    for start in range(0, len(records), step):
        yield _table_from_records(
            records[start : start + step],
            dtypes,
            errors[start : start + step] if skip else None,
            start,
        )


def _table_from_records(
    records: list[dict[str, Any]],
    dtypes: dict[str, str] | None,
    errors: list[str | None] | None,
    offset: int,
) -> pd.DataFrame:
    if dtypes is None:
        kinds = _Kinds()
        for record in records:
            kinds.add(record)
        dtypes = kinds.dtypes()
    data: dict[str, pd.Series] = {}
    for key, dtype in dtypes.items():
        data[key] = _series([r.get(key) for r in records], dtype)
    df: pd.DataFrame = pd.DataFrame(data, index=pd.RangeIndex(len(records)))
    df.index = pd.RangeIndex(offset, offset + len(records))
    if errors is not None:
        if "error" in df.columns:
            raise SundtextValueError(
                "the records have a key 'error', which skip_bad_lines=True uses to mark bad "
                "lines; rename that key"
            )
        df["error"] = pd.Series(errors, dtype=object, index=df.index)
        df.attrs[READ_ERRORS] = True
    return df


def _series(values: list[Any], dtype: str) -> pd.Series:
    try:
        return pd.Series(values, dtype=dtype)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError, OverflowError):
        fallback: pd.Series = pd.Series(values, dtype=object)
        return fallback


# ------------------------------------------------------------ Parquet and folders


def _pyarrow() -> tuple[Any, Any]:
    """``pyarrow`` and ``pyarrow.parquet``, or a clear ImportError."""
    import importlib

    try:
        pa = importlib.import_module("pyarrow")
        pq = importlib.import_module("pyarrow.parquet")
    except ImportError as exc:
        raise ImportError(
            f"reading and writing Parquet needs pyarrow, which is not installed: {_PARQUET_HINT}"
        ) from exc
    return pa, pq


def _read_parquet(path: Path, size: int | None) -> Iterator[pd.DataFrame]:
    pa, pq = _pyarrow()
    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise SundtextValueError(f"{str(path)!r} is not a readable Parquet file: {exc}") from exc
    if size is None:
        yield pf.read().to_pandas()
        return
    offset = 0
    for batch in pf.iter_batches(batch_size=size):
        df = pa.Table.from_batches([batch]).to_pandas()
        if isinstance(df.index, pd.RangeIndex):
            df.index = pd.RangeIndex(offset, offset + len(df))
        offset += len(df)
        yield df
    if offset == 0:
        yield pf.schema_arrow.empty_table().to_pandas()


def _article_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in _ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _read_folder(
    folder: Path, size: int | None, text: str, encoding: str | None
) -> Iterator[pd.DataFrame]:
    files = _article_files(folder)
    if not files:
        raise SundtextValueError(
            f"the folder {str(folder)!r} has no {', '.join(_ARTICLE_SUFFIXES)} files to read"
        )
    step = size or len(files)
    for start in range(0, len(files), step):
        ids: list[str] = []
        texts: list[str] = []
        for file in files[start : start + step]:
            content = _decode_whole(file.read_bytes(), file, encoding)
            if file.suffix.lower() in (".html", ".htm"):
                from sundtext.clean import clean_html

                content = clean_html(content)
            ids.append(file.relative_to(folder).as_posix())
            texts.append(content)
        df = pd.DataFrame({"id": pd.Series(ids, dtype="str"), text: pd.Series(texts, dtype="str")})
        df.index = pd.RangeIndex(start, start + len(ids))
        yield df


def _count_rows(path: Path, fmt: str) -> int | None:
    """The number of articles, where that is cheap to know (for a progress bar)."""
    if fmt == "parquet":
        _, pq = _pyarrow()
        return int(pq.ParquetFile(path).metadata.num_rows)
    if fmt == "folder":
        return len(_article_files(path))
    if fmt == "jsonl":  # one article a line; a fast count of the lines that are not blank
        with _open_binary(path) as raw:
            return sum(1 for line in raw if line.strip())
    return None


# =================================================================== writing


def write_articles(
    data: pd.DataFrame | Iterable[pd.DataFrame],
    path: PathLike,
    *,
    format: str | None = None,
    index: bool | None = None,
) -> Path:
    """Write a DataFrame, or an iterable of DataFrame chunks, to a file, atomically.

    The file is written under a temporary name in the same folder and renamed
    into place only when complete, so a reader never sees half a file and a
    failure leaves any earlier file intact. Chunks are written as they come,
    so memory does not grow with the data.

    Parameters
    ----------
    data : DataFrame or iterable of DataFrame
        The rows; every chunk must have the same columns.
    path : str or path-like
        ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson`` (optionally ``.gz``, ``.bz2``,
        ``.xz``) or ``.parquet``. Its folder must exist.
    format : {"csv", "tsv", "jsonl", "parquet"}, optional
        Overrides the format the extension implies.
    index : bool, optional
        Write the index as leading column(s). By default it is written when it
        is not a plain RangeIndex (row numbers).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    SundtextValueError
        If the folder does not exist, ``path`` is the file the data was read
        from (see :func:`read_articles`), the chunks' columns differ, or the
        format is unknown.
    ImportError
        For Parquet without pyarrow (``pip install 'sundtext[parquet]'``).

    Notes
    -----
    In CSV and TSV, lists and dicts (such as the ``themes`` column) are
    written as JSON (``["ai", "workforce"]``) and missing values as empty
    cells. In JSON Lines, missing values are ``null``. In Parquet, lists are
    list columns.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "tagged.csv"
    >>> df = pd.DataFrame({"id": [1, 2], "themes": [["ai"], []]})
    >>> _ = write_articles(df, out)
    >>> print(out.read_text(encoding="utf-8"), end="")
    id,themes
    1,"[""ai""]"
    2,[]
    """
    path = Path(path)
    fmt = _write_format(path, format)
    _check_writable(path)
    chunks = iter([data]) if isinstance(data, pd.DataFrame) else iter(data)
    first = next(chunks, None)
    if first is None:
        raise SundtextValueError("no data to write: the iterable of chunks is empty")
    _check_not_source(path, first)
    with _atomic(path) as tmp:
        if isinstance(data, pd.DataFrame):
            _write_one(_prepare(first, index), tmp, fmt, compression=_compression_of(path))
        else:
            with _Parts(tmp.parent / (tmp.name + ".parts"), fmt) as parts:
                parts.write(0, _prepare(first, index))
                for n, chunk in enumerate(chunks, 1):
                    _check_not_source(path, chunk)
                    parts.write(n, _prepare(chunk, index))
                parts.assemble(tmp, compression=_compression_of(path))
    return path


def _write_format(path: Path, format: str | None) -> str:
    if format is None:
        return _format_of(path, WRITE_FORMATS)
    fmt = format.lower().lstrip(".")
    fmt = {"ndjson": "jsonl", "jsonlines": "jsonl", "pq": "parquet"}.get(fmt, fmt)
    if fmt not in WRITE_FORMATS:
        raise SundtextValueError(
            f"format must be one of {', '.join(WRITE_FORMATS)} for writing, got {format!r}"
        )
    return fmt


def _compression_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return suffix if suffix in _COMPRESSION else None


def _check_writable(path: Path) -> None:
    parent = path.parent
    if not parent.is_dir():
        raise SundtextValueError(
            f"cannot write {str(path)!r}: the folder {str(parent)!r} does not exist; "
            f"create it first (mkdir -p {parent})"
        )
    if path.is_dir():
        raise SundtextValueError(f"cannot write {str(path)!r}: it is a folder")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def _check_not_source(path: Path, df: pd.DataFrame) -> None:
    source = df.attrs.get(_SOURCE_ATTR)
    if source and path.exists() and _same_file(path, Path(source)):
        raise SundtextValueError(
            f"refusing to overwrite the input {str(path)!r} with the output; write to another file"
        )


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it when the block succeeds."""
    # Not tempfile.mkstemp: its files are private (0600); this one gets the umask's mode.
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:
            continue
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _prepare(df: pd.DataFrame, index: bool | None) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise SundtextValueError(
            f"write_articles needs a DataFrame or DataFrame chunks, got {type(df).__name__}"
        )
    if index is None:
        index = not isinstance(df.index, pd.RangeIndex)
    return df.reset_index() if index else df


def _open_text_write(path: Path, compression: str | None, mode: str = "w") -> IO[str]:
    if compression is not None:
        handle: IO[str] = _COMPRESSION[compression](path, mode + "t", encoding="utf-8", newline="")
        return handle
    return path.open(mode, encoding="utf-8", newline="")


def _write_one(
    df: pd.DataFrame,
    path: Path,
    fmt: str,
    *,
    header: bool = True,
    compression: str | None = None,
) -> None:
    """Write one frame to ``path`` (no atomicity: the caller gives a temporary path)."""
    if fmt == "parquet":
        _, pq = _pyarrow()
        pq.write_table(_to_arrow(df), path)
        return
    with _open_text_write(path, compression) as out:
        if fmt == "jsonl":
            _write_jsonl(df, out)
        else:
            _write_delimited(df, out, "," if fmt == "csv" else "\t", header=header)


def _write_delimited(df: pd.DataFrame, out: IO[str], sep: str, *, header: bool) -> None:
    df.pipe(_json_cells).to_csv(out, sep=sep, index=False, header=header, lineterminator="\n")


def _json_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Lists, tuples, dicts and arrays in object columns become JSON strings."""
    changed: dict[int, pd.Series] = {}
    for j, dtype in enumerate(df.dtypes):
        if not _is_object(dtype):
            continue
        col = df.iloc[:, j]
        if any(isinstance(v, (list, tuple, dict, np.ndarray)) for v in col):
            changed[j] = col.map(
                lambda v: (
                    json.dumps(v, ensure_ascii=False, default=_json_default)
                    if isinstance(v, (list, tuple, dict, np.ndarray))
                    else v
                )
            )
    if not changed:
        return df
    df = df.copy(deep=False)
    for j, col in changed.items():
        df.isetitem(j, col.to_numpy(dtype=object))
    return df


def _is_object(dtype: Any) -> bool:
    return isinstance(dtype, np.dtype) and dtype.kind == "O"


def _write_jsonl(df: pd.DataFrame, out: IO[str]) -> None:
    names = [str(c) for c in df.columns]
    for values in df.itertuples(index=False, name=None):
        record = {name: _json_value(v) for name, v in zip(names, values, strict=True)}
        out.write(json.dumps(record, ensure_ascii=False, default=_json_default))
        out.write("\n")


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        item = value.item()
        return None if isinstance(item, float) and math.isnan(item) else item
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return [_json_value(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def _to_arrow(df: pd.DataFrame) -> Any:
    """``df`` as a pyarrow Table; a column of mixed scalars is written as strings."""
    pa, _ = _pyarrow()
    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        pass
    fixed = df.copy(deep=False)
    for j, dtype in enumerate(df.dtypes):
        if not _is_object(dtype):
            continue
        col = df.iloc[:, j]
        try:
            pa.array(col, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            logger.warning(
                "column %r mixes types Parquet cannot hold in one column; written as text",
                df.columns[j],
            )
            fixed.isetitem(j, col.map(_as_text).to_numpy(dtype=object))
    return pa.Table.from_pandas(fixed, preserve_index=False)


def _as_text(value: Any) -> str | None:
    value = _json_value(value)
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=_json_default)


class _Parts:
    """Chunks written as numbered part files in a folder, then joined into one file.

    A part is written under a temporary name and renamed, so a part that exists
    is complete. Parquet parts may differ in types (a column that is all
    missing in one chunk); joining unifies their schemas.
    """

    def __init__(self, folder: Path, fmt: str, *, prefix: str = "part", keep: bool = False) -> None:
        self.folder = folder
        self.fmt = fmt
        self.prefix = prefix
        self.keep = keep
        self.ext = ".csv" if fmt == "csv" else ".tsv" if fmt == "tsv" else f".{fmt}"

    def __enter__(self) -> _Parts:
        self.folder.mkdir(exist_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)

    def path(self, n: int) -> Path:
        return self.folder / f"{self.prefix}-{n:06d}{self.ext}"

    @property
    def header_path(self) -> Path:
        return self.folder / f"{self.prefix}-header{self.ext}"

    def write(self, n: int, df: pd.DataFrame) -> None:
        """Write part ``n``; the header of a CSV/TSV is kept apart, from part 0."""
        if n == 0 and self.fmt in ("csv", "tsv"):
            with _atomic(self.header_path) as tmp:
                _write_one(df.iloc[:0], tmp, self.fmt, header=True)
        elif self.fmt in ("csv", "tsv") and self.header_path.exists():
            expected = self.header_path.read_text(encoding="utf-8")
            with _io.StringIO() as got:
                _write_delimited(df.iloc[:0], got, "," if self.fmt == "csv" else "\t", header=True)
                if got.getvalue() != expected:
                    raise SundtextValueError(
                        f"chunk {n} has other columns than the first chunk: {list(df.columns)!r}"
                    )
        with _atomic(self.path(n)) as tmp:
            _write_one(df, tmp, self.fmt, header=False)

    def count(self) -> int:
        n = 0
        while self.path(n).exists():
            n += 1
        return n

    def assemble(self, dest: Path, *, compression: str | None = None) -> None:
        """Join parts ``0..count()-1`` into ``dest`` (the caller makes it atomic)."""
        n = self.count()
        if self.fmt == "parquet":
            self._assemble_parquet(dest, n)
            return
        parts = ([self.header_path] if self.fmt in ("csv", "tsv") else []) + [
            self.path(k) for k in range(n)
        ]
        opener = _COMPRESSION[compression] if compression else open
        with opener(dest, "wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)

    def _assemble_parquet(self, dest: Path, n: int) -> None:
        pa, pq = _pyarrow()
        files = [self.path(k) for k in range(n)]
        schemas = [pq.read_schema(f) for f in files]
        try:
            schema = pa.unify_schemas(schemas, promote_options="permissive")
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise SundtextValueError(
                f"the chunks have columns of types that do not fit one Parquet schema: {exc}"
            ) from exc
        schema = pa.schema(
            [f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in schema],
            metadata=schemas[0].metadata,
        )
        with pq.ParquetWriter(dest, schema) as writer:
            for f in files:
                for batch in pq.ParquetFile(f).iter_batches():
                    table = pa.Table.from_batches([batch]).select(schema.names)
                    try:
                        writer.write_table(table.cast(schema))
                    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
                        raise SundtextValueError(
                            f"a chunk does not fit the Parquet schema of the others: {exc}"
                        ) from exc


# =================================================================== tag a file


@dataclass
class TagSummary:
    """What :func:`tag_file` did.

    Attributes
    ----------
    articles : int
        Rows in the output (every input row, once).
    errors : int
        Rows that could not be tagged (see their ``error``).
    themes : collections.Counter
        How many articles were tagged with each theme.
    mentions : int
        Rows in the evidence table.
    resumed : int
        Rows that an earlier, interrupted run had already done.
    seconds : float
        Wall time of this run.
    output, evidence : pathlib.Path or None
        The files written.
    """

    articles: int = 0
    errors: int = 0
    themes: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    resumed: int = 0
    seconds: float = 0.0
    output: Path | None = None
    evidence: Path | None = None


def tag_file(
    input: PathLike,
    output: PathLike,
    *,
    text: str = "text",
    title: str | None = None,
    id: str | None = None,
    taxonomy: TaxonomyLike = None,
    threshold: float | None = None,
    n_jobs: int = 1,
    input_format: str | None = None,
    format: str | None = None,
    evidence: PathLike | None = None,
    resume: bool = False,
    skip_bad_lines: bool = False,
    clean: bool = True,
    encoding: str | None = None,
    chunksize: int = 500,
    progress: bool = False,
    prefix: str = "",
    model: Tagger | None = None,
) -> TagSummary:
    """Tag every article of a file into a new file, in chunks, resumably.

    The output has exactly the input's rows, in the input's order, with every
    input column unchanged and the columns of :func:`sundtext.tag_frame`
    appended. Memory depends on ``chunksize``, not on the size of the file.

    Chunks are written to ``<output>.partial/`` as they are done, with the
    progress in ``state.json``; at the end they are joined into ``output``
    (atomically) and the folder is removed. If the run is killed, run again
    with ``resume=True``: the chunks that are done are not tagged again, and
    the output has every row exactly once.

    Parameters
    ----------
    input, output : str or path-like
        Files (or an input folder) as for :func:`read_articles` and
        :func:`write_articles`. ``output`` may not be ``input``.
    text, title, id : str, optional
        Columns: the text (required), a separate headline, and the article id
        for the evidence table (default: ``id`` if there is such a column,
        else the row number, as ``row``).
    taxonomy, threshold, n_jobs, model
        As for :func:`sundtext.tag_frame`; results do not depend on ``n_jobs``.
        With a model, ``needs_review`` and ``in_doubt`` columns are added.
    input_format, format : str, optional
        Override the formats the extensions imply.
    evidence : str or path-like, optional
        Also write the evidence: one row per mention (see
        ``df.sundtext.mentions``), with the article id first.
    resume : bool, default False
        Continue the interrupted run in ``<output>.partial/``. It must have
        been started with the same input and options.
    skip_bad_lines : bool, default False
        See :func:`read_articles`.
    clean : bool, default True
        Clean each text with :func:`sundtext.clean` before tagging (mojibake,
        control characters, HTML). The output keeps the text as it was; the
        evidence offsets refer to the cleaned text.
    encoding : str, optional
        See :func:`read_articles`.
    chunksize : int, default 500
        Rows read, tagged and written at a time.
    progress : bool, default False
        Show a progress bar with articles per second on stderr.
    prefix : str, default ""
        Put before the names of the appended columns (see :func:`sundtext.tag_frame`).

    Returns
    -------
    TagSummary

    Raises
    ------
    SundtextValueError
        For a bad input (see :func:`read_articles`), an output that is the
        input or in a missing folder, an interrupted run that is in the way
        (without ``resume``) or that was started with other options.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sundtext.taxonomy import load_taxonomy
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.csv").write_text(
    ...     "id,text\\n7,Ambulancerne og akutmodtagelsen på sygehuset.\\n8,Cykelsti.\\n",
    ...     encoding="utf-8")
    >>> tax = load_taxonomy("data/custom_taxonomy.toml")
    >>> summary = tag_file(folder / "in.csv", folder / "out.csv", taxonomy=tax)
    >>> summary.articles, summary.errors, dict(summary.themes)
    (2, 0, {'emergency': 1})
    >>> read_articles(folder / "out.csv")[["id", "themes", "groups", "error"]]
      id         themes    groups error
    0  7  ["emergency"]  ["akut"]   NaN
    1  8             []        []   NaN
    """
    started = time.perf_counter()
    src, dst = Path(input), Path(output)
    ev = Path(evidence) if evidence is not None else None
    in_fmt = _read_format(src, input_format)
    out_fmt = _write_format(dst, format)
    ev_fmt = _write_format(ev, None) if ev is not None else None
    if not src.exists():
        raise FileNotFoundError(f"input {str(src)!r} does not exist")
    if "parquet" in (in_fmt, out_fmt, ev_fmt):
        _pyarrow()  # fail before any work, not after the first chunk
    for target, what in ((dst, "output"), (ev, "evidence")):
        if target is None:
            continue
        _check_writable(target)
        if _same_file(target, src) or (
            src.is_dir() and target.resolve().is_relative_to(src.resolve())
        ):
            raise SundtextValueError(
                f"refusing to write the {what} to the input {str(src)!r}; choose another file"
            )
    if ev is not None and _same_file(ev, dst):
        raise SundtextValueError("the evidence file must not be the output file")
    tax = as_taxonomy(taxonomy)
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise SundtextValueError(f"chunksize (--chunk-size) must be an int >= 1, got {chunksize!r}")
    # bad settings fail now, not after the input has been read
    _Tagger(tax, threshold)
    _resolve_jobs(n_jobs)
    if model is not None:
        _check_model(model, taxonomy, threshold)

    settings = {
        "input": str(src.resolve()),
        "input_format": in_fmt,
        "input_stamp": _stamp(src, in_fmt),
        "format": out_fmt,
        "text": text,
        "title": title,
        "id": id,
        "taxonomy": [tax.source, tax.name, tax.version, len(tax.themes)],
        "threshold": threshold,
        "model": _model_fingerprint(model),
        "prefix": prefix,
        "evidence": str(ev.resolve()) if ev is not None else None,
        "skip_bad_lines": skip_bad_lines,
        "clean": clean,
        "encoding": encoding,
        "chunksize": chunksize,
    }
    partial = dst.with_name(dst.name + ".partial")
    state = _load_state(partial, settings, resume)
    summary = TagSummary(
        articles=state["rows"],
        errors=state["errors"],
        themes=Counter(state["themes"]),
        mentions=state["mentions"],
        resumed=state["rows"],
        output=dst,
        evidence=ev,
    )
    if state["rows"]:
        logger.info("resuming after %d chunk(s), %d row(s)", state["chunks"], state["rows"])

    chunks = read_articles(
        src,
        text=text,
        format=in_fmt,
        chunksize=chunksize,
        encoding=encoding,
        skip_bad_lines=skip_bad_lines,
    )
    out_parts = _Parts(partial, out_fmt, prefix="part", keep=True)
    ev_parts = _Parts(partial, ev_fmt, prefix="evidence", keep=True) if ev_fmt else None
    total = _count_rows(src, in_fmt) if progress else None
    from tqdm.auto import tqdm

    def _batches() -> Iterator[tuple[int, _frame._Batch]]:
        for n, chunk in enumerate(chunks):
            if n == 0:
                _check_columns(src, chunk, title=title, id=id)
            if n >= state["chunks"]:  # the chunks before were done by the interrupted run
                yield n, _frame._Batch.of(chunk, text, title, tax, prefix, model=model)

    try:
        with (
            _frame._Engine(
                tax, threshold, n_jobs=n_jobs, clean=clean, mentions=ev is not None, model=model
            ) as engine,
            tqdm(
                total=total,
                initial=state["rows"],
                unit=" articles",
                desc="tagging",
                disable=not progress,
                dynamic_ncols=True,
            ) as bar,
        ):
            for n, batch, rows in engine.tag_stream(_batches(), bar=bar):
                partial.mkdir(exist_ok=True)
                out_parts.write(n, batch.with_tags(rows))
                if ev_parts is not None:
                    ev_parts.write(n, _evidence_table(batch.df, rows, id))
                summary.articles += len(rows)
                summary.errors += sum(1 for r in rows if r.error is not None)
                summary.mentions += sum(len(r.mentions) for r in rows)
                summary.themes.update(t for r in rows for t in r.themes)
                state.update(
                    chunks=n + 1,
                    rows=summary.articles,
                    errors=summary.errors,
                    mentions=summary.mentions,
                    themes=dict(summary.themes),
                )
                _save_state(partial, state)
    except SundtextValueError:
        # Bad data or options: the input has to change, so there is nothing to resume.
        # (A killed run, an interrupt or a full disk keep the partial run for resume.)
        shutil.rmtree(partial, ignore_errors=True)
        raise
    with _atomic(dst) as tmp:
        out_parts.assemble(tmp, compression=_compression_of(dst))
    if ev is not None and ev_parts is not None:
        with _atomic(ev) as tmp:
            ev_parts.assemble(tmp, compression=_compression_of(ev))
    shutil.rmtree(partial, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _model_fingerprint(model: Tagger | None) -> str | None:
    """Tells one trained model from another, so that --resume does not mix two."""
    if model is None:
        return None
    fingerprint = getattr(model, "_fingerprint", None)
    return f"{type(model).__name__}:{fingerprint() if fingerprint else id(model)}"


def _check_columns(path: Path, df: pd.DataFrame, *, title: str | None, id: str | None) -> None:
    for name, role, flag in ((title, "title", "title"), (id, "id", "id")):
        if name is not None and name not in df.columns:
            listed = ", ".join(repr(c) for c in df.columns if c != "error")
            raise SundtextValueError(
                f"{str(path)!r} has no {role} column {name!r}; its columns are {listed} "
                f"(--{flag}-column on the command line)"
            )


def _evidence_table(chunk: pd.DataFrame, rows: list[Any], id: str | None) -> pd.DataFrame:
    if id is None and "id" in chunk.columns:
        id = "id"
    if id is not None:
        labels: pd.Index | pd.Series = chunk[id].reset_index(drop=True)
        return _frame._mention_table(labels, rows, id)
    return _frame._mention_table(pd.Series(chunk.index, name="row"), rows, "row")


def _stamp(path: Path, fmt: str) -> list[int]:
    """Size and modification time of the input, to tell whether it changed."""
    if fmt == "folder":
        stats = [f.stat() for f in _article_files(path)]
        return [
            len(stats),
            sum(s.st_size for s in stats),
            max((s.st_mtime_ns for s in stats), default=0),
        ]
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


_STATE_VERSION = 1


def _load_state(partial: Path, settings: dict[str, Any], resume: bool) -> dict[str, Any]:
    fresh: dict[str, Any] = {
        "version": _STATE_VERSION,
        "settings": settings,
        "chunks": 0,
        "rows": 0,
        "errors": 0,
        "mentions": 0,
        "themes": {},
    }
    state_file = partial / "state.json"
    if not partial.exists():
        if resume:
            logger.warning("nothing to resume in %s; starting from the beginning", partial)
        return fresh
    if not resume:
        raise SundtextValueError(
            f"{str(partial)!r} holds an interrupted run; resume it (resume=True, --resume) "
            "or delete that folder to start over"
        )
    try:
        state: dict[str, Any] = json.loads(state_file.read_text(encoding="utf-8"))
    except FileNotFoundError:  # killed before the first chunk was done
        return fresh
    except (OSError, ValueError) as exc:
        raise SundtextValueError(
            f"cannot resume: {str(state_file)!r} is unreadable ({exc}); delete "
            f"{str(partial)!r} to start over"
        ) from exc
    old = state.get("settings", {})
    if state.get("version") != _STATE_VERSION or old != json.loads(json.dumps(settings)):
        changed = sorted(k for k in settings.keys() | old.keys() if old.get(k) != settings.get(k))
        raise SundtextValueError(
            f"cannot resume {str(partial)!r}: it was started with other settings or the input "
            f"changed ({', '.join(changed) or 'state version'}); run with the same options, or "
            "delete that folder to start over"
        )
    return state


def _save_state(partial: Path, state: dict[str, Any]) -> None:
    with _atomic(partial / "state.json") as tmp:
        tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
