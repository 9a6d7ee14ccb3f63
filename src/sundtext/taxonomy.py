"""Taxonomies: themes, groups and their lexicons, read from TOML or YAML.

The default taxonomy (22 themes in 5 groups) ships inside the package; a user's
file may replace it or extend it (``extends = "default"``). Every lexicon entry
is compiled here, once, into the literal strings the matcher searches for; the
schema and the pattern language are documented in ``docs/taxonomy.md``.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, Union

from sundtext.errors import SundtextTypeError, TaxonomyError

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_KEY_WEIGHT",
    "DEFAULT_WEAK_WEIGHT",
    "INFLECTIONS",
    "Entry",
    "Group",
    "Scoring",
    "Taxonomy",
    "TaxonomyLike",
    "Theme",
    "as_taxonomy",
    "load_taxonomy",
]

Mode = Literal["inflect", "exact", "prefix", "head", "infix"]

#: Danish inflectional endings allowed after an ``inflect`` or ``head`` entry:
#: definite article (-en/-et/-ne), plural (-e/-er/-r), definite plural
#: (-erne/-ene/-rne), genitive -s on all of them, and adjective/participle forms.
INFLECTIONS: frozenset[str] = frozenset(
    [
        "e",
        "n",
        "en",
        "et",
        "er",
        "r",
        "ne",
        "rne",
        "erne",
        "ene",
        "s",
        "es",
        "ns",
        "ens",
        "ets",
        "ers",
        "rs",
        "nes",
        "rnes",
        "ernes",
        "enes",
        "t",
        "ede",
        "ere",
        "este",
        "es",
    ]
) | {""}

#: Weight of an entry listed under ``weak``.
DEFAULT_WEAK_WEIGHT = 0.4
#: Weight of an entry listed under ``key``: enough on its own to tag at the default scoring.
DEFAULT_KEY_WEIGHT = 1.5

_MAX_VARIANTS = 256
_PATTERN_CHARS = re.compile(r"[^\W_]|[ \-'’.&+/§]", re.UNICODE)
_ALTERNATION = re.compile(r"\(([^()]*)\)")
_SPACES = re.compile(r"\s+")

_TOP_KEYS = frozenset({"taxonomy", "scoring", "domain", "groups", "themes"})
_META_KEYS = frozenset({"name", "version", "extends", "description", "language"})
_GROUP_KEYS = frozenset({"da", "en", "about"})
_THEME_KEYS = frozenset({"group", "da", "en", "about", "key", "terms", "weak", "exclude"})
_DOMAIN_KEYS = frozenset({"key", "terms", "weak", "exclude"})
_ENTRY_KEYS = frozenset({"pattern", "weight"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One compiled lexicon entry.

    Parameters
    ----------
    pattern : str
        The entry as written in the taxonomy file, e.g. ``"cyber*"``.
    theme : str
        The theme id it belongs to (``""`` for the domain lexicon).
    weight : float
        How much one match counts as evidence, in (0, 10].
    mode : {"inflect", "exact", "prefix", "head", "infix"}
        How the entry meets word boundaries (see ``docs/taxonomy.md``).
    case_sensitive : bool
        True for acronyms written in capitals (``AI``, ``KOL``).
    variants : tuple of str
        The literal strings searched for (lowercased unless case-sensitive).
    exclude : bool
        True for exclusion entries.

    Examples
    --------
    >>> e = Entry.parse("e-sundhed", theme="digitalisation")
    >>> e.mode, sorted(e.variants)
    ('inflect', ['e sundhed', 'e-sundhed', 'esundhed'])
    """

    pattern: str
    theme: str
    weight: float = 1.0
    mode: Mode = "inflect"
    case_sensitive: bool = False
    variants: tuple[str, ...] = ()
    exclude: bool = False

    @classmethod
    def parse(
        cls, pattern: str, *, theme: str, weight: float = 1.0, exclude: bool = False
    ) -> Entry:
        """Compile ``pattern`` into an :class:`Entry`.

        Raises
        ------
        ValueError
            If the pattern is empty or malformed; the message says why.
        """
        if not isinstance(pattern, str):
            raise ValueError(f"a pattern must be a string, got {pattern!r}")
        body = _SPACES.sub(" ", pattern.strip())
        mode: Mode = "inflect"
        if body.startswith("="):
            if "*" in body:
                raise ValueError(f"pattern {pattern!r} mixes '=' (exact) with '*'")
            mode, body = "exact", body[1:].strip()
        else:
            lead, trail = body.startswith("*"), body.endswith("*") and len(body) > 1
            body = body.strip("*").strip()
            if lead and trail:
                mode = "infix"
            elif lead:
                mode = "head"
            elif trail:
                mode = "prefix"
        if not body:
            raise ValueError(f"pattern {pattern!r} has no word in it")
        if "*" in body or "=" in body:
            raise ValueError(
                f"pattern {pattern!r}: '*' may only stand at the start or end, '=' only at the start"
            )
        expanded = _expand_alternations(body, pattern)
        letters = [c for c in body if c.isalpha()]
        case_sensitive = len(letters) >= 2 and all(c.isupper() for c in letters)
        variants: set[str] = set()
        for text in expanded:
            text = text.strip()
            if not text:
                continue
            bad = _PATTERN_CHARS.sub("", text)
            if bad:
                raise ValueError(
                    f"pattern {pattern!r} contains {bad[0]!r}; use letters, digits, spaces, "
                    "hyphens and ' . & + / § only (and '*', '=', '(a|b)' as documented)"
                )
            if not any(c.isalnum() for c in text):
                raise ValueError(f"pattern {pattern!r} has a variant without letters: {text!r}")
            variants.update(_spelling_variants(text if case_sensitive else text.lower()))
            if len(variants) > _MAX_VARIANTS:
                raise ValueError(
                    f"pattern {pattern!r} expands to more than {_MAX_VARIANTS} variants; "
                    "split it into several entries"
                )
        if not variants:
            raise ValueError(f"pattern {pattern!r} has no non-empty variant")
        if not 0 < weight <= 10:
            raise ValueError(f"weight of {pattern!r} must be in (0, 10], got {weight!r}")
        return cls(
            pattern=pattern.strip(),
            theme=theme,
            weight=float(weight),
            mode=mode,
            case_sensitive=case_sensitive,
            variants=tuple(sorted(variants)),
            exclude=exclude,
        )


