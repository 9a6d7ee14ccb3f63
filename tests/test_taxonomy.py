"""Loading, validating and extending taxonomies; the pattern language."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from sundtext.errors import TaxonomyError
from sundtext.taxonomy import Entry, Taxonomy, load_taxonomy, taxonomy_from_dict

from .conftest import MODES_TAXONOMY, ROOT

THEMES_IN_TAXONOMY_MD = {
    "technology": {
        "ai",
        "automation",
        "cybersecurity",
        "health_data",
        "digitalisation",
        "telehealth",
    },
    "care": {
        "cancer",
        "mental_health",
        "chronic_disease",
        "prevention",
        "elderly",
        "access",
        "medicine",
    },
    "organisation": {"workforce", "coherence", "public_private"},
    "governance": {"funding", "regulation", "research_innovation"},
    "society": {"inequality", "green_transition", "preparedness"},
}


def test_default_taxonomy_has_the_22_documented_theme_ids_in_their_groups() -> None:
    tax = load_taxonomy()
    assert len(tax.themes) == 22
    assert set(tax.groups) == set(THEMES_IN_TAXONOMY_MD)
    for group, ids in THEMES_IN_TAXONOMY_MD.items():
        assert {t.id for t in tax.themes.values() if t.group == group} == ids


def test_default_taxonomy_is_loaded_once() -> None:
    assert load_taxonomy() is load_taxonomy()


def test_default_lexicon_is_large_and_every_theme_has_labels() -> None:
    tax = load_taxonomy()
    assert sum(len(t.entries) for t in tax.themes.values()) >= 500
    for theme in tax.themes.values():
        assert len(theme.entries) >= 12, theme.id
        assert theme.da and theme.en and theme.about
    assert tax.domain


@pytest.mark.parametrize(
    ("pattern", "mode", "variants"),
    [
        ("robot", "inflect", {"robot"}),
        ("=data", "exact", {"data"}),
        ("cyber*", "prefix", {"cyber"}),
        ("*personale", "head", {"personale"}),
        ("*sygepleje*", "infix", {"sygepleje"}),
        ("e-sundhed", "inflect", {"e-sundhed", "esundhed", "e sundhed"}),
        (
            "kunstig(e) intelligens",
            "inflect",
            {
                "kunstig intelligens",
                "kunstige intelligens",
                "kunstig-intelligens",
                "kunstige-intelligens",
            },
        ),
        ("Århus", "inflect", {"århus", "aarhus"}),
        ("Aalborg", "inflect", {"aalborg", "ålborg"}),
    ],
)
def test_pattern_modes_and_variants(pattern: str, mode: str, variants: set[str]) -> None:
    entry = Entry.parse(pattern, theme="t")
    assert entry.mode == mode
    assert set(entry.variants) == variants


@pytest.mark.parametrize(
    ("pattern", "case_sensitive"),
    [("AI", True), ("KOL", True), ("ai", False), ("Kræft", False), ("A", False)],
)
def test_acronyms_in_capitals_are_case_sensitive(pattern: str, case_sensitive: bool) -> None:
    assert Entry.parse(pattern, theme="t").case_sensitive is case_sensitive


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("", "no word"),
        ("**", "no word"),
        ("=cyber*", "mixes"),
        ("cy*ber", "only stand at the start"),
        ("digital(e løsning", "unbalanced"),
        ("kræft?", "contains '?'"),
        ("(a|(b))", "unbalanced|nesting"),
    ],
)
def test_malformed_patterns_are_rejected_with_a_reason(pattern: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Entry.parse(pattern, theme="t")


def _broken(**changes: Any) -> dict[str, Any]:
    raw = copy.deepcopy(MODES_TAXONOMY)
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = raw
        for key in parents:
            node = node[key]
        if value is None:
            del node[last]
        else:
            node[last] = value
    return raw


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (_broken(themes__ai__colour="red"), r"theme 'ai' has unknown key\(s\) \['colour'\]"),
        (_broken(themes__ai__group="science"), r"theme 'ai' is in no known group .*'science'"),
        (_broken(themes__ai__terms=[], themes__ai__weak=[]), r"theme 'ai' has an empty lexicon"),
        (_broken(themes__ai__terms=["ai?"]), r"theme 'ai', terms: pattern 'ai\?' contains"),
        (_broken(themes__ai__terms="kunstig intelligens"), r"'terms' must be a list"),
        (
            _broken(themes__ai__terms=[{"pattern": "ai", "weight": "high"}]),
            r"weight of 'ai' must be a number",
        ),
        (_broken(themes__ai__terms=[{"pattern": "ai", "weight": 0}]), r"weight of 'ai' must be in"),
        (_broken(themes__ai__terms=[{"term": "ai"}]), r"unknown key\(s\) \['term'\]"),
        (_broken(scoring__threshold=1.5), r"threshold must be a float in \[0, 1\]"),
        (_broken(scoring__speed=2), r"\[scoring\] has unknown key"),
        (_broken(colour="red"), r"the top level has unknown key"),
        (_broken(domain=None), r"min_domain is 1.0 but \[domain\] has no terms"),
        (_broken(groups={}), r"no \[groups"),
        (_broken(themes={}), r"no \[themes"),
        (_broken(themes__AI={"group": "technology", "terms": ["x"]}), r"ids must be lowercase"),
    ],
)
def test_invalid_taxonomies_name_the_source_theme_and_fix(
    raw: dict[str, Any], message: str
) -> None:
    with pytest.raises(TaxonomyError, match=message) as info:
        taxonomy_from_dict(raw, source="my.toml")
    assert str(info.value).startswith("my.toml: ")


def test_duplicate_theme_ids_in_a_toml_file_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dup.toml"
    path.write_text(
        '[groups.g]\nda = "G"\nen = "G"\n'
        '[themes.a]\ngroup = "g"\nterms = ["x"]\n'
        '[themes.a]\ngroup = "g"\nterms = ["y"]\n',
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyError, match=r"dup.toml: not valid TOML"):
        load_taxonomy(path)


def test_duplicate_theme_ids_in_a_yaml_file_are_an_error(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    path = tmp_path / "dup.yaml"
    path.write_text(
        "groups: {g: {da: G, en: G}}\nthemes:\n  a: {group: g, terms: [x]}\n  a: {group: g, terms: [y]}\n"
        "scoring: {min_domain: 0}\n",
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyError, match=r"dup.yaml: duplicate key 'a' on line 4"):
        load_taxonomy(path)


def test_yaml_and_toml_give_the_same_taxonomy(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    toml = load_taxonomy(ROOT / "data" / "custom_taxonomy.toml")
    import sys

    import yaml

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    raw = tomllib.loads((ROOT / "data" / "custom_taxonomy.toml").read_text(encoding="utf-8"))
    path = tmp_path / "custom.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    from_yaml = load_taxonomy(path)
    assert from_yaml.theme_ids == toml.theme_ids
    assert [t.entries for t in from_yaml.themes.values()] == [
        t.entries for t in toml.themes.values()
    ]


def test_missing_file_and_unknown_extension_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="does not exist"):
        load_taxonomy(tmp_path / "nope.toml")
    other = tmp_path / "tax.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"expected .toml, .yaml or .yml"):
        load_taxonomy(other)


def test_custom_taxonomy_example_loads() -> None:
    tax = load_taxonomy(ROOT / "data" / "custom_taxonomy.toml")
    assert tax.theme_ids == ("emergency", "gp_capacity", "gp_pay")
    assert tax.themes["gp_pay"].entries[1].weight == 0.6


def test_extending_the_default_adds_terms_and_themes() -> None:
    default = load_taxonomy()
    tax = load_taxonomy(ROOT / "data" / "extend_taxonomy.toml")
    assert isinstance(tax, Taxonomy)
    assert set(tax.themes) == set(default.themes) | {"dental"}
    added = {e.pattern for e in tax.themes["ai"].entries} - {
        e.pattern for e in default.themes["ai"].entries
    }
    assert added == {"neurale netværk", "dyb læring"}
    assert tax.themes["dental"].group == "care"


def test_weak_entries_get_the_weak_weight(modes_taxonomy: Taxonomy) -> None:
    weights = {e.pattern: e.weight for e in modes_taxonomy.themes["ai"].entries}
    assert weights["algoritme"] < 1.0 == weights["AI"]
