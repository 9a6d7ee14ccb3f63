"""read_articles / write_articles / tag_file: every format, every kind of bad input."""

from __future__ import annotations

import importlib.util
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sundtext.errors import SundtextValueError
from sundtext.frame import tag_frame
from sundtext.io import read_articles, tag_file, write_articles
from sundtext.taxonomy import Taxonomy

NEEDS_PYARROW = pytest.mark.skipif(
    importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow (the 'parquet' extra)"
)
PARQUET = pytest.param("parquet", marks=NEEDS_PYARROW)
ARTICLE = "Sygehuset mangler sygeplejersker, og rekrutteringen af sundhedspersonale halter."


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def lines(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# ----------------------------------------------------------------- CSV


def test_csv_cells_are_read_as_the_strings_they_are(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('id,text,n\n007,"Hej, verden",1.50\n8,,\n', encoding="utf-8")
    df = read_articles(path)
    assert df["id"].tolist() == ["007", "8"]
    assert df["n"].tolist()[0] == "1.50" and pd.isna(df["n"].iloc[1])
    assert pd.isna(df.loc[1, "text"])


def test_csv_with_an_embedded_newline_in_a_quoted_cell(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        'id,text\n1,"Første afsnit.\n\nAndet afsnit, med komma."\n2,Kort\r\n3,"linje\r\nskift"\n',
        encoding="utf-8",
    )
    df = read_articles(path)
    assert df["text"].tolist() == [
        "Første afsnit.\n\nAndet afsnit, med komma.",
        "Kort",
        "linje\r\nskift",
    ]
    assert df["id"].tolist() == ["1", "2", "3"]


@pytest.mark.parametrize(
    ("row", "got"), [("2,to,for,mange", 4), ("2", 1)], ids=["too-many", "too-few"]
)
def test_a_ragged_csv_row_is_an_error_naming_its_line(tmp_path: Path, row: str, got: int) -> None:
    path = tmp_path / "a.csv"
    # the quoted newline in row 1 makes the ragged row physical line 4
    path.write_text(f'id,text,x\n1,"a\nb",c\n{row}\n3,c,d\n', encoding="utf-8")
    with pytest.raises(SundtextValueError, match=rf"line 4: expected 3 fields, got {got}"):
        read_articles(path)


def test_a_ragged_csv_row_is_kept_and_marked_with_skip_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,text\n1,a\n2,to,mange\n3\n4,d\n", encoding="utf-8")
    df = read_articles(path, skip_bad_lines=True)
    assert df["id"].tolist() == ["1", "2", "3", "4"]
    assert df["text"].tolist()[1] == "to,mange"  # nothing lost
    assert pd.isna(df["text"].iloc[2])
    errors = df["error"].tolist()
    assert errors[0] is None and errors[3] is None
    assert errors[1] == "line 3: expected 2 fields, got 3 (row kept, not tagged)"
    assert errors[2].startswith("line 4: expected 2 fields, got 1")


def test_html_markup_in_a_csv_cell_is_cleaned_for_tagging(
    tmp_path: Path, modes_taxonomy: Taxonomy
) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        'id,text\n1,"<div><p>Sygehuset <b>mangler</b> sygeplejersker.</p><script>x()</script></div>"\n',
        encoding="utf-8",
    )
    df = read_articles(path)
    assert df.loc[0, "text"].startswith("<div>")  # read as it is
    out = tag_frame(df, taxonomy=modes_taxonomy, clean=True)
    assert out.loc[0, "themes"] == ["workforce"]
    ev = df.sundtext.mentions(taxonomy=modes_taxonomy, clean=True)
    assert all("<" not in s for s in ev["sentence"])


def test_a_tsv_file(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("id\ttext\n1\tmed, komma\n", encoding="utf-8")
    assert read_articles(path)["text"].tolist() == ["med, komma"]


# ----------------------------------------------------------------- encodings


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_utf8_bom_is_dropped(tmp_path: Path, fmt: str) -> None:
    body = "id,text\n1,Lægedækning\n" if fmt == "csv" else lines({"id": 1, "text": "Lægedækning"})
    path = write_bytes(tmp_path / f"a.{fmt}", b"\xef\xbb\xbf" + body.encode("utf-8"))
    df = read_articles(path)
    assert list(df.columns) == ["id", "text"] and df["text"].tolist() == ["Lægedækning"]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_windows_1252_and_latin_1_bytes_are_decoded(tmp_path: Path, encoding: str) -> None:
    text = (
        "Lægedækning – «sundhedsvæsenet» på Ærø" if encoding == "cp1252" else "Lægedækning på Ærø"
    )
    path = write_bytes(tmp_path / "a.csv", f"id,text\n1,{text}\n".encode(encoding))
    assert read_articles(path)["text"].tolist() == [text]


def test_a_file_that_mixes_encodings_line_by_line(tmp_path: Path) -> None:
    data = (
        b"id,text\n"
        + "1,Sundhedsvæsenet\n".encode()
        + "2,Sundhedsvæsenet\n".encode("cp1252")
        + b"3,undefined in cp1252: \x81\x9d\n"
    )
    df = read_articles(write_bytes(tmp_path / "a.csv", data))
    assert df["text"].tolist()[:2] == ["Sundhedsvæsenet", "Sundhedsvæsenet"]
    assert df["text"].tolist()[2] == "undefined in cp1252: \x81\x9d"


def test_utf16_with_a_bom(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "a.csv", "id,text\r\n1,Ærø\r\n".encode("utf-16"))
    assert read_articles(path)["text"].tolist() == ["Ærø"]


def test_an_explicit_encoding_is_strict_and_names_the_line(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "a.csv", b"id,text\n1,ok\n2,\xe6\n")
    with pytest.raises(SundtextValueError, match=r"line 3: cannot decode as 'utf-8'"):
        read_articles(path, encoding="utf-8")
    assert read_articles(path, encoding="cp1252")["text"].tolist() == ["ok", "æ"]


def test_mojibake_is_repaired_for_tagging(tmp_path: Path, modes_taxonomy: Taxonomy) -> None:
    mojibake = "Sygehusets sundhedspersonale mangler hÃ¦nder, og rekrutteringen halter."
    path = tmp_path / "a.jsonl"
    path.write_text(lines({"id": 1, "text": mojibake}), encoding="utf-8")
    df = read_articles(path)
    assert df.loc[0, "text"] == mojibake  # read as it is in the file
    out = tag_frame(df, taxonomy=modes_taxonomy, clean=True)
    assert out.loc[0, "themes"] == ["workforce"]
    ev = df.sundtext.mentions(taxonomy=modes_taxonomy, clean=True)
    assert "mangler hænder" in ev["surface"].tolist()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_nul_bytes_are_removed(tmp_path: Path, fmt: str) -> None:
    body = (
        b"id,text\n1,Syge\x00huset\n" if fmt == "csv" else b'{"id": 1, "text": "Syge\x00huset"}\n'
    )
    df = read_articles(write_bytes(tmp_path / f"a.{fmt}", body))
    assert df["text"].tolist() == ["Sygehuset"]


# ----------------------------------------------------------------- JSON Lines and JSON


def test_jsonl_values_keep_their_types(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        lines(
            {"id": "007", "n": 1, "x": 1.5, "ok": True, "tags": ["a"], "text": "a"},
            {"id": "8", "n": 2, "x": 2, "ok": False, "tags": [], "text": "b", "extra": None},
        ),
        encoding="utf-8",
    )
    df = read_articles(path)
    assert df["id"].tolist() == ["007", "8"]
    assert df["n"].dtype == np.int64 and df["x"].dtype == np.float64 and df["ok"].dtype == bool
    assert df["tags"].tolist() == [["a"], []]
    assert df["extra"].isna().all()


def test_jsonl_with_a_malformed_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        lines({"id": 1, "text": "a"})
        + "\n"
        + '{"id": 2, "text": "b"\n'
        + lines({"id": 3, "text": "c"}),
        encoding="utf-8",
    )
    with pytest.raises(SundtextValueError, match=r"line 3: not valid JSON .*skip_bad_lines=True"):
        read_articles(path)


def test_jsonl_malformed_lines_are_kept_and_marked_with_skip_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        lines({"id": 1, "text": "a"})
        + '{"id": 2, "text": "b"\n[1, 2]\n'
        + lines({"id": 4, "text": "d"}),
        encoding="utf-8",
    )
    df = read_articles(path, skip_bad_lines=True)
    assert len(df) == 4
    assert df["id"].tolist()[0] == 1 and df["id"].tolist()[3] == 4
    assert df["error"].tolist()[0] is None and df["error"].tolist()[3] is None
    assert df["error"].iloc[1].startswith("line 2: not valid JSON")
    assert '\'{"id": 2, "text": "b"\'' in df["error"].iloc[1]  # an excerpt of the line
    assert df["error"].iloc[2].startswith("line 3: expected a JSON object {...}, got list")


