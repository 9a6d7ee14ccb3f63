"""tag_frame and the df.sundtext accessor: nothing lost, nothing moved, same results as tag."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sundtext.clean import clean
from sundtext.errors import SundtextTypeError, SundtextValueError
from sundtext.frame import MENTION_COLUMNS, READ_ERRORS, tag_columns, tag_frame
from sundtext.tag import tag
from sundtext.taxonomy import Taxonomy

from .conftest import ROOT

TEXTS = [
    "Sygehuset mangler sygeplejersker, og rekrutteringen af sundhedspersonale halter.",
    "Cykelstien bliver asfalteret i næste uge.",
    "Ventetiden til operation stiger, og ventelisten på hospitalet vokser for patienterne.",
    "Regionen vil bruge kunstig intelligens og maskinlæring på sygehuset.\n\n"
    "Cyberangrebet mod hospitalet lammede it-systemerne for patienterne.",
]


def frame(index: Any = None) -> pd.DataFrame:
    n = len(TEXTS)
    df = pd.DataFrame(
        {
            "id": pd.Series([f"a{i}" for i in range(n)], dtype="str"),
            "year": pd.Series([2020 + i for i in range(n)], dtype="int64"),
            "text": pd.Series(TEXTS, dtype="str"),
            "flag": pd.Series([True, False, True, None], dtype="boolean"),
            "when": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]),
            "cat": pd.Categorical(["x", "y", "x", "y"]),
        }
    )
    if index is not None:
        df.index = index
    return df


INDEXES = {
    "range": None,
    "strings": pd.Index(["d", "b", "c", "a"], name="key"),
    "duplicates": pd.Index(["x", "x", "y", "x"]),
    "ints-unsorted": pd.Index([10, 3, 7, 3]),
    "multi": pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1), ("b", 1)]),
}


@pytest.mark.parametrize("index", INDEXES.values(), ids=INDEXES.keys())
def test_tag_frame_keeps_index_columns_dtypes_and_appends_the_tags(
    index: Any, modes_taxonomy: Taxonomy
) -> None:
    df = frame(index)
    before = df.copy()
    out = tag_frame(df, taxonomy=modes_taxonomy)
    assert out.index.equals(df.index) and out.index.names == df.index.names
    assert list(out.columns) == [*df.columns, *tag_columns(modes_taxonomy)]
    assert (out.dtypes[df.columns] == df.dtypes).all()
    pd.testing.assert_frame_equal(out[df.columns], df)
    pd.testing.assert_frame_equal(df, before)  # the input is not modified
    for column in tag_columns(modes_taxonomy):
        if column.startswith("score_"):
            assert out[column].dtype == np.float64
    for pos, text in enumerate(TEXTS):
        expected = tag(text, taxonomy=modes_taxonomy)
        assert out["themes"].iloc[pos] == list(expected.themes)
        assert out["groups"].iloc[pos] == list(expected.groups)
        assert out["error"].iloc[pos] is None
        for theme, score in expected.scores.items():
            assert out[f"score_{theme}"].iloc[pos] == score


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", None),
        ("   \n\t  ", None),
        ("!!! -- ... ?? ;;", None),
        (None, "text is missing (None)"),
        (float("nan"), "text is missing (NaN)"),
        (pd.NA, "text is missing (<NA>)"),
        (42, "text is an int, not a str: 42"),
        (3.5, "text is a float, not a str: 3.5"),
        (np.float64(2.0), "text is a float64, not a str"),
        (b"bytes", "text is bytes, not a str; decode it first"),
        (["a list"], "text is a list, not a str"),
    ],
    ids=[
        "empty",
        "whitespace",
        "punctuation",
        "None",
        "NaN",
        "NA",
        "int",
        "float",
        "numpy-float",
        "bytes",
        "list",
    ],
)
def test_a_bad_row_is_kept_in_place_with_no_themes(
    value: Any, error: str | None, modes_taxonomy: Taxonomy
) -> None:
    texts: list[Any] = [TEXTS[0], value, TEXTS[2]]
    df = pd.DataFrame({"text": pd.Series(texts, dtype=object, index=["p", "q", "r"])})
    out = tag_frame(df, taxonomy=modes_taxonomy)
    assert list(out.index) == ["p", "q", "r"]
    assert out.loc["q", "themes"] == [] and out.loc["q", "groups"] == []
    if error is None:
        assert out.loc["q", "error"] is None
        assert out.loc["q", "score_workforce"] == 0.0
    else:
        assert out.loc["q", "error"].startswith(error)
        assert math.isnan(out.loc["q", "score_workforce"])  # no score for an untagged row
    assert out.loc["p", "themes"] == ["workforce"]
    assert out.loc["r", "themes"] == ["access"]


def test_an_empty_frame_gets_the_columns(modes_taxonomy: Taxonomy) -> None:
    df = frame().iloc[:0]
    out = tag_frame(df, taxonomy=modes_taxonomy)
    assert len(out) == 0 and list(out.columns) == [*df.columns, *tag_columns(modes_taxonomy)]
    assert len(df.sundtext.mentions(taxonomy=modes_taxonomy)) == 0


def test_missing_texts_in_a_string_column(modes_taxonomy: Taxonomy) -> None:
    df = pd.DataFrame({"text": pd.Series([None, TEXTS[0], None], dtype="str")})
    out = tag_frame(df, taxonomy=modes_taxonomy)
    assert out["error"].tolist() == ["text is missing (NaN)", None, "text is missing (NaN)"]
    assert out["themes"].tolist() == [[], ["workforce"], []]


def test_an_article_of_20_mb(modes_taxonomy: Taxonomy) -> None:
    filler = "Regionen har besluttet at bygge en ny cykelsti langs vejen til byen. "
    text = (
        "Sygehuset mangler sygeplejersker.\n\n"
        + filler * (20_000_000 // len(filler))
        + "Rekrutteringen af sundhedspersonale halter."
    )
    assert len(text) > 20_000_000
    df = pd.DataFrame({"text": [text, "kort"]})
    started = time.perf_counter()
    out = tag_frame(df, taxonomy=modes_taxonomy)
    assert time.perf_counter() - started < 15
    assert out.loc[0, "themes"] == ["workforce"] and out.loc[0, "error"] is None
    ev = df.sundtext.mentions(taxonomy=modes_taxonomy)
    assert ev["start"].max() > 20_000_000
    for m in ev.itertuples():
        assert text[m.start : m.end] == m.surface


def test_n_jobs_2_gives_the_same_frame_as_n_jobs_1(modes_taxonomy: Taxonomy) -> None:
    texts: list[Any] = [TEXTS[i % len(TEXTS)] + f" Nr. {i}." for i in range(150)]
    texts[7] = None
    texts[42] = 12
    df = pd.DataFrame({"text": pd.Series(texts, dtype=object), "title": "Sygehuset"})
    one = tag_frame(df, title="title", taxonomy=modes_taxonomy, n_jobs=1)
    two = tag_frame(df, title="title", taxonomy=modes_taxonomy, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)
    ev1 = df.sundtext.mentions(taxonomy=modes_taxonomy, n_jobs=1)
    ev2 = df.sundtext.mentions(taxonomy=modes_taxonomy, n_jobs=2)
    pd.testing.assert_frame_equal(ev1, ev2)


def test_a_title_column_counts_as_headline_and_may_be_missing(modes_taxonomy: Taxonomy) -> None:
    body = "Personalet på sygehuset er trætte. Patienterne venter."
    df = pd.DataFrame(
        {
            "title": pd.Series(["Mangel på sygeplejersker", None, 7], dtype=object),
            "text": [body, body, body],
        }
    )
    out = tag_frame(df, title="title", taxonomy=modes_taxonomy)
    with_title = tag(body, title="Mangel på sygeplejersker", taxonomy=modes_taxonomy)
    assert out.loc[0, "score_workforce"] == with_title.scores["workforce"]
    assert out.loc[1, "score_workforce"] == tag(body, taxonomy=modes_taxonomy).scores["workforce"]
    assert out.loc[1, "error"] is None
    assert out.loc[2, "error"] == "title is an int, not a str: 7"


def test_clean_repairs_mojibake_html_and_nul_before_tagging(modes_taxonomy: Taxonomy) -> None:
    mojibake = "Sundhedsv\u00c3\u00a6senet mangler sygeplejersker.".replace("æ", "\u00c3\u00a6")
    html = "<p>Sygehuset <b>mangler</b> sygeplejersker.</p><p>Rekrutteringen halter.</p>"
    nul = "Sygehuset\x00 mangler sygeplejersker."
    df = pd.DataFrame({"text": [mojibake, html, nul]})
    out = tag_frame(df, taxonomy=modes_taxonomy, clean=True)
    assert out["themes"].tolist() == [["workforce"]] * 3
    pd.testing.assert_series_equal(out["text"], df["text"])  # the text column is not changed
    ev = df.sundtext.mentions(taxonomy=modes_taxonomy, clean=True)
    for m in ev.itertuples():
        cleaned = clean(df.loc[m.index, "text"])
        assert cleaned[m.start : m.end] == m.surface
    assert "<b>" not in "".join(ev["sentence"])


def test_missing_or_duplicated_text_column_names_the_columns(modes_taxonomy: Taxonomy) -> None:
    df = pd.DataFrame({"id": [1], "body": ["x"]})
    with pytest.raises(
        SundtextValueError, match=r"'text' is not in the frame; its columns are 'id', 'body'"
    ):
        tag_frame(df, taxonomy=modes_taxonomy)
    dup = pd.DataFrame([["a", "b"]], columns=["text", "text"])
    with pytest.raises(SundtextValueError, match="appears 2 times"):
        tag_frame(dup, taxonomy=modes_taxonomy)
    with pytest.raises(SundtextTypeError, match="must be a pandas DataFrame"):
        tag_frame(["a text"], taxonomy=modes_taxonomy)  # type: ignore[arg-type]


def test_columns_that_would_be_overwritten_are_an_error(modes_taxonomy: Taxonomy) -> None:
    tagged = tag_frame(frame(), taxonomy=modes_taxonomy)
    with pytest.raises(SundtextValueError, match=r"already has the column\(s\) 'themes', 'groups'"):
        tag_frame(tagged, taxonomy=modes_taxonomy)
    numeric_error = pd.DataFrame({"text": ["x"], "error": [0.3]})
    with pytest.raises(SundtextValueError, match="'error'"):
        tag_frame(numeric_error, taxonomy=modes_taxonomy)


def test_a_prefix_lets_a_gold_themes_column_stay(modes_taxonomy: Taxonomy) -> None:
    df = pd.DataFrame(
        {"text": ["Patienterne på sygehuset venter, ventetiden og ventelisten vokser."],
         "themes": [["access"]]}
    )  # fmt: skip
    out = tag_frame(df, taxonomy=modes_taxonomy, prefix="sundtext_")
    assert out["themes"].tolist() == [["access"]]  # the gold column, untouched
    assert out["sundtext_themes"].tolist() == [["access"]]
    assert list(out.columns) == ["text", "themes", *tag_columns(modes_taxonomy, "sundtext_")]
    assert "sundtext_score_access" in out.columns and "sundtext_error" in out.columns


def test_a_users_own_error_column_is_a_clash_not_a_list_of_errors(
    modes_taxonomy: Taxonomy,
) -> None:
    df = pd.DataFrame({"text": ["Ventetiden og ventelisten på sygehuset vokser."], "error": ["x"]})
    with pytest.raises(SundtextValueError, match=r"already has the column\(s\) 'error'"):
        tag_frame(df, taxonomy=modes_taxonomy)
    out = tag_frame(df, taxonomy=modes_taxonomy, prefix="st_")
    assert out["error"].tolist() == ["x"] and out["st_error"].tolist() == [None]
    assert out["st_themes"].tolist() == [["access"]]
    with pytest.raises(SundtextValueError, match="prefix='sundtext_'"):
        tag_frame(df, taxonomy=modes_taxonomy)


def test_an_error_column_from_reading_is_kept_and_those_rows_are_not_tagged(
    modes_taxonomy: Taxonomy,
) -> None:
    df = pd.DataFrame(
        {
            "text": [TEXTS[0], None, TEXTS[0]],
            "error": pd.Series([None, "line 3: not valid JSON", None], dtype=object),
            "n": [1, 2, 3],
        }
    )
    df.attrs[READ_ERRORS] = True  # as read_articles(..., skip_bad_lines=True) marks it
    out = tag_frame(df, taxonomy=modes_taxonomy)
    assert list(out.columns) == ["text", "n", *tag_columns(modes_taxonomy)]
    assert out["error"].tolist() == [None, "line 3: not valid JSON", None]
    assert out["themes"].tolist() == [["workforce"], [], ["workforce"]]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_jobs": 0}, "n_jobs must be a positive int or -1"),
        ({"n_jobs": "2"}, "n_jobs must be a positive int or -1"),
        ({"threshold": 1.5}, r"threshold must be a float in \[0, 1\]"),
    ],
)
def test_bad_arguments_fail_before_any_work(
    kwargs: dict[str, Any], match: str, modes_taxonomy: Taxonomy
) -> None:
    with pytest.raises(SundtextValueError, match=match):
        tag_frame(frame(), taxonomy=modes_taxonomy, **kwargs)


def test_accessor_tag_is_tag_frame(modes_taxonomy: Taxonomy) -> None:
    df = frame(INDEXES["strings"])
    pd.testing.assert_frame_equal(
        df.sundtext.tag(taxonomy=modes_taxonomy), tag_frame(df, taxonomy=modes_taxonomy)
    )


@pytest.mark.parametrize("index", INDEXES.values(), ids=INDEXES.keys())
def test_mentions_is_a_long_table_with_valid_offsets(index: Any, modes_taxonomy: Taxonomy) -> None:
    df = frame(index)
    ev = df.sundtext.mentions(taxonomy=modes_taxonomy)
    n_labels = df.index.nlevels
    assert list(ev.columns[n_labels:]) == list(MENTION_COLUMNS)
    assert len(ev) == sum(len(tag(t, taxonomy=modes_taxonomy).mentions) for t in TEXTS)
    assert ev["start"].dtype == np.int64 and ev["tagged"].dtype == bool
    labels = ev.set_index(list(ev.columns[:n_labels])).index
    assert set(labels) <= set(df.index)
    # every mention can be checked against its own row's text
    texts = dict(zip(df.index, df["text"], strict=True)) if n_labels == 1 else None
    if texts is not None and df.index.is_unique:
        for row in ev.itertuples(index=False):
            label = row[0]
            assert texts[label][row.start : row.end] == row.surface
    counts = ev[ev["tagged"]].groupby("theme").size().to_dict()
    results = [tag(t, taxonomy=modes_taxonomy) for t in TEXTS]
    expected = Counter(m.theme for r in results for m in r.mentions if m.theme in r.themes)
    assert counts == dict(expected) and counts["workforce"] >= 2


def test_mentions_with_an_id_column_and_the_default_label(modes_taxonomy: Taxonomy) -> None:
    df = frame(pd.Index(["d", "b", "c", "a"], name="key"))
    by_id = df.sundtext.mentions(taxonomy=modes_taxonomy, id="id")
    assert by_id.columns[0] == "id" and set(by_id["id"]) <= set(df["id"])
    by_index = df.sundtext.mentions(taxonomy=modes_taxonomy)
    assert by_index.columns[0] == "key"
    assert (by_index["key"].map(df["id"]) == by_id["id"]).all()
    joined = by_index.merge(df[["year"]], left_on="key", right_index=True)
    assert len(joined) == len(by_index)


def test_mentions_of_a_frame_without_evidence_has_the_columns(modes_taxonomy: Taxonomy) -> None:
    df = pd.DataFrame({"text": ["Cykelstien er ny.", None]})
    ev = df.sundtext.mentions(taxonomy=modes_taxonomy)
    assert len(ev) == 0
    assert list(ev.columns) == ["index", *MENTION_COLUMNS]


def test_progress_bar_goes_to_stderr(
    modes_taxonomy: Taxonomy, capsys: pytest.CaptureFixture[str]
) -> None:
    tag_frame(frame(), taxonomy=modes_taxonomy, progress=True)
    captured = capsys.readouterr()
    assert captured.out == "" and "4/4" in captured.err


def _python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )


def test_import_sundtext_does_not_import_pandas_but_tag_frame_registers_the_accessor() -> None:
    res = _python(
        "import sys, sundtext\n"
        "assert 'pandas' not in sys.modules, 'import sundtext imported pandas'\n"
        "import pandas as pd\n"
        "assert not hasattr(pd.DataFrame, 'sundtext')\n"
        "sundtext.tag_frame\n"
        "df = pd.DataFrame({'text': ['x']})\n"
        "print(type(df.sundtext).__name__)\n"
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "SundtextAccessor"


def test_import_sundtext_frame_registers_the_accessor() -> None:
    res = _python("import pandas as pd, sundtext.frame\nprint(hasattr(pd.DataFrame, 'sundtext'))")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "True"
