"""Evaluation against gold annotations: metrics, error lists, formats, bad gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sundtext.errors import GoldFormatError
from sundtext.evaluate import evaluate, read_gold
from sundtext.taxonomy import Taxonomy

BODY = "Patienterne på sygehuset skal have det bedre. "
GOLD = [
    {"id": "a", "text": BODY + "Ventetiden og ventelisten vokser.", "themes": ["access"]},
    {
        "id": "b",
        "text": BODY + "Kunstig intelligens og maskinlæring.",
        "themes": ["ai", "workforce"],
    },
    {
        "id": "c",
        "text": BODY + "Ventetiden og ventelisten. AI og kunstig intelligens.",
        "themes": ["access"],
    },
    {"id": "d", "text": "Cykelstien bliver asfalteret.", "themes": []},
]


def test_metrics_count_true_false_positives_and_misses(modes_taxonomy: Taxonomy) -> None:
    ev = evaluate(GOLD, taxonomy=modes_taxonomy)
    scores = {s.label: s for s in ev.themes}
    assert (scores["access"].tp, scores["access"].predicted, scores["access"].support) == (2, 2, 2)
    assert (scores["ai"].tp, scores["ai"].predicted, scores["ai"].support) == (1, 2, 1)
    assert scores["ai"].precision == 0.5 and scores["ai"].recall == 1.0
    assert scores["workforce"].recall == 0.0
    # micro: tp 3, predicted 4, support 4
    assert ev.micro_precision == pytest.approx(0.75)
    assert ev.micro_recall == pytest.approx(0.75)
    assert ev.micro_f1 == pytest.approx(0.75)
    # macro over themes that occur: access 1.0, ai 2/3, workforce 0
    assert ev.macro_f1 == pytest.approx((1.0 + 2 / 3 + 0.0) / 3)
    assert ev.n_articles == 4


def test_errors_list_missed_and_extra_themes_with_evidence(modes_taxonomy: Taxonomy) -> None:
    ev = evaluate(GOLD, taxonomy=modes_taxonomy)
    errors = {e.id: e for e in ev.errors}
    assert set(errors) == {"b", "c"}
    assert errors["b"].missed == ("workforce",) and errors["b"].extra == ()
    assert errors["b"].evidence["workforce"] == "no evidence"
    assert errors["c"].extra == ("ai",)
    assert "AI" in errors["c"].evidence["ai"]


def test_group_scores_are_derived_from_themes(modes_taxonomy: Taxonomy) -> None:
    ev = evaluate(GOLD, taxonomy=modes_taxonomy)
    groups = {s.label: s for s in ev.groups}
    assert groups["technology"].support == 1 and groups["technology"].predicted == 2
    assert (
        groups["organisation"].support,
        groups["organisation"].tp,
        groups["organisation"].predicted,
    ) == (3, 2, 2)


def test_jsonl_file_dataframe_and_dicts_give_the_same_result(
    modes_taxonomy: Taxonomy, tmp_path: Path
) -> None:
    import pandas as pd

    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD) + "\n\n", encoding="utf-8"
    )
    from_dicts = evaluate(GOLD, taxonomy=modes_taxonomy)
    assert evaluate(path, taxonomy=modes_taxonomy) == from_dicts
    assert evaluate(pd.DataFrame(GOLD), taxonomy=modes_taxonomy) == from_dicts


def test_report_and_dict_forms(modes_taxonomy: Taxonomy) -> None:
    ev = evaluate(GOLD, taxonomy=modes_taxonomy)
    text = ev.format()
    assert "micro P 0.750" in text and "- b: missed ['workforce']" in text
    data = json.loads(json.dumps(ev.to_dict()))
    assert data["micro_f1"] == pytest.approx(0.75)
    assert ev.to_frame().loc["access", "f1"] == 1.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "x", "themes": ["ai"]}\n{broken\n', r"gold.jsonl:2: not valid JSON"),
        ('{"text": 5, "themes": []}\n', r"gold.jsonl:1: 'text' must be a string"),
        ('{"text": "x", "themes": "ai"}\n', r"gold.jsonl:1: 'themes' must be a list"),
        (
            '{"text": "x", "themes": ["robots"]}\n',
            r"gold themes \['robots'\] are not in the taxonomy",
        ),
    ],
)
def test_malformed_gold_files_name_the_line(
    modes_taxonomy: Taxonomy, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFormatError, match=message):
        evaluate(path, taxonomy=modes_taxonomy)


def test_missing_gold_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="does not exist"):
        read_gold(tmp_path / "nope.jsonl")


def test_prevalence_error_is_the_tagged_share_minus_the_true_share(
    modes_taxonomy: Taxonomy,
) -> None:
    ev = evaluate(GOLD, taxonomy=modes_taxonomy)
    scores = {s.label: s for s in ev.themes}
    ai = scores["ai"]  # true in 1 of 4 articles, tagged in 2
    assert (ai.prevalence, ai.predicted_prevalence, ai.prevalence_error) == (0.25, 0.5, 0.25)
    assert scores["workforce"].prevalence_error == -0.25
    # mean over themes that occur: access 0, ai +0.25, workforce -0.25
    assert ev.prevalence_mae == pytest.approx(0.5 / 3)
    assert "prevalence: mean absolute error 0.167" in ev.format()
    assert ev.to_frame().loc["ai", "prevalence_error"] == 0.25


def test_bootstrap_intervals_are_seeded_and_bracket_the_estimate(
    modes_taxonomy: Taxonomy,
) -> None:
    plain = evaluate(GOLD, taxonomy=modes_taxonomy)
    assert plain.micro_f1_ci is None and plain.themes[0].f1_ci is None
    ev = evaluate(GOLD * 5, taxonomy=modes_taxonomy, bootstrap=300, seed=7)
    assert ev == evaluate(GOLD * 5, taxonomy=modes_taxonomy, bootstrap=300, seed=7)
    assert ev != evaluate(GOLD * 5, taxonomy=modes_taxonomy, bootstrap=300, seed=8)
    assert ev.micro_f1_ci is not None and ev.macro_f1_ci is not None
    low, high = ev.micro_f1_ci
    assert low <= ev.micro_f1 <= high < 1.0
    for s in ev.themes:
        if s.support or s.predicted:
            assert s.f1_ci is not None and s.f1_ci[0] <= s.f1 <= s.f1_ci[1]
    assert s.precision_ci is None or 0 <= s.precision_ci[0] <= s.precision_ci[1] <= 1
    text = ev.format()
    assert "F1 95% CI" in text and "bootstrap 95% CI (300 resamples" in text
    json.dumps(ev.to_dict())


def test_bootstrap_must_be_a_count(modes_taxonomy: Taxonomy) -> None:
    with pytest.raises(ValueError, match="bootstrap must be an int >= 0"):
        evaluate(GOLD, taxonomy=modes_taxonomy, bootstrap=-1)


def test_a_model_is_scored_with_its_review_flags() -> None:
    pytest.importorskip("sklearn")
    from sundtext.classify import HybridTagger, ThemeClassifier

    texts = [
        "Sygehuset mangler sygeplejersker, og flere siger op.",
        "Ventetiden på operation stiger for patienterne på sygehuset.",
        "Regionen kan ikke rekruttere læger til sygehuset.",
        "Ventelisterne på sygehusene vokser, og patienterne venter.",
    ] * 2
    labels = [["workforce"], ["access"]] * 4
    model = HybridTagger(ThemeClassifier(char_ngrams=None), cv=2, random_state=0)
    model.fit(texts, labels)
    gold = [
        {"id": str(i), "text": t, "themes": y}
        for i, (t, y) in enumerate(zip(texts, labels, strict=True))
    ]
    ev = evaluate(gold, model=model)
    assert [s.label for s in ev.themes] == ["access", "workforce"]
    assert ev.review is not None and set(ev.review) >= {"flagged_share", "precision"}
    assert "review:" in ev.format()
    with pytest.raises(ValueError, match="either predict= or model="):
        evaluate(gold, model=model, predict=lambda a: model.tag(a.text))
