"""The trainable classifier and the hybrid: the estimator contract, decisions, review, files."""

from __future__ import annotations

import io
import json
import pickle
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, MultiLabelBinarizer
from sklearn.utils import estimator_checks

import sundtext
from sundtext.classify import FORMAT_VERSION, HybridTagger, ModelTags, ThemeClassifier, load_model
from sundtext.errors import ModelFileError, SundtextTypeError, SundtextValueError
from sundtext.taxonomy import Taxonomy

from .conftest import ROOT

skops = pytest.importorskip("skops.io", reason="model files need skops (the 'model' extra)")

ROWS = [json.loads(line) for line in (ROOT / "data" / "sample_corpus.jsonl").open(encoding="utf-8")]
TRAIN = ROWS[:60]
TEST = ROWS[120:140]
X_TRAIN = [{"text": r["text"], "title": r["title"]} for r in TRAIN]
Y_TRAIN = [r["themes"] for r in TRAIN]
X_TEST = [{"text": r["text"], "title": r["title"]} for r in TEST]
THEMES = list(sundtext.load_taxonomy().themes)
# small and fast: no character n-grams for the contract tests
FAST: dict[str, Any] = {"char_ngrams": None, "calibration_cv": 2, "random_state": 0}

TINY_X = [
    "Robotter pakker medicin på sygehuset.",
    "Sygehuset mangler sygeplejersker.",
    "Robotten sparer personalet tid.",
    "Regionen kan ikke rekruttere læger.",
    "Automatisering og robotter i laboratoriet.",
    "Flere sygeplejersker siger op.",
]
TINY_Y = [
    ["automation"],
    ["workforce"],
    ["automation", "workforce"],
    ["workforce"],
    ["automation"],
    ["workforce"],
]


@pytest.fixture(scope="module")
def clf() -> ThemeClassifier:
    return ThemeClassifier(classes=THEMES, random_state=0).fit(X_TRAIN, Y_TRAIN)


@pytest.fixture(scope="module")
def hybrid() -> HybridTagger:
    return HybridTagger(ThemeClassifier(classes=THEMES, random_state=0), cv=3, random_state=0).fit(
        X_TRAIN, Y_TRAIN
    )


# ------------------------------------------------------------------ the estimator contract

API_CHECKS = [
    "check_estimator_cloneable",
    "check_estimator_tags_renamed",
    "check_valid_tag_types",
    "check_estimator_repr",
    "check_no_attributes_set_in_init",
    "check_parameters_default_constructible",
    "check_get_params_invariance",
    "check_set_params",
    "check_do_not_raise_errors_in_init_or_set_params",
    "check_estimators_unfitted",
    "check_mixin_order",
]


@pytest.mark.parametrize("check", API_CHECKS)
@pytest.mark.parametrize("estimator", [ThemeClassifier(), HybridTagger()], ids=type)
def test_scikit_learn_api_checks_that_apply_to_a_text_estimator_pass(
    estimator: Any, check: str
) -> None:
    getattr(estimator_checks, check)(type(estimator).__name__, estimator)


def test_estimator_tags_say_text_in_and_multilabel_out() -> None:
    from sklearn.utils import get_tags

    tags = get_tags(ThemeClassifier())
    assert tags.input_tags.string and not tags.input_tags.two_d_array
    assert tags.classifier_tags.multi_label and tags.target_tags.required


def test_fit_returns_self_sets_only_trailing_underscore_state_and_keeps_params() -> None:
    model = ThemeClassifier(**FAST)
    before = model.get_params()
    assert model.fit(TINY_X, TINY_Y) is model
    assert model.get_params() == before  # check_dont_overwrite_parameters
    learned = set(vars(model)) - set(before)
    assert learned and all(name.endswith("_") for name in learned)


def test_predict_does_not_change_the_model(clf: ThemeClassifier) -> None:
    state = pickle.dumps(clf)
    clf.predict_proba(X_TEST[:3])
    clf.tag_many([r["text"] for r in TEST[:3]])
    assert pickle.dumps(clf) == state  # check_dict_unchanged


