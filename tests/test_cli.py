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


def test_train_tag_and_evaluate_with_a_model(tmp_path: Path) -> None:
    pytest.importorskip("skops")
    rows = [json.loads(line) for line in (ROOT / "data" / "sample_corpus.jsonl").open()][:16]
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    model = tmp_path / "model.skops"
    res = run("train", str(labelled), "-o", str(model), "--cv", "2")  # --hybrid: test_classify
    assert res.returncode == 0, res.stderr
    assert "2-fold cross-validation" in res.stdout and "lexicon" in res.stdout
    assert "saved a ThemeClassifier (16 articles, 22 labels)" in res.stdout
    out = tmp_path / "tagged.csv"
    tagged = run(
        "tag", str(labelled), "-o", str(out), "--model", str(model), "--quiet", "--prefix", "st_"
    )
    assert tagged.returncode == 0, tagged.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert "st_needs_review" in header and "st_in_doubt" in header and "st_score_ai" in header
    ev = run("evaluate", str(labelled), "--model", str(model), "--json", "--bootstrap", "50")
    assert ev.returncode == 0, ev.stderr
    data = json.loads(ev.stdout)
    assert data["review"]["flagged_share"] >= 0 and data["micro_f1_ci"] is not None
    both = run("evaluate", str(labelled), "--model", str(model), "--threshold", "0.3")
    assert both.returncode == 1 and "cannot be combined with --model" in both.stderr


def test_a_tampered_model_file_is_one_line_of_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.skops"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    res = run("tag", str(ROOT / "data" / "sample_corpus.jsonl"), "-o", str(tmp_path / "o.csv"),
              "--model", str(bad))  # fmt: skip
    assert res.returncode == 1 and res.stderr.count("\n") == 1
    assert "model file" in res.stderr


def test_agreement_between_two_codings(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"id": 1, "themes": ["ai"]}\n{"id": 2, "themes": ["access"]}\n')
    b.write_text('{"id": 2, "themes": ["access"]}\n{"id": 1, "themes": []}\n')
    res = run("agreement", str(a), str(b))
    assert res.returncode == 0, res.stderr
    assert "alpha" in res.stdout and "articles 2" in res.stdout
    data = json.loads(run("agreement", str(a), str(b), "--json").stdout)
    assert data["n_articles"] == 2 and data["themes"][0]["label"] == "ai"
