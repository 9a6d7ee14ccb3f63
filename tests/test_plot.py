"""Plots of a tagged corpus (drawn with the Agg backend) and the HTML highlight of one article."""

from __future__ import annotations

import html
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import sundtext  # noqa: E402
from sundtext.errors import SundtextTypeError, SundtextValueError  # noqa: E402
from sundtext.plot import (  # noqa: E402
    highlight,
    plot_cooccurrence,
    plot_prevalence,
    plot_sources,
    theme_colors,
)

from .conftest import ROOT  # noqa: E402

FRAME = pd.DataFrame(
    {
        "date": ["2021-02-01", "2021-11-30", "2023-05-05", "2023-06-06", "not a date"],
        "source": ["Region A", "Region A", "Avisen", None, "Avisen"],
        "themes": [["ai", "access"], ["access"], ["ai"], [], ["funding"]],
    }
)


@pytest.fixture(autouse=True)
def _no_show_and_close(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse() -> None:
        raise AssertionError("the library called plt.show()")

    monkeypatch.setattr(plt, "show", refuse)
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def tagged() -> pd.DataFrame:
    articles = sundtext.read_articles(ROOT / "data" / "sample_corpus.jsonl")
    return sundtext.tag_frame(articles, title="title", prefix="sundtext_")


def test_prevalence_is_the_share_of_articles_per_period_with_gaps_for_empty_years(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="sundtext.plot"):
        ax = plot_prevalence(FRAME, ax=Figure().subplots())
    assert "1 rows without a readable date" in caplog.text
    lines = {line.get_label(): line.get_ydata() for line in ax.get_lines()}
    assert list(lines) == ["ai", "access"]  # "funding" only in the undated row
    assert np.allclose(lines["ai"], [0.5, np.nan, 0.5], equal_nan=True)
    assert np.allclose(lines["access"], [1.0, np.nan, 0.0], equal_nan=True)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021\nn=2", "2022\nn=0", "2023\nn=2"]
    assert ax.get_ylabel() == "share of articles"


def test_prevalence_by_month_with_selected_themes_and_danish_labels() -> None:
    ax = plot_prevalence(
        FRAME, freq="month", select=["access"], labels="da", ax=Figure().subplots()
    )
    (line,) = ax.get_lines()
    assert line.get_label() == sundtext.load_taxonomy().themes["access"].da
    assert len(line.get_xdata()) == 29  # February 2021 to June 2023
    assert ax.get_title().endswith("by month")
    assert line.get_color() == theme_colors()["access"]


def test_prevalence_reads_theme_lists_written_as_json_strings_to_csv() -> None:
    frame = FRAME.assign(themes=['["ai", "access"]', '["access"]', '["ai"]', "[]", None])
    ax = plot_prevalence(frame, ax=Figure().subplots())
    assert [line.get_label() for line in ax.get_lines()] == ["ai", "access"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"freq": "week"}, "freq must be one of 'year', 'quarter', 'month'"),
        ({"date": "published"}, "the date column 'published' is not in the frame"),
        ({"themes": "sundtext_themes"}, "its columns are date, source, themes"),
        ({"top": 0}, "top must be an int >= 1"),
        ({"labels": "fr"}, "labels must be 'id', 'da' or 'en'"),
    ],
)
def test_bad_plot_arguments_say_what_is_expected(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(SundtextValueError, match=re.escape(message)):
        plot_prevalence(FRAME, ax=Figure().subplots(), **kwargs)  # type: ignore[arg-type]


def test_prevalence_needs_some_date_and_a_dataframe() -> None:
    with pytest.raises(SundtextValueError, match="no row has a date"):
        plot_prevalence(FRAME.assign(date="someday"), ax=Figure().subplots())
    with pytest.raises(SundtextTypeError, match="df must be a pandas DataFrame"):
        plot_prevalence(FRAME.to_dict(), ax=Figure().subplots())  # type: ignore[arg-type]


def test_cooccurrence_counts_articles_with_both_themes() -> None:
    ax = plot_cooccurrence(FRAME, ax=Figure().subplots())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["ai", "access", "funding"]
    texts = {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts
    }
    assert texts[(0, 0)] == "2" and texts[(1, 1)] == "2" and texts[(2, 2)] == "1"
    assert texts[(0, 1)] == texts[(1, 0)] == "1"
    assert (0, 2) not in texts  # no article has ai and funding
    shown = ax.images[0].get_array()
    assert np.ma.is_masked(shown[0, 0]) or np.isnan(shown[0, 0])  # the diagonal is grey


def test_cooccurrence_normalised_is_the_share_of_the_row_themes_articles() -> None:
    ax = plot_cooccurrence(FRAME, normalize=True, select=["access", "ai"], ax=Figure().subplots())
    texts = {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts
    }
    assert texts[(0, 1)] == "50%"  # half of the access articles also have ai
    assert "row theme" in ax.get_title()


def test_sources_show_the_share_of_each_sources_articles() -> None:
    ax = plot_sources(FRAME, top=2, ax=Figure().subplots())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Avisen (n=2)", "Region A (n=2)"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["ai", "access", "funding"]
    assert ax.images[0].get_array().tolist() == [[0.5, 0.0, 0.5], [0.5, 1.0, 0.0]]
    ax = plot_sources(FRAME, ax=Figure().subplots())
    assert "(unknown) (n=1)" in [t.get_text() for t in ax.get_yticklabels()]


def test_every_plot_of_the_tagged_sample_corpus_renders_to_png(
    tagged: pd.DataFrame, tmp_path: Path
) -> None:
    axes = [
        plot_prevalence(tagged, themes="sundtext_themes", freq="quarter"),
        plot_cooccurrence(tagged, themes="sundtext_themes", labels="en"),
        plot_sources(tagged, themes="sundtext_themes"),
    ]
    for i, ax in enumerate(axes):
        assert ax.get_title()
        path = tmp_path / f"plot{i}.png"
        ax.figure.savefig(path)
        assert path.stat().st_size > 10_000
    assert len(axes[1].get_xticklabels()) == 22


def test_theme_colours_are_distinct_and_stable() -> None:
    colors = theme_colors()
    assert list(colors) == list(sundtext.load_taxonomy().themes)
    assert len(set(colors.values())) == 22
    assert all(re.fullmatch("#[0-9a-f]{6}", c) for c in colors.values())


# --------------------------------------------------------------------- highlight


def _visible_text(fragment: str) -> str:
    """The article text of a highlight: the legend dropped, the marks removed, unescaped."""
    body = fragment.split('<div style="white-space:pre-wrap">', 1)[1].rsplit("</div></div>", 1)[0]
    return html.unescape(re.sub(r"</?mark[^>]*>", "", body))


def test_highlight_marks_each_mention_in_its_theme_colour_and_lists_the_themes() -> None:
    text = "Hackere lammede sygehusets it-systemer.\n\nCybersikkerheden skal styrkes."
    view = highlight(text)
    assert view.themes[0] == "cybersecurity"
    assert view.n_mentions == len(sundtext.tag(text).mentions)
    assert view._repr_html_() == view.html
    assert 'data-themes="cybersecurity"' in view.html
    assert "rgba(214,39,40,0.35)" in view.html  # cybersecurity's red
    assert 'title="cybersecurity: hack*"' in view.html
    assert "bold" in view.html.split("</div>", 1)[0]  # tagged themes are bold in the legend
    assert _visible_text(view.html) == text


def test_highlight_stripes_a_word_that_is_evidence_for_two_themes(tmp_path: Path) -> None:
    tax_file = tmp_path / "overlap.toml"
    tax_file.write_text(
        '[scoring]\nmin_domain = 0\n[groups.g]\nda = "G"\nen = "G"\n'
        '[themes.robots]\ngroup = "g"\nterms = ["robotkirurgi"]\n'
        '[themes.surgery]\ngroup = "g"\nterms = ["*kirurgi"]\n',
        encoding="utf-8",
    )
    tax = sundtext.load_taxonomy(tax_file)
    view = highlight("Robotkirurgi vinder frem.", taxonomy=tax)
    assert "linear-gradient" in view.html and 'data-themes="robots surgery"' in view.html


def test_highlight_takes_mentions_and_refuses_mentions_of_another_text() -> None:
    text = "Ventelisterne vokser."
    view = highlight(text, sundtext.extract_themes(text))
    assert view.n_mentions == 1
    with pytest.raises(SundtextValueError, match="does not fit the text"):
        highlight("Noget helt andet her.", sundtext.extract_themes(text))
    with pytest.raises(SundtextTypeError, match="tags must be an ArticleTags"):
        highlight(text, "access")  # type: ignore[arg-type]


def test_highlight_saves_a_standalone_page(tmp_path: Path) -> None:
    path = highlight("Kunstig intelligens læser røntgenbilleder.").save(tmp_path / "a.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and 'charset="utf-8"' in page


_PIECES = [
    "<script>", "&amp;", '"', "'", "Cyberangreb", "sygeplejersker", "mangler", "\n\n",
    "kunstig intelligens", "<b>", "é", "🙂", " ", "ventetid", "&",
]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_highlight_escapes_any_text_and_keeps_it_whole(text: str) -> None:
    view = highlight(text)
    assert "<script>" not in view.html and "<b>" not in view.html
    assert _visible_text(view.html) == text


def test_highlight_works_without_matplotlib() -> None:
    code = (
        "import sys\n"
        "sys.modules['matplotlib'] = None\n"
        "from sundtext.plot import highlight\n"
        "print(highlight('Ventetiden vokser.').n_mentions)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "1"
