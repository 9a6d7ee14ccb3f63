"""sundtext: themes with evidence in Danish health-policy texts.

The public API is re-exported here lazily, so ``import sundtext`` stays cheap:
spaCy, pandas and scikit-learn are imported only when a function that needs
them is first used.

Examples
--------
>>> import sundtext
>>> sundtext.clean("Sundhedsv\\u00c3\\u00a6senet")
'Sundhedsvæsenet'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> submodule that defines it
_EXPORTS: dict[str, str] = {
    "clean": "sundtext.clean",
    "clean_html": "sundtext.clean",
    "tokenize": "sundtext.tokenize",
    "nlp": "sundtext.tokenize",
    "Token": "sundtext.tokenize",
    "split_compound": "sundtext.compound",
    "Compound": "sundtext.compound",
    "load_taxonomy": "sundtext.taxonomy",
    "Taxonomy": "sundtext.taxonomy",
    "Theme": "sundtext.taxonomy",
    "Entry": "sundtext.taxonomy",
    "extract_themes": "sundtext.match",
    "Mention": "sundtext.match",
    "ThemeMatcher": "sundtext.match",
    "tag": "sundtext.tag",
    "tag_many": "sundtext.tag",
    "ArticleTags": "sundtext.tag",
    "evaluate": "sundtext.evaluate",
    "Evaluation": "sundtext.evaluate",
}

__all__ = ["__version__", *sorted(_EXPORTS)]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from sundtext.clean import clean, clean_html
    from sundtext.compound import Compound, split_compound
    from sundtext.evaluate import Evaluation, evaluate
    from sundtext.match import Mention, ThemeMatcher, extract_themes
    from sundtext.tag import ArticleTags, tag, tag_many
    from sundtext.taxonomy import Entry, Taxonomy, Theme, load_taxonomy
    from sundtext.tokenize import Token, nlp, tokenize


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sundtext' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