def test_fit_is_reproducible_and_idempotent() -> None:
    params = {**FAST, "random_state": 3}
    a = ThemeClassifier(**params).fit(X_TRAIN[:30], Y_TRAIN[:30])
    b = ThemeClassifier(**params).fit(X_TRAIN[:30], Y_TRAIN[:30])
    c = clone(a).fit(TINY_X, TINY_Y).fit(X_TRAIN[:30], Y_TRAIN[:30])
    for other in (b, c):
        np.testing.assert_array_equal(a.predict_proba(X_TEST), other.predict_proba(X_TEST))


def test_predictions_do_not_depend_on_order_or_batch(clf: ThemeClassifier) -> None:
    proba = clf.predict_proba(X_TEST)
    order = np.arange(len(X_TEST))[::-1]
    np.testing.assert_allclose(clf.predict_proba([X_TEST[i] for i in order]), proba[order])
    np.testing.assert_allclose(clf.predict_proba(X_TEST[:5]), proba[:5])  # subset invariance


def test_probabilities_are_monotone_in_the_decision_function(clf: ThemeClassifier) -> None:
    decision, proba = clf.decision_function(X_TEST), clf.predict_proba(X_TEST)
    assert proba.shape == decision.shape == (len(X_TEST), len(THEMES))
    assert ((proba > 0) & (proba < 1)).all()
    for j in range(len(THEMES)):
        order = np.argsort(decision[:, j], kind="stable")
        assert (np.diff(proba[order, j]) >= -1e-12).all()


def test_pickled_model_predicts_the_same(clf: ThemeClassifier) -> None:
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(again.predict_proba(X_TEST), clf.predict_proba(X_TEST))


def test_unfitted_model_raises_not_fitted() -> None:
    for method in ("predict", "predict_proba", "decision_function"):
        with pytest.raises(NotFittedError):
            getattr(ThemeClassifier(), method)(["tekst"])
    with pytest.raises(NotFittedError):
        HybridTagger().tag("tekst")


# ------------------------------------------------------------------ decisions


def test_label_lists_in_give_label_lists_out_highest_first(clf: ThemeClassifier) -> None:
    predicted = clf.predict(X_TEST)
    proba = clf.predict_proba(X_TEST)
    index = {t: j for j, t in enumerate(clf.classes_)}
    for row, p in zip(predicted, proba, strict=True):
        assert [p[index[t]] for t in row] == sorted((p[index[t]] for t in row), reverse=True)
        assert set(row) == {t for t in THEMES if p[index[t]] >= clf.threshold}


def test_indicator_matrix_in_gives_indicator_out_and_named_classes() -> None:
    mlb = MultiLabelBinarizer()
    Y = mlb.fit_transform(TINY_Y)
    model = ThemeClassifier(classes=list(mlb.classes_), **FAST).fit(TINY_X, Y)
    out = model.predict(TINY_X)
    assert isinstance(out, np.ndarray) and out.shape == Y.shape
    assert model.classes_.tolist() == ["automation", "workforce"]
    assert model.score(TINY_X, Y) == model.score(TINY_X, TINY_Y)


def test_any_label_set_can_be_learned() -> None:
    labels = [["positiv"], ["negativ"], ["positiv"], ["negativ"], ["positiv"], ["negativ"]]
    model = HybridTagger(ThemeClassifier(**FAST), cv=2, random_state=0).fit(TINY_X, labels)
    assert model.classes_.tolist() == ["negativ", "positiv"]
    tags = model.tag(TINY_X[0])
    assert set(tags.scores) == {"negativ", "positiv"}
    assert tags.groups == ()  # not themes of the taxonomy


def test_the_classifier_alone_learns_the_sample_corpus(clf: ThemeClassifier) -> None:
    truth = [r["themes"] for r in TEST]
    assert clf.score(X_TEST, truth) >= 0.7


def test_titles_count_and_dataframes_work(clf: ThemeClassifier) -> None:
    import pandas as pd

    frame = pd.DataFrame(X_TEST)
    np.testing.assert_allclose(clf.predict_proba(frame), clf.predict_proba(X_TEST))
    without = clf.predict_proba([{"text": x["text"]} for x in X_TEST])
    assert not np.allclose(without, clf.predict_proba(X_TEST))


