"""sundtext: themes with evidence in Danish health-policy texts.

``import sundtext`` stays cheap: spaCy, pandas, scikit-learn, ftfy and
BeautifulSoup are imported only inside the functions that need them. The core
functions are imported here eagerly because several share their module's name
(``sundtext.tag`` is the function, ``sundtext.tag``'s module is
``sundtext.tag``); importing them now keeps the function bound to the name
whatever the user imports later. The pandas layer is loaded on first use.

Examples
--------
>>> import sundtext
>>> sundtext.tag("Ventelisterne på sygehusene vokser, og patienterne venter.").themes
('access',)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sundtext.agreement import Agreement, agreement
from sundtext.clean import clean, clean_html
from sundtext.compound import Compound, split_compound
from sundtext.evaluate import Evaluation, evaluate
from sundtext.match import Mention, ThemeMatcher, extract_themes
from sundtext.tag import ArticleTags, tag, tag_many
from sundtext.taxonomy import Entry, Taxonomy, Theme, load_taxonomy
from sundtext.tokenize import Token, lemmatize, nlp, tokenize

__version__ = "0.1.0"

# public names loaded on first use (they import pandas or scikit-learn): name -> module
_LAZY: dict[str, str] = {
    "tag_frame": "sundtext.frame",
    "read_articles": "sundtext.io",
    "write_articles": "sundtext.io",
    "discover_topics": "sundtext.topics",
    "suggest_terms": "sundtext.suggest",
    "ThemeClassifier": "sundtext.classify",
    "HybridTagger": "sundtext.classify",
    "load_model": "sundtext.classify",
}

__all__ = [
    "Agreement",
    "ArticleTags",
    "Compound",
    "Entry",
    "Evaluation",
    "HybridTagger",
    "Mention",
    "Taxonomy",
    "Theme",
    "ThemeClassifier",
    "ThemeMatcher",
    "Token",
    "__version__",
    "agreement",
    "clean",
    "clean_html",
    "discover_topics",
    "evaluate",
    "extract_themes",
    "lemmatize",
    "load_model",
    "load_taxonomy",
    "nlp",
    "read_articles",
    "split_compound",
    "suggest_terms",
    "tag",
    "tag_frame",
    "tag_many",
    "tokenize",
    "write_articles",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from sundtext.classify import HybridTagger, ThemeClassifier, load_model
    from sundtext.frame import tag_frame
    from sundtext.io import read_articles, write_articles
    from sundtext.suggest import suggest_terms
    from sundtext.topics import discover_topics


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sundtext' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