@dataclass(frozen=True, slots=True)
class Group:
    """A group of themes (``technology``, ``care`` ...)."""

    id: str
    da: str
    en: str
    about: str = ""


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme with its labels and compiled lexicon.

    Examples
    --------
    >>> theme = load_taxonomy().themes["cybersecurity"]
    >>> theme.group, theme.en
    ('technology', 'Cybersecurity')
    """

    id: str
    group: str
    da: str
    en: str
    about: str
    entries: tuple[Entry, ...]
    exclusions: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True)
class Scoring:
    """How mentions become an article's theme scores (see :func:`sundtext.tag`).

    Parameters
    ----------
    threshold : float
        A theme is tagged when its score is at least this, in [0, 1].
    saturation : float
        Evidence at which the score reaches ``1 - 1/e``; ``score = 1 - exp(-evidence / saturation)``.
    title_boost, lead_boost : float
        Factors for a mention in the headline or in the lead paragraph.
    repeat_gain : float
        Each repetition of the same entry adds ``repeat_gain * log(count)``.
    min_domain : float
        Domain evidence (health words) needed before any theme is tagged; 0 turns the gate off.
    """

    threshold: float = 0.5
    saturation: float = 2.0
    title_boost: float = 2.0
    lead_boost: float = 1.5
    repeat_gain: float = 0.6
    min_domain: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise TaxonomyError(
                f"scoring.threshold must be a float in [0, 1], got {self.threshold!r}"
            )
        for name in ("saturation", "title_boost", "lead_boost"):
            value = getattr(self, name)
            if not value > 0:
                raise TaxonomyError(f"scoring.{name} must be > 0, got {value!r}")
        for name in ("repeat_gain", "min_domain"):
            value = getattr(self, name)
            if not value >= 0:
                raise TaxonomyError(f"scoring.{name} must be >= 0, got {value!r}")


@dataclass(frozen=True, eq=False)
class Taxonomy:
    """A validated taxonomy: groups, themes with lexicons, a domain lexicon and scoring.

    Build one with :func:`load_taxonomy`. Objects are immutable; identity is the
    cache key of the compiled matcher, so load a taxonomy once and reuse it.

    Examples
    --------
    >>> tax = load_taxonomy()
    >>> len(tax.themes), len(tax.groups)
    (22, 5)
    >>> tax.themes["ai"].group
    'technology'
    """

    name: str
    version: str
    groups: Mapping[str, Group]
    themes: Mapping[str, Theme]
    domain: tuple[Entry, ...] = ()
    domain_exclusions: tuple[Entry, ...] = ()
    scoring: Scoring = field(default_factory=Scoring)
    source: str = "<memory>"

    @property
    def theme_ids(self) -> tuple[str, ...]:
        """Theme ids in the taxonomy's order."""
        return tuple(self.themes)

    def group_of(self, theme: str) -> str:
        """Return the group id of ``theme``."""
        return self.themes[theme].group

    def __deepcopy__(self, memo: dict[int, Any]) -> Taxonomy:
        # immutable: a copy would only recompile its matcher (sklearn's clone deep-copies)
        return self

    def __copy__(self) -> Taxonomy:
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # mapping proxies do not pickle
        return (
            _rebuild_taxonomy,
            (
                self.name,
                self.version,
                dict(self.groups),
                dict(self.themes),
                self.domain,
                self.domain_exclusions,
                self.scoring,
                self.source,
            ),
        )

    def __repr__(self) -> str:
        entries = sum(len(t.entries) for t in self.themes.values())
        return (
            f"Taxonomy(name={self.name!r}, themes={len(self.themes)}, groups={len(self.groups)}, "
            f"entries={entries}, source={self.source!r})"
        )


