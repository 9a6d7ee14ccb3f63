"""`sundtext tag`, invoked through its real entry point: rows, formats, failures, resume."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sundtext.clean import clean
from sundtext.io import read_articles

from .conftest import ROOT

NEEDS_PYARROW = pytest.mark.skipif(
    importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow (the 'parquet' extra)"
)

TAXONOMY = str(ROOT / "data" / "custom_taxonomy.toml")
EMERGENCY = "Akutmodtagelsen på sygehuset har travlt, og ambulancerne holder i kø."
GP = "Lægedækningen er for dårlig, og patienterne mangler en praktiserende læge."
NOTHING = "Cykelstien bliver asfalteret i næste uge."


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "sundtext.cli", "tag", *args]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}


def run(*args: str, taxonomy: bool = True) -> subprocess.CompletedProcess[str]:
    extra = ["--taxonomy", TAXONOMY] if taxonomy else []
    return subprocess.run(
        command(*args, *extra), capture_output=True, text=True, env=env(), timeout=120
    )


def jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def one_line_failure(res: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert res.returncode == 1, (res.stdout, res.stderr)
    assert res.stdout == ""
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("sundtext tag: error: ")
    for needle in needles:
        assert needle in res.stderr, res.stderr


def test_help_lists_the_options() -> None:
    res = subprocess.run(command("--help"), capture_output=True, text=True, env=env())
    assert res.returncode == 0 and "usage: sundtext tag" in res.stdout
    for option in ("--text-column", "--evidence", "--resume", "--jobs", "--skip-bad-lines"):
        assert option in res.stdout


def test_tag_keeps_every_row_in_order_and_prints_a_summary(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        f'id,text,source\n007,"{EMERGENCY}",dr.dk\nb2,,tv2.dk\na1,"{GP}",\nx9,{NOTHING},dr.dk\n',
        encoding="utf-8",
    )
    res = run(str(src), "-o", str(tmp_path / "out.csv"))
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""  # no progress bar when stderr is not a terminal
    assert "tagged 4 articles" in res.stdout and "errors: 1" in res.stdout
    assert "top themes:" in res.stdout and "emergency" in res.stdout
    out = read_articles(tmp_path / "out.csv")
    assert out["id"].tolist() == ["007", "b2", "a1", "x9"]
    assert out.columns.tolist()[:3] == ["id", "text", "source"]
    assert out.columns.tolist()[3:5] == ["themes", "groups"]
    assert out.columns.tolist()[-1] == "error"
    pd.testing.assert_frame_equal(out.iloc[:, :3], read_articles(src))
    assert [json.loads(t) for t in out["themes"]] == [["emergency"], [], ["gp_capacity"], []]
    assert out["error"].tolist()[1] == "text is missing (NaN)"


@pytest.mark.parametrize(
    "out_name",
    ["out.jsonl", pytest.param("out.parquet", marks=NEEDS_PYARROW), "out.csv", "out.tsv"],
)
def test_output_formats(tmp_path: Path, out_name: str) -> None:
    src = jsonl(
        tmp_path / "in.jsonl", [{"id": i, "text": t} for i, t in enumerate([EMERGENCY, GP])]
    )
    res = run(str(src), "-o", str(tmp_path / out_name))
    assert res.returncode == 0, res.stderr
    out = read_articles(tmp_path / out_name)
    themes = out["themes"].tolist()
    if out_name.endswith((".csv", ".tsv")):
        themes = [json.loads(t) for t in themes]
    assert [list(t) for t in themes] == [["emergency"], ["gp_capacity"]]


def test_a_folder_of_articles(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(EMERGENCY, encoding="utf-8")
    (folder / "b.html").write_text(
        f"<html><body><nav>Menu</nav><p>{GP}</p></body></html>", encoding="utf-8"
    )
    res = run(str(folder), "-o", str(tmp_path / "out.jsonl"))
    assert res.returncode == 0, res.stderr
    out = read_articles(tmp_path / "out.jsonl")
    assert out["id"].tolist() == ["a.txt", "b.html"]
    assert out["themes"].tolist() == [["emergency"], ["gp_capacity"]]


def test_evidence_is_a_long_table_with_offsets_into_the_cleaned_text(tmp_path: Path) -> None:
    texts = [EMERGENCY, "<p>" + GP + "</p>", NOTHING, EMERGENCY + " " + GP]
    src = jsonl(tmp_path / "in.jsonl", [{"id": f"n{i}", "text": t} for i, t in enumerate(texts)])
    res = run(str(src), "-o", str(tmp_path / "out.csv"), "--evidence", str(tmp_path / "ev.csv"))
    assert res.returncode == 0, res.stderr
    assert "evidence: " in res.stdout
    ev = read_articles(tmp_path / "ev.csv", text="surface")
    assert ev.columns.tolist() == [
        "id", "theme", "group", "entry", "surface", "start", "end", "sentence", "sentence_index", "tagged",
    ]  # fmt: skip
    assert set(ev["id"]) == {"n0", "n1", "n3"}
    by_id = {f"n{i}": clean(t) for i, t in enumerate(texts)}
    for row in ev.itertuples():
        assert by_id[row.id][int(row.start) : int(row.end)] == row.surface


def test_evidence_without_an_id_column_uses_the_row_number(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"text": NOTHING}, {"text": GP}])
    res = run(str(src), "-o", str(tmp_path / "o.jsonl"), "--evidence", str(tmp_path / "ev.jsonl"))
    assert res.returncode == 0, res.stderr
    ev = read_articles(tmp_path / "ev.jsonl", text="surface")
    assert ev.columns[0] == "row" and set(ev["row"]) == {1}


def test_jobs_2_writes_the_same_files_as_jobs_1(tmp_path: Path) -> None:
    texts = [EMERGENCY, GP, NOTHING, None, "", 5]
    src = jsonl(tmp_path / "in.jsonl", [{"id": i, "text": texts[i % 6]} for i in range(90)])
    for jobs in ("1", "2"):
        res = run(
            str(src), "-o", str(tmp_path / f"out{jobs}.csv"), "--jobs", jobs, "--chunk-size", "40",
            "--evidence", str(tmp_path / f"ev{jobs}.csv"),
        )  # fmt: skip
        assert res.returncode == 0, res.stderr
    assert (tmp_path / "out1.csv").read_bytes() == (tmp_path / "out2.csv").read_bytes()
    assert (tmp_path / "ev1.csv").read_bytes() == (tmp_path / "ev2.csv").read_bytes()


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\xef\xbb\xbfid,text\n1,\"" + EMERGENCY.encode() + b'"\n', "bom.csv"),
        (b'id,text\n1,"' + EMERGENCY.encode("cp1252") + b'"\n', "cp1252.csv"),
        (b'id,text\n1,"' + EMERGENCY.encode("latin-1") + b'"\n', "latin1.csv"),
        (b'id,text\n1,"' + EMERGENCY.encode("utf-8").decode("latin-1").encode("utf-8") + b'"\n', "mojibake.csv"),
        (b'id,text\n1,"Akutmodtagelsen\x00 p\xc3\xa5 sygehuset har travlt, og ambulancerne holder."\n', "nul.csv"),
        (b'id,text\n1,"<div><h1>Akut</h1><p>Akutmodtagelsen <b>p\xc3\xa5</b> sygehuset, ambulancerne.</p></div>"\n', "html.csv"),
    ],
    ids=["utf8-bom", "windows-1252", "latin-1", "mojibake", "nul-byte", "html-in-cell"],
)  # fmt: skip
def test_encodings_mojibake_nul_and_html_are_handled(
    tmp_path: Path, data: bytes, name: str
) -> None:
    src = tmp_path / name
    src.write_bytes(data)
    res = run(str(src), "-o", str(tmp_path / "out.jsonl"), "--evidence", str(tmp_path / "ev.jsonl"))
    assert res.returncode == 0, res.stderr
    out = read_articles(tmp_path / "out.jsonl")
    assert out["id"].tolist() == ["1"] and out["themes"].tolist() == [["emergency"]]
    ev = read_articles(tmp_path / "ev.jsonl", text="surface")
    assert all("\x00" not in s and "<" not in s and "Ã" not in s for s in ev["sentence"])


def test_a_20_mb_article(tmp_path: Path) -> None:
    filler = "Regionen har besluttet at bygge en ny cykelsti langs vejen til byen. "
    big = EMERGENCY + "\n\n" + filler * (20_000_000 // len(filler))
    src = jsonl(tmp_path / "in.jsonl", [{"id": "big", "text": big}, {"id": "small", "text": GP}])
    started = time.perf_counter()
    res = run(str(src), "-o", str(tmp_path / "out.jsonl"), "--no-clean")
    assert res.returncode == 0, res.stderr
    assert time.perf_counter() - started < 30
    out = read_articles(tmp_path / "out.jsonl")
    assert out["themes"].tolist() == [["emergency"], ["gp_capacity"]]
    assert len(out.loc[0, "text"]) == len(big)


def test_a_malformed_jsonl_line_fails_naming_the_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        f'{{"id": 1, "text": "{GP}"}}\n{{"id": 2, "text": \n{{"id": 3, "text": "x"}}\n',
        encoding="utf-8",
    )
    one_line_failure(run(str(src), "-o", str(tmp_path / "out.csv")), "line 2: not valid JSON")
    assert not (tmp_path / "out.csv").exists()


def test_skip_bad_lines_keeps_malformed_jsonl_lines_as_marked_rows(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        f'{{"id": 1, "text": "{GP}"}}\n{{"id": 2, "text": \n{{"id": 3, "text": "{EMERGENCY}"}}\n',
        encoding="utf-8",
    )
    res = run(str(src), "-o", str(tmp_path / "out.jsonl"), "--skip-bad-lines")
    assert res.returncode == 0, res.stderr
    assert "errors: 1" in res.stdout
    out = read_articles(tmp_path / "out.jsonl")
    assert out["id"].tolist()[0] == 1 and out["id"].tolist()[2] == 3 and len(out) == 3
    assert out["error"].iloc[1].startswith("line 2: not valid JSON")
    assert out["themes"].tolist() == [["gp_capacity"], [], ["emergency"]]


def test_a_ragged_csv_row_fails_naming_the_line_or_is_kept_with_skip_bad_lines(
    tmp_path: Path,
) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f'id,text\n1,"{GP}\nmed linjeskift"\n2,a,b\n3,"{EMERGENCY}"\n', encoding="utf-8")
    one_line_failure(
        run(str(src), "-o", str(tmp_path / "out.csv")), "line 4: expected 2 fields, got 3"
    )
    res = run(str(src), "-o", str(tmp_path / "out.csv"), "--skip-bad-lines")
    assert res.returncode == 0, res.stderr
    out = read_articles(tmp_path / "out.csv")
    assert out["id"].tolist() == ["1", "2", "3"]
    assert out["text"].iloc[0] == f"{GP}\nmed linjeskift"  # the quoted newline is part of the cell
    assert out["text"].iloc[1] == "a,b"
    assert out["error"].iloc[1].startswith("line 4: expected 2 fields, got 3")


def test_a_missing_text_column_lists_the_columns(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"id": 1, "body": "x", "headline": "y"}])
    one_line_failure(
        run(str(src), "-o", str(tmp_path / "out.csv")),
        "has no column 'text'; its columns are 'id', 'body', 'headline'",
        "--text-column",
    )
    res = run(
        str(src), "-o", str(tmp_path / "out.csv"), "--text-column", "body", "--title-column", "nope"
    )
    one_line_failure(res, "has no title column 'nope'; its columns are 'id', 'body', 'headline'")
    res = run(
        str(src),
        "-o",
        str(tmp_path / "out.csv"),
        "--text-column",
        "body",
        "--title-column",
        "headline",
    )
    assert res.returncode == 0, res.stderr


@pytest.mark.parametrize("name", ["in.csv", "in.jsonl", "in.json", "in.tsv"])
def test_an_empty_file_fails_with_one_line(tmp_path: Path, name: str) -> None:
    src = tmp_path / name
    src.write_bytes(b"")
    one_line_failure(run(str(src), "-o", str(tmp_path / "out.csv")), "is empty")
    assert not (tmp_path / "out.csv").exists()


def test_a_header_without_rows_gives_an_empty_output_with_the_columns(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,text\n", encoding="utf-8")
    res = run(str(src), "-o", str(tmp_path / "out.csv"))
    assert res.returncode == 0, res.stderr
    assert "tagged 0 articles" in res.stdout
    header = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert header == "id,text,themes,groups,score_emergency,score_gp_capacity,score_gp_pay,error\n"


def test_an_output_in_a_missing_folder_fails(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"text": GP}])
    one_line_failure(
        run(str(src), "-o", str(tmp_path / "no" / "such" / "out.csv")),
        "does not exist; create it first",
    )
    assert not (tmp_path / "no").exists()


def test_the_input_as_output_is_refused(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"text": GP}])
    before = src.read_bytes()
    one_line_failure(run(str(src), "-o", str(src)), "refusing to write the output to the input")
    one_line_failure(
        run(str(src), "-o", str(tmp_path / "o.csv"), "--evidence", str(src)),
        "refusing to write the evidence to the input",
    )
    link = tmp_path / "link.jsonl"
    link.symlink_to(src)
    one_line_failure(run(str(src), "-o", str(link)), "refusing to write the output to the input")
    assert src.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["{tmp}/missing.csv", "-o", "{tmp}/o.csv"], "does not exist"),
        (["{src}", "-o", "{tmp}/o.xlsx"], "cannot tell the format"),
        (["{src}", "-o", "{tmp}/o.csv", "--threshold", "2"], "threshold must be a float in [0, 1]"),
        (["{src}", "-o", "{tmp}/o.csv", "--jobs", "0"], "n_jobs must be a positive int"),
    ],
    ids=["missing-input", "unknown-format", "bad-threshold", "bad-jobs"],
)
def test_other_failures_are_one_line(tmp_path: Path, args: list[str], needle: str) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"text": GP}])
    filled = [a.format(tmp=tmp_path, src=src) for a in args]
    one_line_failure(run(*filled), needle)


# ----------------------------------------------------------------- resume


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_killed_run_is_finished_by_resume_with_every_row_once(tmp_path: Path, jobs: str) -> None:
    texts = [EMERGENCY, GP, NOTHING, None]
    records = [{"id": f"r{i:04d}", "text": texts[i % 4], "n": i} for i in range(1500)]
    src = jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / "out.jsonl"
    ev = tmp_path / "ev.csv"
    args = [
        str(src),
        "-o",
        str(out),
        "--evidence",
        str(ev),
        "--chunk-size",
        "5",
        "--taxonomy",
        TAXONOMY,
        "--jobs",
        jobs,
    ]
    state = tmp_path / "out.jsonl.partial" / "state.json"
    proc = subprocess.Popen(
        command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env()
    )
    deadline = time.monotonic() + 60
    while not state.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    done = json.loads(state.read_text(encoding="utf-8"))["rows"]
    assert 0 < done < len(records)
    assert not out.exists()

    again = subprocess.run(command(*args), capture_output=True, text=True, env=env(), timeout=120)
    assert again.returncode == 1 and "--resume" in again.stderr  # will not silently start over

    res = subprocess.run(
        command(*args, "--resume"), capture_output=True, text=True, env=env(), timeout=120
    )
    assert res.returncode == 0, res.stderr
    assert "were done by the interrupted run" in res.stdout
    assert f"tagged {len(records)} articles" in res.stdout
    assert not (tmp_path / "out.jsonl.partial").exists()
    result = read_articles(out)
    assert result["id"].tolist() == [r["id"] for r in records]  # every row once, in order
    assert result["n"].tolist() == list(range(len(records)))

    fresh = tmp_path / "fresh.jsonl"
    fresh_ev = tmp_path / "fresh-ev.csv"
    res = run(str(src), "-o", str(fresh), "--evidence", str(fresh_ev), "--chunk-size", "5")
    assert res.returncode == 0, res.stderr
    assert fresh.read_bytes() == out.read_bytes()
    assert fresh_ev.read_bytes() == ev.read_bytes()


def test_resume_refuses_other_settings_and_starts_afresh_without_a_partial_run(
    tmp_path: Path,
) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"id": i, "text": GP} for i in range(4)])
    partial = tmp_path / "out.csv.partial"
    partial.mkdir()
    (partial / "state.json").write_text(
        json.dumps({"version": 1, "settings": {"chunksize": 3}, "chunks": 1, "rows": 3}),
        encoding="utf-8",
    )
    one_line_failure(
        run(str(src), "-o", str(tmp_path / "out.csv"), "--resume"),
        "cannot resume",
        "other settings",
    )
    (partial / "state.json").unlink()
    partial.rmdir()
    res = run(str(src), "-o", str(tmp_path / "out.csv"), "--resume")
    assert res.returncode == 0, res.stderr
    assert "nothing to resume" in res.stderr
    assert len(read_articles(tmp_path / "out.csv")) == 4


def test_progress_bar_on_a_terminal_and_quiet(tmp_path: Path) -> None:
    pty = pytest.importorskip("pty")
    fcntl = pytest.importorskip("fcntl")
    termios = pytest.importorskip("termios")
    src = jsonl(tmp_path / "in.jsonl", [{"text": GP}] * 3)
    for quiet in (False, True):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        extra = ["--quiet"] if quiet else []
        proc = subprocess.run(
            command(str(src), "-o", str(tmp_path / "o.csv"), "--taxonomy", TAXONOMY, *extra),
            stdout=subprocess.PIPE, stderr=slave, env=env(), timeout=120,
        )  # fmt: skip
        os.close(slave)
        seen = b""
        with_data = True
        while with_data:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            seen += data
            with_data = bool(data)
        os.close(master)
        assert proc.returncode == 0
        assert (b"articles/s" in seen) is not quiet, seen
        assert b"tagged 3 articles" in proc.stdout


def test_parquet_without_pyarrow_fails_with_one_line_naming_the_extra(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"text": GP}])
    code = (
        "import sys; sys.modules['pyarrow'] = None; sys.modules['pyarrow.parquet'] = None\n"
        "from sundtext.cli import main\n"
        f"sys.exit(main(['tag', {str(src)!r}, '-o', {str(tmp_path / 'o.parquet')!r},"
        f" '--taxonomy', {TAXONOMY!r}]))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env(), timeout=120
    )
    one_line_failure(res, "pip install 'sundtext[parquet]'")
    assert not (tmp_path / "o.parquet.partial").exists()