def test_a_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"id": 1, "text": "a"}, {"id": 2, "text": "b"}]), encoding="utf-8")
    assert read_articles(path)["text"].tolist() == ["a", "b"]
    assert [len(c) for c in read_articles(path, chunksize=1)] == [1, 1]
    path.write_text('{"text": "a"}', encoding="utf-8")
    with pytest.raises(SundtextValueError, match="must hold a JSON array of objects"):
        read_articles(path)


# ----------------------------------------------------------------- missing and empty


@pytest.mark.parametrize("fmt", ["csv", "jsonl", PARQUET])
def test_a_missing_text_column_lists_the_columns(tmp_path: Path, fmt: str) -> None:
    df = pd.DataFrame({"id": [1], "body": ["x"], "title": ["t"]})
    path = write_articles(df, tmp_path / f"a.{fmt}")
    with pytest.raises(
        SundtextValueError, match=r"has no column 'text'; its columns are 'id', 'body', 'title'"
    ):
        read_articles(path)
    assert read_articles(path, text="body")["body"].tolist() == ["x"]


@pytest.mark.parametrize("name", ["a.csv", "a.tsv", "a.jsonl", "a.json"])
@pytest.mark.parametrize("content", [b"", b"\n\n  \n"], ids=["0-bytes", "blank-lines"])
def test_an_empty_file_is_an_error(tmp_path: Path, name: str, content: bytes) -> None:
    path = write_bytes(tmp_path / name, content)
    with pytest.raises(SundtextValueError, match="is empty"):
        read_articles(path)


