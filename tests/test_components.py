"""The spaCy component sundtext_themes: spans, cats, doc._.sundtext, config, serialisation."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import sundtext
import sundtext.components  # registers the factory where sundtext is not pip-installed
from sundtext.errors import SundtextValueError, TaxonomyError

from .conftest import ROOT

TEXT = (
    "Hackere lammede hospitalets it-systemer\n\n"
    "Cyberangrebet ramte regionens sygehuse, og kunstig intelligens skal nu overvåge netværket. "
    "Patienterne venter længere på operation."
)

OVERLAP_TOML = """
[scoring]
min_domain = 0
[groups.care]
da = "Pleje"
en = "Care"
[themes.robots]
group = "care"
terms = ["robotkirurgi"]
[themes.surgery]
group = "care"
terms = ["*kirurgi"]
"""


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("sundtext_themes")
    return pipeline


def test_spans_cats_and_tags_agree_with_sundtext_tag(nlp: Language) -> None:
    doc = nlp(TEXT)
    expected = sundtext.tag(TEXT)
    spans = doc.spans["sundtext_themes"]
    assert [span.label_ for span in spans] == [m.theme for m in expected.mentions]
    assert [span.id_ for span in spans] == [m.entry for m in expected.mentions]
    for span, m in zip(spans, expected.mentions, strict=True):
        assert span.start_char <= m.start and m.end <= span.end_char
    assert doc._.sundtext == expected
    assert doc.cats == pytest.approx(dict(expected.scores))
    assert set(doc.cats) == set(sundtext.load_taxonomy().themes)
    assert {"cybersecurity", "ai"} <= set(doc._.sundtext.themes)


def test_a_doc_without_the_component_has_no_tags(nlp: Language) -> None:
    assert nlp.make_doc("Ventetiden stiger.")._.sundtext is None


def test_overlapping_mentions_are_all_kept_as_spans(tmp_path: Path) -> None:
    path = tmp_path / "overlap.toml"
    path.write_text(OVERLAP_TOML, encoding="utf-8")
    pipeline = spacy.blank("da")
    pipeline.add_pipe("sundtext_themes", config={"taxonomy": str(path)})
    doc = pipeline("Robotkirurgi vinder frem.")
    assert [(s.text, s.label_) for s in doc.spans["sundtext_themes"]] == [
        ("Robotkirurgi", "robots"),
        ("Robotkirurgi", "surgery"),
    ]


def test_config_sets_taxonomy_threshold_and_spans_key() -> None:
    pipeline = spacy.blank("da")
    component = pipeline.add_pipe(
        "sundtext_themes",
        config={
            "taxonomy": str(ROOT / "data" / "custom_taxonomy.toml"),
            "threshold": 0.99,
            "spans_key": "evidence",
        },
    )
    assert component.labels == ("emergency", "gp_capacity", "gp_pay")
    doc = pipeline("Akutmodtagelsen på sygehuset og ambulancerne har travlt.")
    assert [s.label_ for s in doc.spans["evidence"]] == ["emergency", "emergency"]
    assert "sundtext_themes" not in doc.spans
    assert doc._.sundtext.themes == ()  # the evidence is there, below 0.99
    assert 0 < doc.cats["emergency"] < 0.99


@pytest.mark.parametrize("threshold", [1.5, -0.1])
def test_a_threshold_outside_0_1_is_refused(threshold: float) -> None:
    with pytest.raises(SundtextValueError, match=r"threshold must be a float in \[0, 1\]"):
        spacy.blank("da").add_pipe("sundtext_themes", config={"threshold": threshold})


def test_a_missing_taxonomy_file_is_an_error_at_the_first_doc(tmp_path: Path) -> None:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("sundtext_themes", config={"taxonomy": str(tmp_path / "nope.toml")})
    with pytest.raises(TaxonomyError, match="does not exist"):
        pipeline("Ventetiden stiger.")


def test_to_disk_and_spacy_load_keep_taxonomy_and_threshold(tmp_path: Path) -> None:
    taxonomy = tmp_path / "mine.toml"
    taxonomy.write_text(
        (ROOT / "data" / "custom_taxonomy.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    pipeline = spacy.blank("da")
    pipeline.add_pipe("sundtext_themes", config={"taxonomy": str(taxonomy), "threshold": 0.3})
    text = "Lægedækningen er for dårlig, og patienterne mangler en læge i kommunen."
    before = pipeline(text)
    pipeline.to_disk(tmp_path / "pipeline")
    taxonomy.unlink()  # the saved pipeline must not need the original file

    loaded = spacy.load(tmp_path / "pipeline")
    after = loaded(text)
    component = loaded.get_pipe("sundtext_themes")
    assert component.threshold == 0.3
    assert component.labels == ("emergency", "gp_capacity", "gp_pay")
    assert after.cats == before.cats
    assert after._.sundtext == before._.sundtext
    assert [(s.start, s.end, s.label_) for s in after.spans["sundtext_themes"]] == [
        (s.start, s.end, s.label_) for s in before.spans["sundtext_themes"]
    ]


def test_to_bytes_round_trip_restores_taxonomy_and_threshold(nlp: Language) -> None:
    source = spacy.blank("da")
    source.add_pipe(
        "sundtext_themes",
        config={"taxonomy": str(ROOT / "data" / "custom_taxonomy.toml"), "threshold": 0.2},
    )
    target = spacy.blank("da")
    target.add_pipe("sundtext_themes")
    target.from_bytes(source.to_bytes())
    component = target.get_pipe("sundtext_themes")
    assert component.threshold == 0.2 and component.labels[0] == "emergency"


def test_from_disk_without_the_component_files_says_what_is_missing(tmp_path: Path) -> None:
    component = spacy.blank("da").add_pipe("sundtext_themes")
    with pytest.raises(TaxonomyError, match="no 'cfg' file"):
        component.from_disk(tmp_path)


def test_annotated_docs_serialise_with_to_bytes_and_docbin(nlp: Language) -> None:
    doc = nlp(TEXT)
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert copy._.sundtext == doc._.sundtext
    assert copy.cats == doc.cats
    assert [(s.start, s.end, s.label_) for s in copy.spans["sundtext_themes"]] == [
        (s.start, s.end, s.label_) for s in doc.spans["sundtext_themes"]
    ]
    docs = list(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))
    assert docs[0]._.sundtext == doc._.sundtext


def test_nlp_pipe_with_two_processes_gives_the_same_annotations(nlp: Language) -> None:
    texts = [TEXT, "Ventelisterne vokser.", "Cykelstien bliver asfalteret."] * 2
    single = [d._.sundtext for d in nlp.pipe(texts)]
    double = [d._.sundtext for d in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert double == single


def test_score_reports_multilabel_f1_against_gold_cats(nlp: Language) -> None:
    from spacy.training import Example

    labels = nlp.get_pipe("sundtext_themes").labels
    gold = nlp.make_doc(TEXT)
    gold.cats = {label: float(label in {"cybersecurity", "ai", "access"}) for label in labels}
    scores = nlp.evaluate([Example(nlp.make_doc(TEXT), gold)])
    assert 0.0 < scores["cats_micro_f"] <= 1.0
    assert "cybersecurity" in scores["cats_f_per_type"]


_WORDS = st.sampled_from(
    [
        "Cyberangrebet", "KOL'en", "it-systemer", "kunstig", "intelligens", "sygeplejersker",
        "mangler", "cyber-", "og", "informationssikkerhed", "«ventetid»", "(AI)", "e-sundhed",
        "3,5", "mio.", "kr.", "🙂", "\n\n", "—", "sundhedsdata,", "Sundhedsplatformen.",
    ]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, max_size=25).map(" ".join))
def test_every_mention_becomes_a_span_that_covers_it(text: str) -> None:
    pipeline = _shared_pipeline()
    doc = pipeline(text)
    mentions = doc._.sundtext.mentions
    spans = doc.spans["sundtext_themes"]
    assert len(spans) == len(mentions)
    for span, m in zip(spans, mentions, strict=True):
        assert span.label_ == m.theme
        assert span.start_char <= m.start < m.end <= span.end_char


_PIPELINE: list[Language] = []


def _shared_pipeline() -> Language:
    if not _PIPELINE:
        pipeline = spacy.blank("da")
        pipeline.add_pipe("sundtext_themes")
        _PIPELINE.append(pipeline)
    return _PIPELINE[0]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )


def test_import_sundtext_imports_neither_spacy_nor_sklearn_nor_matplotlib() -> None:
    res = _run(
        "import sys, sundtext\n"
        "sundtext.discover_topics, sundtext.suggest_terms  # lazy names resolve\n"
        "heavy = [m for m in ('spacy', 'matplotlib') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"
    res = _run("import sys, sundtext\nprint('sklearn' in sys.modules, 'spacy' in sys.modules)")
    assert res.stdout.strip() == "False False", res.stderr


def _declared_in_pyproject() -> bool:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return "spacy_factories" in text and "sundtext.components:make_theme_component" in text


def test_the_entry_point_lets_spacy_build_the_component_without_importing_sundtext() -> None:
    if not _declared_in_pyproject():
        pytest.skip("pyproject.toml declares no spacy_factories entry point yet")
    points = {ep.name: ep.value for ep in metadata.entry_points(group="spacy_factories")}
    assert points.get("sundtext_themes") == "sundtext.components:make_theme_component", (
        "pyproject.toml declares the entry point but the installed metadata lacks it: "
        "reinstall with `pip install -e '.[dev]'`"
    )
    res = _run(
        "import spacy, sys\n"
        "assert 'sundtext' not in sys.modules\n"
        "nlp = spacy.blank('da')\n"
        "nlp.add_pipe('sundtext_themes')\n"
        "print(nlp('Cyberangrebet ramte sygehusets it-systemer.')._.sundtext.themes)\n"
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "('cybersecurity',)"


def test_initialize_keeps_the_taxonomy_restored_from_disk(tmp_path: Path) -> None:
    taxonomy = tmp_path / "mine.toml"
    taxonomy.write_bytes((ROOT / "data" / "custom_taxonomy.toml").read_bytes())
    pipeline = spacy.blank("da")
    pipeline.add_pipe("sundtext_themes", config={"taxonomy": str(taxonomy)})
    pipeline.to_disk(tmp_path / "pipeline")
    taxonomy.unlink()
    loaded = spacy.load(tmp_path / "pipeline")
    loaded.initialize()
    assert loaded.get_pipe("sundtext_themes").labels == ("emergency", "gp_capacity", "gp_pay")
