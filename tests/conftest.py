"""Shared fixtures: a small taxonomy that exercises every match mode, and paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sundtext.taxonomy import Taxonomy, taxonomy_from_dict

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

MODES_TAXONOMY: dict[str, Any] = {
    "taxonomy": {"name": "modes"},
    "scoring": {"min_domain": 1.0},
    "domain": {"terms": ["sundhed*", "*sundhed", "patient*", "*hospital", "sygehus*"]},
    "groups": {
        "technology": {"da": "Teknologi", "en": "Technology"},
        "organisation": {"da": "Organisering", "en": "Organisation"},
    },
    "themes": {
        "cybersecurity": {
            "group": "technology",
            "terms": ["cyber*", "informationssikkerhed", "hackerangreb", "*sikkerhed"],
            "exclude": ["patientsikkerhed*", "forsyningssikkerhed*"],
        },
        "ai": {
            "group": "technology",
            "terms": ["kunstig(e) intelligens", "AI", "maskinlæring*", "=sprogmodel"],
            "weak": ["algoritme"],
        },
        "digitalisation": {
            "group": "technology",
            "terms": ["e-sundhed", "digitaliser*", "*platform*", "sundhedsdatanettet"],
        },
        "workforce": {
            "group": "organisation",
            "terms": [
                "*personale",
                "*sygeplejerske",
                "rekrutter*",
                "mangler hænder",
                "plejepersonale",
            ],
        },
        "access": {
            "group": "organisation",
            "terms": ["ventetid", "venteliste", "aarhus-modellen"],
        },
    },
}


@pytest.fixture(scope="session")
def modes_taxonomy() -> Taxonomy:
    return taxonomy_from_dict(MODES_TAXONOMY, source="<modes fixture>")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (it is only there on the developers' machines)")
    return SHARED