def _rebuild_taxonomy(
    name: str,
    version: str,
    groups: dict[str, Group],
    themes: dict[str, Theme],
    domain: tuple[Entry, ...],
    domain_exclusions: tuple[Entry, ...],
    scoring: Scoring,
    source: str,
) -> Taxonomy:
    return Taxonomy(
        name,
        version,
        MappingProxyType(groups),
        MappingProxyType(themes),
        domain,
        domain_exclusions,
        scoring,
        source,
    )


# --------------------------------------------------------------------------- loading


def load_taxonomy(path: str | os.PathLike[str] | None = None) -> Taxonomy:
    """Load and validate a taxonomy.

    Parameters
    ----------
    path : str or path-like, optional
        A ``.toml``, ``.yaml`` or ``.yml`` file. ``None`` loads the default
        taxonomy that ships with sundtext (cached: the same object every call).
        A file with ``[taxonomy] extends = "default"`` adds its themes and
        entries to the default ones.

    Returns
    -------
    Taxonomy

    Raises
    ------
    TaxonomyError
        If the file is missing, cannot be parsed, or does not validate; the
        message names the file, the theme and the fix.

    Examples
    --------
    >>> tax = load_taxonomy()
    >>> "cybersecurity" in tax.themes
    True
    >>> tax.scoring.threshold
    0.5
    """
    if path is None:
        return _default_taxonomy()
    p = Path(path)
    raw = _read_file(p)
    return taxonomy_from_dict(raw, source=str(p))


def taxonomy_from_dict(raw: Mapping[str, Any], *, source: str = "<dict>") -> Taxonomy:
    """Validate a taxonomy given as a parsed mapping (the file's content).

    Examples
    --------
    >>> tax = taxonomy_from_dict({
    ...     "groups": {"care": {"da": "Pleje", "en": "Care"}},
    ...     "themes": {"dementia": {"group": "care", "da": "Demens", "en": "Dementia",
    ...                             "terms": ["demens*", "alzheimer*"]}},
    ...     "scoring": {"min_domain": 0},
    ... })
    >>> tax.theme_ids
    ('dementia',)
    """
    meta = raw.get("taxonomy", {})
    if isinstance(meta, Mapping) and meta.get("extends"):
        if meta["extends"] != "default":
            raise TaxonomyError(
                f"{source}: taxonomy.extends must be 'default', got {meta['extends']!r}"
            )
        raw = _merge(_default_raw(), raw)
    return _build(raw, source)


#: What the ``taxonomy=`` parameter of sundtext's functions takes.
TaxonomyLike = Union[Taxonomy, str, "os.PathLike[str]", None]


