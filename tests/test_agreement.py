"""Agreement between two codings: Krippendorff's alpha against hand computation, matching, files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sundtext
from sundtext.agreement import agreement, krippendorff_alpha, read_codings
from sundtext.errors import GoldFormatError


def test_alpha_of_a_hand_computed_binary_example() -> None:
    # 10 articles, two coders, 1 = has the theme. Pairs: (1,1) x3, (0,0) x5, (1,0), (0,1).
    # Coincidences (each pair counted both ways): o11 = 6, o00 = 10, o10 = o01 = 2.
    # n1 = 8, n0 = 12, n = 20. D_o ~ o10 + o01 = 4; D_e ~ 2 * n0 * n1 / (n - 1) = 192 / 19.
    # alpha = 1 - (n - 1) * 4 / (2 * n0 * n1) = 1 - 19 * 4 / 192 = 0.604166...
    units = [(1, 1)] * 3 + [(0, 0)] * 5 + [(1, 0), (0, 1)]
    assert krippendorff_alpha(units) == pytest.approx(1 - 19 * 4 / 192)


def test_alpha_of_krippendorffs_published_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal: 0.743
    data = [
        (1, 1, None, 1), (2, 2, 3, 2), (3, 3, 3, 3), (3, 3, 3, 3), (2, 2, 2, 2), (1, 2, 3, 4),
        (4, 4, 4, 4), (1, 1, 2, 1), (2, 2, 2, 2), (None, 5, 5, 5), (None, None, 1, 1),
        (None, 3, None, None),
    ]  # fmt: skip
    assert krippendorff_alpha(data) == pytest.approx(0.743, abs=5e-4)


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        ([(1, 1), (0, 0), (1, 1)], 1.0),  # perfect agreement
        ([(1, 0), (0, 1), (1, 0), (0, 1)], -0.75),  # always opposite: 1 - 7 * 8 / 32
        ([(1, 1), (1, 1)], math.nan),  # one value only: nothing to measure
        ([(1, None), (None, 0)], math.nan),  # no pairable unit
    ],
)
def test_alpha_edge_cases(units: list[tuple[int | None, ...]], expected: float) -> None:
    got = krippendorff_alpha(units)
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)


@given(
    st.lists(
        st.tuples(st.sampled_from([0, 1, None]), st.sampled_from([0, 1, None])),
        min_size=1,
        max_size=30,
    )
)
def test_alpha_does_not_depend_on_coder_or_unit_order(units: list[tuple[int | None, ...]]) -> None:
    a = krippendorff_alpha(units)
    b = krippendorff_alpha([(y, x) for x, y in reversed(units)])
    assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)
    if not math.isnan(a):
        assert a <= 1.0 + 1e-12


CODER_A = [
    {"id": "x1", "themes": ["ai", "access"]},
    {"id": "x2", "themes": ["access"]},
    {"id": "x3", "themes": []},
    {"id": "x4", "themes": ["ai"]},
    {"id": "only-a", "themes": ["funding"]},
]
CODER_B = [
    {"id": "x4", "themes": ["ai"]},
    {"id": "x3", "themes": ["access"]},
    {"id": "x2", "themes": ["access"]},
    {"id": "x1", "themes": ["ai"]},
    {"id": "only-b", "themes": []},
]


def test_codings_are_matched_by_id_and_unmatched_ids_reported() -> None:
    ag = agreement(CODER_A, CODER_B)
    assert ag.n_articles == 4
    assert ag.only_a == ("only-a",) and ag.only_b == ("only-b",)
    rows = {t.label: t for t in ag.themes}
    assert list(rows) == ["ai", "access"]  # used themes, in the taxonomy's order
    assert (rows["ai"].n_a, rows["ai"].n_b, rows["ai"].both, rows["ai"].alpha) == (2, 2, 2, 1.0)
    access = rows["access"]  # A: x1 x2; B: x2 x3 -> 2 of 4 articles agree
    assert (access.percent, access.positive) == (0.5, 0.5)
    assert ag.micro_f1 == pytest.approx(2 * 3 / 8)
    assert ag.exact == pytest.approx(2 / 4)  # x2 and x4
    assert ag.alpha == pytest.approx(krippendorff_alpha(
        [(int("ai" in a), int("ai" in b)) for a, b in [({"ai", "access"}, {"ai"}), ({"access"}, {"access"}), (set(), {"access"}), ({"ai"}, {"ai"})]]
        + [(int("access" in a), int("access" in b)) for a, b in [({"ai", "access"}, {"ai"}), ({"access"}, {"access"}), (set(), {"access"}), ({"ai"}, {"ai"})]]
    ))  # fmt: skip


def test_a_coding_agrees_perfectly_with_itself() -> None:
    ag = sundtext.agreement(CODER_A, CODER_A)
    assert ag.micro_f1 == 1.0 and ag.exact == 1.0 and ag.alpha == 1.0


def test_files_csv_cells_and_reports(tmp_path: Path) -> None:
    a = tmp_path / "a.jsonl"
    a.write_text("".join(json.dumps(r) + "\n" for r in CODER_A), encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text(
        'id,sundtext_themes\nx4,"[""ai""]"\nx3,access\nx2,access\nx1,ai\n', encoding="utf-8"
    )
    ag = agreement(a, b, column_b="sundtext_themes")
    assert ag == agreement(CODER_A, CODER_B[:4])
    data = json.loads(json.dumps(ag.to_dict()))
    assert data["n_articles"] == 4 and data["themes"][0]["label"] == "ai"
    assert "alpha" in ag.format() and ag.to_frame().loc["access", "percent"] == 0.5


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([{"themes": ["ai"]}], "no 'id'"),
        ([{"id": 1, "themes": []}, {"id": 1, "themes": []}], "appears twice"),
        ([{"id": 1, "labels": []}], "no 'themes' field"),
        ([{"id": 1, "themes": 5}], "must be a list of theme ids"),
    ],
)
def test_malformed_codings_are_clear_errors(records: list[dict[str, object]], message: str) -> None:
    with pytest.raises(GoldFormatError, match=message):
        read_codings(records)


def test_codings_without_a_shared_id_are_an_error() -> None:
    with pytest.raises(GoldFormatError, match="share no article id"):
        agreement([{"id": 1, "themes": []}], [{"id": 2, "themes": []}])