@pytest.mark.parametrize(
    ("X", "y", "error", "message"),
    [
        ("én tekst", [["ai"]], SundtextTypeError, "single str"),
        ([b"bytes"], [["ai"]], SundtextTypeError, r"X\[0\] must be a str"),
        ([None], [["ai"]], SundtextTypeError, "Replace missing texts"),
        (["a", "b"], ["ai", "access"], SundtextTypeError, "wrap single labels"),
        (["a", "b"], [["ai"]], SundtextValueError, "2 articles but y has 1"),
        (["a"], [[]], SundtextValueError, "no labels at all"),
        ([], [], SundtextValueError, "X is empty"),
    ],
)
def test_bad_training_data_is_a_clear_error(X: Any, y: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        ThemeClassifier(**FAST).fit(X, y)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"words": "stems"}, "words must be 'lemmas', 'forms' or None"),
        ({"threshold": 1.5}, r"threshold must be a float in \[0, 1\], got 1.5"),
        ({"char_ngrams": (5, 3)}, "char_ngrams must be a pair"),
        ({"C": 0}, "C must be a float > 0"),
        ({"lexicon": "mine"}, "lexicon must be 'default', None"),
        ({"classes": ["ai"]}, r"not in classes; valid ids: \['ai'\]"),
        ({"words": None, "char_ngrams": None, "lexicon": None}, "no features"),
    ],
)
def test_bad_parameters_are_reported_at_fit(params: dict[str, Any], message: str) -> None:
    with pytest.raises(SundtextValueError, match=message):
        ThemeClassifier(**{**FAST, **params}).fit(TINY_X, TINY_Y)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.text(max_size=300), min_size=1, max_size=4))
def test_any_text_gets_valid_probabilities_and_evidence(
    clf: ThemeClassifier, texts: list[str]
) -> None:
    proba = clf.predict_proba(texts)
    assert proba.shape == (len(texts), len(THEMES))
    assert np.isfinite(proba).all() and ((proba >= 0) & (proba <= 1)).all()
    for text, tags in zip(texts, clf.tag_many(texts), strict=True):
        assert set(tags.themes) <= set(THEMES)
        for m in tags.mentions:
            assert text[m.start : m.end] == m.surface


# ------------------------------------------------------------------ scikit-learn tools


def test_works_in_pipeline_gridsearch_and_cross_val_score() -> None:
    Y = MultiLabelBinarizer(classes=THEMES).fit_transform(Y_TRAIN[:24])
    pipe = make_pipeline(
        FunctionTransformer(lambda xs: [sundtext.clean(x) for x in xs]),
        ThemeClassifier(classes=THEMES, **FAST),
    )
    texts = [r["text"] for r in TRAIN[:24]]
    scores = cross_val_score(pipe, texts, Y, cv=3, scoring="f1_micro")
    assert scores.shape == (3,) and (scores > 0.3).all()
    grid = GridSearchCV(
        ThemeClassifier(classes=THEMES, **FAST),
        {"C": [1.0, 10.0]},
        cv=KFold(2, shuffle=True, random_state=0),
    )
    grid.fit(texts, Y_TRAIN[:24])  # label lists with a splitter: scored by micro-F1
    assert grid.best_params_["C"] in (1.0, 10.0)
    assert isinstance(grid.predict(texts[:2]), list)


# ------------------------------------------------------------------ the hybrid


def test_hybrid_flags_exactly_the_articles_with_a_theme_inside_the_band(
    hybrid: HybridTagger,
) -> None:
    low, high = hybrid.review_band  # type: ignore[misc]
    assert low <= hybrid.threshold_ <= high
    for tags in hybrid.tag_many([r["text"] for r in TEST], [r["title"] for r in TEST]):
        assert isinstance(tags, ModelTags)
        doubt = {t for t, p in tags.scores.items() if low < p < high}
        assert set(tags.in_doubt) == doubt
        assert tags.needs_review == bool(doubt)
        assert set(tags.themes) == {t for t, p in tags.scores.items() if p >= hybrid.threshold_}
        for theme in tags.in_doubt:
            assert tags.reasons[theme].startswith("in doubt")


def test_hybrid_without_a_band_flags_nothing(hybrid: HybridTagger) -> None:
    calm = clone(hybrid).set_params(review_band=None)
    calm.__dict__.update({k: v for k, v in vars(hybrid).items() if k.endswith("_")})
    assert not any(t.needs_review for t in calm.tag_many([r["text"] for r in TEST]))