def test_a_header_without_rows_reads_as_an_empty_frame(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "a.csv", b"id,text\n")
    df = read_articles(path)
    assert list(df.columns) == ["id", "text"] and len(df) == 0
    chunks = list(read_articles(path, chunksize=10))
    assert len(chunks) == 1 and len(chunks[0]) == 0


def test_a_missing_input_and_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        read_articles(tmp_path / "nope.csv")
    path = write_bytes(tmp_path / "a.xlsx", b"x")
    with pytest.raises(SundtextValueError, match="cannot tell the format"):
        read_articles(path)
    assert read_articles(write_bytes(tmp_path / "b.dat", b"text\nx\n"), format="csv")[
        "text"
    ].tolist() == ["x"]


# ----------------------------------------------------------------- big inputs, chunks


def test_a_20_mb_cell_in_a_csv(tmp_path: Path) -> None:
    text = "Sygehuset mangler sygeplejersker. " * (20_000_000 // 34 + 1)
    path = tmp_path / "big.csv"
    path.write_text(f'id,text\n1,"{text}"\n2,kort\n', encoding="utf-8")
    df = read_articles(path)
    assert len(df.loc[0, "text"]) == len(text) and df.loc[1, "text"] == "kort"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", PARQUET])
def test_chunks_have_one_set_of_columns_and_dtypes_and_a_running_index(
    tmp_path: Path, fmt: str
) -> None:
    records = [{"id": i, "text": f"t{i}", "opt": (i if i > 5 else None)} for i in range(11)]
    path = tmp_path / f"a.{fmt}"
    if fmt in ("jsonl", "json"):
        body = lines(*records) if fmt == "jsonl" else json.dumps(records)
        path.write_text(body, encoding="utf-8")
    else:
        write_articles(pd.DataFrame(records).astype({"opt": "Int64"}), path)
    whole = read_articles(path)
    chunks = list(read_articles(path, chunksize=4))
    assert [len(c) for c in chunks] == [4, 4, 3]
    assert all(list(c.columns) == list(whole.columns) for c in chunks)
    assert all((c.dtypes == whole.dtypes).all() for c in chunks)
    pd.testing.assert_frame_equal(pd.concat(chunks), whole)


# ----------------------------------------------------------------- folders


def test_a_folder_of_txt_and_html_files(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "2024").mkdir(parents=True)
    (folder / "b.txt").write_text("Sygehuset mangler sygeplejersker.", encoding="utf-8")
    (folder / "2024" / "a.html").write_text(
        "<html><body><nav>Menu</nav><article><h1>Ny plan</h1><p>Flere hænder.</p></article></body></html>",
        encoding="utf-8",
    )
    write_bytes(folder / "c.txt", "Ærø".encode("cp1252"))
    (folder / ".hidden.txt").write_text("skjult", encoding="utf-8")
    (folder / "notes.md").write_text("ikke en artikel", encoding="utf-8")
    df = read_articles(folder)
    assert df["id"].tolist() == ["2024/a.html", "b.txt", "c.txt"]
    assert df["text"].tolist() == [
        "Ny plan\n\nFlere hænder.",
        "Sygehuset mangler sygeplejersker.",
        "Ærø",
    ]
    assert [len(c) for c in read_articles(folder, chunksize=2)] == [2, 1]


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SundtextValueError, match=r"has no \.txt, \.html, \.htm files"):
        read_articles(tmp_path)