def as_taxonomy(taxonomy: TaxonomyLike) -> Taxonomy:
    """Resolve a ``taxonomy=`` argument: ``None`` (the default), a :class:`Taxonomy`, or a path.

    A path is loaded with :func:`load_taxonomy` and cached while the file is
    unchanged, so passing the same path to every call is cheap.

    Raises
    ------
    SundtextTypeError
        For anything else.

    Examples
    --------
    >>> as_taxonomy(None) is load_taxonomy()
    True
    >>> as_taxonomy("data/custom_taxonomy.toml").name
    'akut-og-praksis'
    """
    if taxonomy is None:
        return _default_taxonomy()
    if isinstance(taxonomy, Taxonomy):
        return taxonomy
    if isinstance(taxonomy, (str, os.PathLike)):
        path = Path(taxonomy).resolve()
        try:
            stat = path.stat()
        except OSError:
            return load_taxonomy(path)  # raises the clear "does not exist" error
        return _cached_file(str(path), stat.st_mtime_ns, stat.st_size)
    raise SundtextTypeError(
        f"taxonomy must be a Taxonomy (from sundtext.load_taxonomy), a path to a .toml/.yaml "
        f"file, or None for the default; got {type(taxonomy).__name__} {taxonomy!r:.60}"
    )


@functools.lru_cache(maxsize=16)
def _cached_file(path: str, mtime_ns: int, size: int) -> Taxonomy:
    return load_taxonomy(path)


@functools.lru_cache(maxsize=1)
def _default_taxonomy() -> Taxonomy:
    return _build(_default_raw(), "sundtext:data/taxonomy.toml")


def _default_raw() -> dict[str, Any]:
    data = (resources.files("sundtext") / "data" / "taxonomy.toml").read_bytes()
    return _parse_toml(data.decode("utf-8"), "sundtext:data/taxonomy.toml")


def _read_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise TaxonomyError(
            f"taxonomy file {str(path)!r} does not exist; pass a .toml or .yaml file, "
            "(--taxonomy FILE on the command line), or leave it out for the default taxonomy"
        )
    text = path.read_text(encoding="utf-8-sig")
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return _parse_toml(text, str(path))
    if suffix in {".yaml", ".yml"}:
        try:
            import yaml
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise TaxonomyError(
                f"{path}: reading YAML needs PyYAML; install it with `pip install 'sundtext[yaml]'` "
                "or write the taxonomy in TOML"
            ) from exc
        try:
            data = yaml.load(text, Loader=_unique_key_loader(yaml))
        except _DuplicateKey as exc:
            raise TaxonomyError(f"{path}: {exc}; every id may appear only once") from exc
        except yaml.YAMLError as exc:
            raise TaxonomyError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise TaxonomyError(f"{path}: expected a mapping at the top, got {type(data).__name__}")
        return data
    raise TaxonomyError(
        f"taxonomy file {str(path)!r} has the extension {suffix!r}; expected .toml, .yaml or .yml"
    )


class _DuplicateKey(Exception):
    pass


def _unique_key_loader(yaml: Any) -> Any:
    """A ``yaml.SafeLoader`` that refuses duplicate keys (PyYAML keeps the last silently)."""

    class UniqueKeyLoader(yaml.SafeLoader):  # type: ignore[misc,name-defined]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    line = key_node.start_mark.line + 1
                    raise _DuplicateKey(f"duplicate key {key!r} on line {line}")
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return UniqueKeyLoader


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{source}: not valid TOML: {exc}") from exc


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Add ``extra``'s groups, themes, entries and settings to ``base``."""
    merged: dict[str, Any] = {k: v for k, v in base.items()}
    merged["taxonomy"] = {**base.get("taxonomy", {}), **extra.get("taxonomy", {})}
    merged["taxonomy"].pop("extends", None)
    merged["scoring"] = {**base.get("scoring", {}), **extra.get("scoring", {})}
    merged["groups"] = {**base.get("groups", {}), **extra.get("groups", {})}
    domain = dict(base.get("domain", {}))
    for key, value in extra.get("domain", {}).items():
        domain[key] = [*domain.get(key, []), *value]
    merged["domain"] = domain
    themes = {k: dict(v) for k, v in base.get("themes", {}).items()}
    for tid, spec in extra.get("themes", {}).items():
        if tid in themes and isinstance(spec, Mapping):
            target = themes[tid]
            for key, value in spec.items():
                if key in {"key", "terms", "weak", "exclude"}:
                    target[key] = [*target.get(key, []), *value]
                else:
                    target[key] = value
        else:
            themes[tid] = spec
    merged["themes"] = themes
    for key in extra:
        if key not in merged:
            merged[key] = extra[key]
    return merged