def test_hybrid_follows_the_domain_gate(hybrid: HybridTagger) -> None:
    tags = hybrid.tag("Cykelstien bliver asfalteret, og kommunen planter træer langs vejen.")
    assert tags.themes == () and max(tags.scores.values()) == 0.0


def test_hybrid_is_at_least_as_good_as_the_lexicon_here(hybrid: HybridTagger) -> None:
    truth = [r["themes"] for r in TEST]
    lexicon = sundtext.evaluate([{**r, "id": r["id"]} for r in TEST])
    assert hybrid.score(X_TEST, truth) >= lexicon.micro_f1 - 0.05


def test_an_explicit_threshold_must_lie_in_the_band() -> None:
    with pytest.raises(SundtextValueError, match="outside review_band"):
        HybridTagger(ThemeClassifier(**FAST), threshold=0.9, cv=2).fit(TINY_X, TINY_Y)
    with pytest.raises(SundtextValueError, match="review_band must be None or a pair"):
        HybridTagger(review_band=(0.8, 0.2)).fit(TINY_X, TINY_Y)


# ------------------------------------------------------------------ model= everywhere


def test_tag_tag_many_and_tag_frame_take_a_model(hybrid: HybridTagger) -> None:
    import pandas as pd

    texts = [r["text"] for r in TEST[:6]]
    one = sundtext.tag(texts[0], model=hybrid)
    assert one == hybrid.tag(texts[0])
    many = list(sundtext.tag_many(texts, model=hybrid, batch_size=4))
    assert [t.themes for t in many] == [t.themes for t in hybrid.tag_many(texts)]
    frame = sundtext.tag_frame(pd.DataFrame({"text": texts}), model=hybrid)
    assert list(frame.columns[-3:]) == ["needs_review", "in_doubt", "error"]
    assert frame["needs_review"].tolist() == [t.needs_review for t in many]
    assert frame["in_doubt"].tolist() == [list(t.in_doubt) for t in many]
    assert frame["score_ai"].tolist() == pytest.approx([t.scores["ai"] for t in many])
    plain = sundtext.tag_frame(pd.DataFrame({"text": texts}))
    assert "needs_review" not in plain.columns


def test_model_results_do_not_depend_on_jobs(hybrid: HybridTagger) -> None:
    texts = [r["text"] for r in TEST[:8]]
    one = [t.themes for t in sundtext.tag_many(texts, model=hybrid)]
    two = [t.themes for t in sundtext.tag_many(texts, model=hybrid, n_jobs=2, batch_size=3)]
    assert one == two


def test_model_with_taxonomy_or_threshold_is_refused(hybrid: HybridTagger) -> None:
    with pytest.raises(SundtextValueError, match="cannot be combined with model="):
        sundtext.tag("tekst", model=hybrid, threshold=0.3)
    with pytest.raises(SundtextTypeError, match="model must be a trained"):
        sundtext.tag("tekst", model="model.skops")  # type: ignore[arg-type]


# ------------------------------------------------------------------ model files


def test_saved_models_load_with_identical_predictions(
    clf: ThemeClassifier, hybrid: HybridTagger, tmp_path: Path
) -> None:
    for model in (clf, hybrid):
        path = model.save(tmp_path / f"{type(model).__name__}.skops")
        again = load_model(path)
        assert type(again) is type(model)
        assert again.get_params(deep=False).keys() == model.get_params(deep=False).keys()
        np.testing.assert_array_equal(again.predict_proba(X_TEST), model.predict_proba(X_TEST))
        assert [t.themes for t in again.tag_many([x["text"] for x in X_TEST])] == [
            t.themes for t in model.tag_many([x["text"] for x in X_TEST])
        ]
    with pytest.raises(ModelFileError, match="holds a HybridTagger, not a ThemeClassifier"):
        ThemeClassifier.load(tmp_path / "HybridTagger.skops")