# ----------------------------------------------------------------- writing


def sample() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": pd.Series(["007", "8", "9"], dtype="str"),
            "text": pd.Series(['Med "citat", komma\nog linjeskift', None, "Ærø"], dtype="str"),
            "n": pd.Series([1, None, 3], dtype="Int64"),
            "x": [1.25, float("nan"), 0.1 + 0.2],
            "themes": pd.Series([["ai", "workforce"], [], ["access"]], dtype=object),
            "error": pd.Series([None, "text is missing (NaN)", None], dtype=object),
        }
    )


@pytest.mark.parametrize(
    "name",
    [
        "out.csv",
        "out.tsv",
        "out.jsonl",
        pytest.param("out.parquet", marks=NEEDS_PYARROW),
        "out.csv.gz",
        "out.jsonl.xz",
    ],
)
def test_write_then_read_round_trips(tmp_path: Path, name: str) -> None:
    df = sample()
    path = write_articles(df, tmp_path / name)
    back = read_articles(path)
    assert list(back.columns) == list(df.columns) and len(back) == 3
    assert back["id"].tolist() == ["007", "8", "9"]
    assert back["text"].iloc[0] == df["text"].iloc[0] and pd.isna(back["text"].iloc[1])
    assert back["text"].iloc[2] == "Ærø"
    x = [float(v) for v in back["x"].tolist()]
    assert x[0] == 1.25 and np.isnan(x[1]) and x[2] == 0.1 + 0.2  # exact floats
    themes = back["themes"].tolist()
    if name.startswith("out.csv") or name.endswith(".tsv"):
        themes = [json.loads(t) for t in themes]
    assert [list(t) for t in themes] == [["ai", "workforce"], [], ["access"]]
    assert back["error"].iloc[1] == "text is missing (NaN)" and pd.isna(back["error"].iloc[0])
    if name.endswith(".parquet"):
        pd.testing.assert_frame_equal(back[["id", "text", "n", "x"]], df[["id", "text", "n", "x"]])