def _build(raw: Mapping[str, Any], source: str) -> Taxonomy:
    if not isinstance(raw, Mapping):
        raise TaxonomyError(f"{source}: expected a mapping at the top level, got {raw!r}")
    _check_keys(raw, _TOP_KEYS, source, "the top level")
    meta = _table(raw, "taxonomy", source)
    _check_keys(meta, _META_KEYS, source, "[taxonomy]")
    scoring_raw = _table(raw, "scoring", source)
    valid = set(Scoring.__dataclass_fields__)
    _check_keys(scoring_raw, frozenset(valid), source, "[scoring]")
    try:
        scoring = Scoring(**{k: float(v) for k, v in scoring_raw.items()})
    except (TypeError, ValueError) as exc:
        raise TaxonomyError(f"{source}: [scoring]: {exc}") from exc

    groups_raw = _table(raw, "groups", source)
    if not groups_raw:
        raise TaxonomyError(
            f"{source}: no [groups.<id>] tables; a taxonomy needs at least one group"
        )
    groups: dict[str, Group] = {}
    for gid, spec in groups_raw.items():
        where = f"group {gid!r}"
        _check_id(gid, source, where)
        spec = _as_table(spec, source, where)
        _check_keys(spec, _GROUP_KEYS, source, where)
        groups[gid] = Group(
            id=gid,
            da=str(spec.get("da", gid)),
            en=str(spec.get("en", gid)),
            about=str(spec.get("about", "")),
        )

    themes_raw = _table(raw, "themes", source)
    if not themes_raw:
        raise TaxonomyError(
            f"{source}: no [themes.<id>] tables; a taxonomy needs at least one theme"
        )
    themes: dict[str, Theme] = {}
    for tid, spec in themes_raw.items():
        where = f"theme {tid!r}"
        _check_id(tid, source, where)
        if tid in groups:
            logger.debug("%s: theme %r has the same id as a group", source, tid)
        spec = _as_table(spec, source, where)
        _check_keys(spec, _THEME_KEYS, source, where)
        group = spec.get("group")
        if group not in groups:
            raise TaxonomyError(
                f"{source}: {where} is in no known group (group = {group!r}); "
                f"set group to one of {sorted(groups)} or add a [groups.{group}] table"
            )
        entries = _entries(spec, tid, source, where)
        if not entries:
            raise TaxonomyError(
                f"{source}: {where} has an empty lexicon; add patterns under 'key', 'terms' or 'weak'"
            )
        exclusions = _exclusions(spec, tid, source, where)
        themes[tid] = Theme(
            id=tid,
            group=str(group),
            da=str(spec.get("da", tid)),
            en=str(spec.get("en", tid)),
            about=str(spec.get("about", "")),
            entries=entries,
            exclusions=exclusions,
        )

    domain_raw = _table(raw, "domain", source)
    _check_keys(domain_raw, _DOMAIN_KEYS, source, "[domain]")
    domain = _entries(domain_raw, "", source, "[domain]")
    domain_exclusions = _exclusions(domain_raw, "", source, "[domain]")
    if scoring.min_domain > 0 and not domain:
        raise TaxonomyError(
            f"{source}: scoring.min_domain is {scoring.min_domain} but [domain] has no terms; "
            "add [domain] terms (words that show a text is about health) or set min_domain = 0"
        )
    return Taxonomy(
        name=str(meta.get("name", Path(source).stem)),
        version=str(meta.get("version", "1")),
        groups=MappingProxyType(groups),
        themes=MappingProxyType(themes),
        domain=domain,
        domain_exclusions=domain_exclusions,
        scoring=scoring,
        source=source,
    )


def _entries(spec: Mapping[str, Any], theme: str, source: str, where: str) -> tuple[Entry, ...]:
    out: list[Entry] = []
    seen: set[str] = set()
    lists = (("key", DEFAULT_KEY_WEIGHT), ("terms", 1.0), ("weak", DEFAULT_WEAK_WEIGHT))
    for key, default_weight in lists:
        for item in _list(spec, key, source, where):
            entry = _entry(item, theme, default_weight, source, f"{where}, {key}", exclude=False)
            if entry.pattern in seen:
                logger.debug(
                    "%s: %s lists %r twice; keeping the first", source, where, entry.pattern
                )
                continue
            seen.add(entry.pattern)
            out.append(entry)
    return tuple(out)