def test_a_custom_lexicon_travels_inside_the_model_file(
    modes_taxonomy: Taxonomy, tmp_path: Path
) -> None:
    model = ThemeClassifier(lexicon=modes_taxonomy, **FAST).fit(TINY_X, TINY_Y)
    again = load_model(model.save(tmp_path / "m.skops"))
    assert isinstance(again.lexicon, Taxonomy) and list(again.lexicon.themes) == list(
        modes_taxonomy.themes
    )
    np.testing.assert_array_equal(again.predict_proba(TINY_X), model.predict_proba(TINY_X))


def _envelope(path: Path) -> dict[str, Any]:
    return skops.load(path, trusted=[])  # type: ignore[no-any-return]


class _Payload:
    """A type no sundtext model holds; loading it would run its __setstate__."""

    ran = False

    def __setstate__(self, state: Any) -> None:  # pragma: no cover - must never run
        _Payload.ran = True


def test_a_model_file_with_a_foreign_type_is_refused(clf: ThemeClassifier, tmp_path: Path) -> None:
    envelope = _envelope(clf.save(tmp_path / "m.skops"))
    envelope["state"]["extra"] = _Payload()
    crafted = tmp_path / "crafted.skops"
    skops.dump(envelope, crafted)
    with pytest.raises(ModelFileError, match=r"refusing to load .*_Payload"):
        load_model(crafted)
    assert not _Payload.ran


def test_a_model_file_with_a_trusted_but_unexpected_sklearn_object_is_refused(
    clf: ThemeClassifier, tmp_path: Path
) -> None:
    from sklearn.linear_model import LogisticRegression

    envelope = _envelope(clf.save(tmp_path / "m.skops"))
    envelope["state"]["words"] = LogisticRegression()  # skops trusts it; sundtext does not
    skops.dump(envelope, tmp_path / "crafted.skops")
    with pytest.raises(ModelFileError, match="LogisticRegression"):
        load_model(tmp_path / "crafted.skops")


def test_a_model_file_of_another_format_version_is_refused(
    clf: ThemeClassifier, tmp_path: Path
) -> None:
    envelope = _envelope(clf.save(tmp_path / "m.skops"))
    envelope["format_version"] = FORMAT_VERSION + 1
    skops.dump(envelope, tmp_path / "future.skops")
    with pytest.raises(ModelFileError, match=f"format version {FORMAT_VERSION + 1}.*Retrain"):
        load_model(tmp_path / "future.skops")


@pytest.mark.parametrize("damage", ["shape", "truncate", "not-zip", "not-ours", "missing"])
def test_damaged_or_foreign_files_are_a_clear_error(
    clf: ThemeClassifier, tmp_path: Path, damage: str
) -> None:
    path = clf.save(tmp_path / "m.skops")
    if damage == "shape":
        envelope = _envelope(path)
        envelope["state"]["coef"] = envelope["state"]["coef"][:, :5]
        skops.dump(envelope, path)
        message = "damaged model file: the model's arrays do not fit"
    elif damage == "truncate":
        path.write_bytes(path.read_bytes()[:-200])
        message = "not a sundtext model file|damaged"
    elif damage == "not-zip":
        path.write_bytes(pickle.dumps({"format": "sundtext-model"}))
        message = "not a sundtext model file"
    elif damage == "not-ours":
        skops.dump({"weights": np.zeros(3)}, path)
        message = "not a sundtext model"
    else:
        path = tmp_path / "nope.skops"
        message = "does not exist"
    with pytest.raises(ModelFileError, match=message):
        load_model(path)


def test_a_file_is_written_atomically_and_holds_only_plain_data(
    hybrid: HybridTagger, tmp_path: Path
) -> None:
    path = hybrid.save(tmp_path / "h.skops")
    assert [p.name for p in tmp_path.iterdir()] == ["h.skops"]
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        schema = json.loads(archive.read("schema.json"))
    modules: set[str] = set()
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            modules.add(node.get("__module__", "builtins"))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    assert modules == {"builtins", "numpy"}


def test_a_seeded_hybrid_seeds_an_unseeded_classifier() -> None:
    def fit() -> HybridTagger:
        np.random.seed(np.random.randint(1000))  # global state must not matter
        return HybridTagger(ThemeClassifier(char_ngrams=None), cv=2, random_state=5).fit(
            TINY_X, TINY_Y
        )

    np.testing.assert_array_equal(fit().predict_proba(TINY_X), fit().predict_proba(TINY_X))