def test_jsonl_round_trip_is_exact(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    body = lines(
        {"id": "007", "n": 1, "x": 0.30000000000000004, "nested": {"a": [1, 2]}, "text": "æ"},
        {"id": "8", "n": None, "x": 2.5, "nested": None, "text": "ø"},
    )
    src.write_text(body, encoding="utf-8")
    out = write_articles(read_articles(src), tmp_path / "out.jsonl")
    assert out.read_text(encoding="utf-8") == body


def test_csv_round_trip_is_exact(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    body = 'id,text,n\n007,"Med ""citat"", komma\nog linjeskift",1.50\n8,,x\n'
    src.write_text(body, encoding="utf-8")
    out = write_articles(read_articles(src), tmp_path / "out.csv")
    assert out.read_text(encoding="utf-8") == body


def test_a_non_default_index_is_written_as_a_column(tmp_path: Path) -> None:
    df = pd.DataFrame({"text": ["a", "b"]}, index=pd.Index(["x", "y"], name="key"))
    back = read_articles(write_articles(df, tmp_path / "o.csv"))
    assert back.columns.tolist() == ["key", "text"] and back["key"].tolist() == ["x", "y"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", PARQUET])
def test_chunks_are_streamed_into_one_file(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        lines(*({"id": i, "text": f"t{i}", "title": None if i < 3 else f"T{i}"} for i in range(7))),
        encoding="utf-8",
    )
    out = write_articles(read_articles(src, chunksize=2), tmp_path / f"out.{fmt}")
    back = read_articles(out)
    assert back["text"].tolist() == [f"t{i}" for i in range(7)]
    assert back["title"].tolist()[3:] == ["T3", "T4", "T5", "T6"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", f"out.{fmt}"]


def test_an_output_in_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(
        SundtextValueError, match=r"the folder '.*missing' does not exist; create it"
    ):
        write_articles(sample(), tmp_path / "missing" / "out.csv")


def test_writing_over_the_input_is_refused(tmp_path: Path) -> None:
    src = write_articles(sample(), tmp_path / "a.csv")
    before = src.read_bytes()
    with pytest.raises(SundtextValueError, match="refusing to overwrite the input"):
        write_articles(read_articles(src), src)
    with pytest.raises(SundtextValueError, match="refusing to overwrite the input"):
        write_articles(read_articles(src, chunksize=1), src)
    assert src.read_bytes() == before


def test_a_failed_write_leaves_the_old_file_and_no_temporary_files(tmp_path: Path) -> None:
    out = write_articles(sample(), tmp_path / "out.csv")
    before = out.read_bytes()

    def chunks() -> Any:
        yield sample()
        raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError, match="disk is full"):
        write_articles(chunks(), out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = write_articles(sample(), tmp_path / "out.csv")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # not 0600 like tempfile's files


def test_chunks_with_other_columns_are_an_error(tmp_path: Path) -> None:
    chunks = [pd.DataFrame({"a": [1]}), pd.DataFrame({"b": [1]})]
    with pytest.raises(SundtextValueError, match="other columns than the first chunk"):
        write_articles(chunks, tmp_path / "o.csv")


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"pip install 'sundtext\[parquet\]'"):
        write_articles(sample(), tmp_path / "o.parquet")
    with pytest.raises(ImportError, match=r"pip install 'sundtext\[parquet\]'"):
        read_articles(write_bytes(tmp_path / "i.parquet", b"PAR1"))


# ----------------------------------------------------------------- tag_file


def test_tag_file_keeps_every_row_in_order_with_the_input_columns(
    tmp_path: Path, modes_taxonomy: Taxonomy
) -> None:
    src = tmp_path / "in.jsonl"
    records: list[dict[str, Any]] = [
        {"id": f"r{i}", "text": ARTICLE if i % 3 else "Cykelsti.", "meta": i} for i in range(20)
    ]
    records[4]["text"] = None
    records[9]["text"] = 17
    src.write_text(lines(*records), encoding="utf-8")
    summary = tag_file(
        src,
        tmp_path / "out.jsonl",
        taxonomy=modes_taxonomy,
        chunksize=3,
        evidence=tmp_path / "ev.csv",
    )
    assert (summary.articles, summary.errors) == (20, 2)
    out = read_articles(tmp_path / "out.jsonl")
    assert out["id"].tolist() == [r["id"] for r in records]
    assert out["meta"].tolist() == list(range(20))
    assert out["error"].iloc[4] == "text is missing (None)"
    assert out["error"].iloc[9] == "text is an int, not a str: 17"
    assert summary.themes["workforce"] == sum(1 for i in range(20) if i % 3 and i not in (4, 9))
    ev = read_articles(tmp_path / "ev.csv", text="surface")
    assert ev.columns[0] == "id" and len(ev) == summary.mentions
    assert not (tmp_path / "out.jsonl.partial").exists()
