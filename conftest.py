"""pytest configuration for the whole repository (the doctests in src/ and README.md too).

A module that needs an optional extra is not collected for its doctests when the extra
is missing, so ``pytest`` runs in an environment with only the core dependencies; its
tests in ``tests/`` skip themselves.
"""

from __future__ import annotations

import importlib.util


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


collect_ignore: list[str] = []
if not (_installed("dask") and _installed("distributed")):
    collect_ignore.append("src/sundtext/dask.py")