def _exclusions(spec: Mapping[str, Any], theme: str, source: str, where: str) -> tuple[Entry, ...]:
    return tuple(
        _entry(item, theme, 1.0, source, f"{where}, exclude", exclude=True)
        for item in _list(spec, "exclude", source, where)
    )


def _entry(
    item: Any, theme: str, weight: float, source: str, where: str, *, exclude: bool
) -> Entry:
    pattern = item
    if isinstance(item, Mapping):
        _check_keys(item, _ENTRY_KEYS, source, where)
        pattern = item.get("pattern")
        weight = item.get("weight", weight)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)):
            raise TaxonomyError(
                f"{source}: {where}: weight of {pattern!r} must be a number in (0, 10], "
                f"got {weight!r}"
            )
    if not isinstance(pattern, str):
        raise TaxonomyError(
            f"{source}: {where}: an entry must be a string or a table with 'pattern' (and "
            f"'weight'), got {item!r}"
        )
    try:
        return Entry.parse(pattern, theme=theme, weight=float(weight), exclude=exclude)
    except ValueError as exc:
        raise TaxonomyError(f"{source}: {where}: {exc}") from exc


def _table(raw: Mapping[str, Any], key: str, source: str) -> Mapping[str, Any]:
    value = raw.get(key, {})
    return _as_table(value, source, f"[{key}]")


def _as_table(value: Any, source: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TaxonomyError(f"{source}: {where} must be a table (mapping), got {value!r}")
    return value


def _list(spec: Mapping[str, Any], key: str, source: str, where: str) -> list[Any]:
    value = spec.get(key, [])
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TaxonomyError(
            f"{source}: {where}: {key!r} must be a list of patterns, got {value!r}; "
            f'write {key} = ["{value}"]'
        )
    return list(value)


def _check_keys(spec: Mapping[str, Any], valid: frozenset[str], source: str, where: str) -> None:
    unknown = sorted(set(spec) - valid)
    if unknown:
        raise TaxonomyError(
            f"{source}: {where} has unknown key(s) {unknown}; valid keys are {sorted(valid)}"
        )


_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_id(value: Any, source: str, where: str) -> None:
    if not isinstance(value, str) or not _ID.match(value):
        raise TaxonomyError(
            f"{source}: {where}: ids must be lowercase ASCII letters, digits and '_' starting "
            f"with a letter (e.g. 'health_data'), got {value!r}"
        )


# --------------------------------------------------------------------------- variants


def _expand_alternations(body: str, pattern: str) -> list[str]:
    if body.count("(") != body.count(")"):
        raise ValueError(f"pattern {pattern!r} has unbalanced parentheses")
    parts: list[list[str]] = []
    pos = 0
    for m in _ALTERNATION.finditer(body):
        parts.append([body[pos : m.start()]])
        options = m.group(1).split("|")
        # a group glued to the end of a word is an optional ending: digital(e|t), sygdom(me)
        if m.start() > 0 and body[m.start() - 1].isalnum() and "" not in options:
            options.insert(0, "")
        parts.append(options)
        pos = m.end()
    parts.append([body[pos:]])
    rest = "".join(p[0] for p in parts if len(p) == 1)
    if "(" in rest or ")" in rest or "|" in rest:
        raise ValueError(
            f"pattern {pattern!r}: write optional parts as '(a|b)' without nesting, "
            "e.g. 'digital(e|t) løsning'"
        )
    out = ["".join(combo) for combo in itertools.product(*parts)]
    if len(out) > _MAX_VARIANTS:
        raise ValueError(f"pattern {pattern!r} expands to {len(out)} variants; split it up")
    return [_SPACES.sub(" ", s) for s in out]


def _spelling_variants(text: str) -> set[str]:
    """Hyphen/space/nothing and å/aa variants of one literal."""
    options: list[tuple[str, ...]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "-":
            options.append(("-", "", " "))
        elif c == " ":
            options.append((" ", "-"))
        elif c in "åÅ":
            options.append((c, "aa" if c == "å" else "AA"))
        elif text.startswith(("aa", "AA"), i):
            # "aa" is the old spelling of "å" (Aarhus, paa); an extra variant never loses a match
            options.append((text[i : i + 2], "å" if text[i] == "a" else "Å"))
            i += 1
        else:
            options.append((c,))
        i += 1
    combos = itertools.islice(itertools.product(*options), _MAX_VARIANTS + 1)
    return {re.sub(" +", " ", "".join(c)).strip() for c in combos}
