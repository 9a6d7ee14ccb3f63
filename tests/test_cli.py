"""The command line, invoked through its real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "sundtext.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_version_and_help() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("sundtext ")
    for command in ("themes", "evaluate", "clean", "tokenize", "extract", "demo"):
        res = run(command, "--help")
        assert res.returncode == 0, command
        assert "usage: sundtext " + command in res.stdout


def test_themes_lists_the_taxonomy_as_table_and_json() -> None:
    table = run("themes")
    assert table.returncode == 0
    assert "cybersecurity" in table.stdout and "22 themes in 5 groups" in table.stdout
    rows = json.loads(run("themes", "--json").stdout)
    assert len(rows) == 22 and {"id", "group", "da", "en", "entries"} <= set(rows[0])


def test_themes_with_a_custom_taxonomy_and_a_broken_one(tmp_path: Path) -> None:
    ok = run("themes", "--taxonomy", str(ROOT / "data" / "custom_taxonomy.toml"))
    assert ok.returncode == 0 and "gp_capacity" in ok.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[groups.g]\nda = "G"\n[themes.x]\ngroup = "h"\nterms = ["x"]\n', encoding="utf-8"
    )
    res = run("themes", "--taxonomy", str(bad))
    assert res.returncode == 1
    assert res.stderr.count("\n") == 1 and "theme 'x' is in no known group" in res.stderr


def test_evaluate_prints_a_report_and_json(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": "a",
            "text": "Patienterne venter. Ventetiden og ventelisterne på sygehuset vokser.",
            "themes": ["access"],
        },
        {"id": "b", "text": "Cykelstien bliver ny.", "themes": []},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    res = run("evaluate", str(gold))
    assert res.returncode == 0, res.stderr
    assert "micro P" in res.stdout and "access" in res.stdout
    data = json.loads(run("evaluate", str(gold), "--json").stdout)
    assert data["n_articles"] == 2 and "themes" in data


def test_evaluate_on_a_missing_file_fails_with_one_line(tmp_path: Path) -> None:
    res = run("evaluate", str(tmp_path / "missing.jsonl"))
    assert res.returncode == 1
    assert "does not exist" in res.stderr and res.stdout == ""


def test_extract_reads_stdin_and_shows_evidence() -> None:
    text = "Sygehuset mangler sygeplejersker. Rekrutteringen af sygeplejersker og læger halter."
    res = run("extract", "--json", stdin=text)
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert "workforce" in data["themes"]
    for m in data["mentions"]:
        assert text[m["start"] : m["end"]] == m["surface"]


def test_clean_and_tokenize_commands(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><nav>Menu</nav><p>Sundhedsv&aelig;senet  har travlt.</p></body></html>",
        encoding="utf-8",
    )
    res = run("clean", str(page), "--strip-boilerplate")
    assert res.returncode == 0 and res.stdout.strip() == "Sundhedsvæsenet har travlt."
    tok = run("tokenize", "--json", stdin="Sygeplejerskerne har travlt.")
    lemmas = [json.loads(line)["lemma"] for line in tok.stdout.splitlines()]
    assert "sygeplejerske" in lemmas


def test_demo_runs_on_the_bundled_example() -> None:
    res = run("demo")
    assert res.returncode == 0, res.stderr
    assert "themes:" in res.stdout and "Gå til indhold" not in res.stdout


@pytest.mark.parametrize("args", [["nosuchcommand"], ["evaluate"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args).returncode == 2
