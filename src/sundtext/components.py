"""The spaCy component ``sundtext_themes``: themes with evidence inside a spaCy pipeline.

After ``pip install sundtext`` the component is found through the
``spacy_factories`` entry point, so a pipeline needs no ``import sundtext``::

    nlp = spacy.blank("da")
    nlp.add_pipe("sundtext_themes")                        # the bundled taxonomy
    nlp.add_pipe("sundtext_themes", config={"taxonomy": "my.toml", "threshold": 0.6})

For every document it writes

``doc.spans["sundtext_themes"]``
    one span per mention, labelled with the theme id, its ``id_`` the lexicon
    entry that fired. Spans may overlap (one word can be evidence for two
    themes); a mention that starts or ends inside a token is widened to whole
    tokens (``Doc.char_span(..., alignment_mode="expand")``).
``doc.cats``
    every theme's score in [0, 1]; the tagged themes are those at or above
    the threshold.
``doc._.sundtext``
    the :class:`~sundtext.tag.ArticleTags`: themes, groups, reasons and the
    mentions with their exact character offsets. The data behind it is kept in
    ``doc.user_data`` as plain lists and numbers, so ``doc.to_bytes()``,
    ``DocBin`` and ``nlp.pipe(n_process=...)`` keep working.

The component is a rule-based annotator: it has no weights and needs no
``nlp.initialize()``. ``nlp.to_disk`` stores the taxonomy file and the
threshold with the pipeline, so ``spacy.load`` gives the same annotations
later, elsewhere, even where the original taxonomy file is not. (A file with
``extends = "default"`` is stored as written, and extends the default taxonomy
of the sundtext that loads it.)

This module imports spaCy; ``import sundtext`` does not import it. spaCy
imports it through the entry point when it builds a pipeline.

Examples
--------
>>> import spacy
>>> import sundtext.components  # only needed where sundtext is not pip-installed
>>> nlp = spacy.blank("da")
>>> _ = nlp.add_pipe("sundtext_themes")
>>> doc = nlp("Hackere lammede hospitalets it-systemer, og cybersikkerheden skal styrkes.")
>>> [(span.text, span.label_) for span in doc.spans["sundtext_themes"]]
[('Hackere', 'cybersecurity'), ('it-systemer', 'digitalisation'), ('cybersikkerheden', 'cybersecurity')]
>>> doc._.sundtext.themes
('cybersecurity',)
>>> round(doc.cats["cybersecurity"], 2), round(doc.cats["digitalisation"], 2)
(0.85, 0.41)
"""

# No `from __future__ import annotations` here: spaCy reads the factory's annotations at
# run time to validate its config.

import dataclasses
import json
import logging
import tempfile
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.training import Example
from spacy.util import SimpleFrozenList, ensure_path
from spacy.util import from_disk as _from_disk
from spacy.util import to_disk as _to_disk

from sundtext.errors import SundtextValueError, TaxonomyError
from sundtext.match import Mention
from sundtext.tag import ArticleTags, tag
from sundtext.taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)

__all__ = ["DEFAULT_SPANS_KEY", "ThemeComponent", "make_theme_component"]

#: The ``doc.spans`` key the component writes to unless configured otherwise.
DEFAULT_SPANS_KEY = "sundtext_themes"
_EXTENSION = "sundtext"
_DEFAULT_TAXONOMY = "sundtext:data/taxonomy.toml"
_CFG_FILE = "cfg"


@Language.factory(
    "sundtext_themes",
    default_config={"taxonomy": None, "threshold": None, "spans_key": DEFAULT_SPANS_KEY},
    assigns=["doc.spans", "doc.cats", "doc._.sundtext"],
)
def make_theme_component(
    nlp: Language,
    name: str,
    taxonomy: str | None,
    threshold: float | None,
    spans_key: str,
) -> "ThemeComponent":
    """spaCy factory of the ``sundtext_themes`` component (see :class:`ThemeComponent`).

    Parameters
    ----------
    nlp : spacy.language.Language
        The pipeline.
    name : str
        The component's name in the pipeline.
    taxonomy : str or None
        Path of a ``.toml``/``.yaml`` taxonomy file; ``None`` (``null`` in a
        config file) for the bundled taxonomy.
    threshold : float or None
        Overrides the taxonomy's threshold; in [0, 1].
    spans_key : str
        The ``doc.spans`` key to write the mentions to.

    Returns
    -------
    ThemeComponent

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("da")
    >>> component = nlp.add_pipe("sundtext_themes", config={"threshold": 0.3})
    >>> component.threshold
    0.3
    """
    return ThemeComponent(
        nlp.vocab, name, taxonomy=taxonomy, threshold=threshold, spans_key=spans_key
    )


class ThemeComponent:
    """The ``sundtext_themes`` pipeline component: theme mentions, scores and tags.

    Build it with ``nlp.add_pipe("sundtext_themes", config={...})`` (see
    :func:`make_theme_component` for the settings); what it writes is
    described in the module docstring.

    Parameters
    ----------
    vocab : spacy.vocab.Vocab
        The pipeline's vocabulary (unused; part of spaCy's component contract).
    name : str
        The component's name.
    taxonomy : str, path-like or None
        A taxonomy file, or ``None`` for the bundled taxonomy. A file that does
        not exist is an error when the first document is processed, not before:
        ``spacy.load`` builds the component from the saved config and then
        replaces the taxonomy with the copy stored beside the pipeline.
    threshold : float or None
        Overrides the taxonomy's threshold; in [0, 1].
    spans_key : str
        The ``doc.spans`` key.

    Raises
    ------
    SundtextValueError
        If ``threshold`` is not in [0, 1] or ``spans_key`` is empty.
    TaxonomyError
        If the taxonomy file exists but does not validate.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("da")
    >>> themes = nlp.add_pipe("sundtext_themes")
    >>> themes.labels[:3]
    ('ai', 'automation', 'cybersecurity')
    >>> doc = nlp("Flere sygeplejersker siger op, og regionen kan ikke rekruttere nye.")
    >>> doc._.sundtext.themes
    ('workforce',)
    >>> span = doc.spans["sundtext_themes"][-1]
    >>> span.text, span.label_, span.id_  # the id is the lexicon entry that fired
    ('rekruttere', 'workforce', '*rekrutter*')
    """

    def __init__(
        self,
        vocab: Any,
        name: str = "sundtext_themes",
        *,
        taxonomy: "str | Path | None" = None,
        threshold: float | None = None,
        spans_key: str = DEFAULT_SPANS_KEY,
    ) -> None:
        if not isinstance(spans_key, str) or not spans_key:
            raise SundtextValueError(f"spans_key must be a non-empty str, got {spans_key!r}")
        _check_threshold(threshold)
        self.vocab = vocab
        self.name = name
        self.spans_key = spans_key
        self._threshold = None if threshold is None else float(threshold)
        self._path: Path | None = None if taxonomy is None else Path(taxonomy)
        self._file: tuple[str, bytes] | None = None  # (suffix, content) of the taxonomy
        self._taxonomy: Taxonomy | None = None
        if not Doc.has_extension(_EXTENSION):
            Doc.set_extension(_EXTENSION, getter=_article_tags)
        if self._path is None or self._path.is_file():
            self._load()

    # ------------------------------------------------------------------ settings

    @property
    def taxonomy(self) -> Taxonomy:
        """The taxonomy in use."""
        if self._taxonomy is None:
            self._load()  # raises TaxonomyError for a missing file
        assert self._taxonomy is not None
        return self._taxonomy

    @property
    def threshold(self) -> float:
        """The threshold in use: the configured one, or the taxonomy's."""
        return self.taxonomy.scoring.threshold if self._threshold is None else self._threshold

    @property
    def labels(self) -> tuple[str, ...]:
        """The theme ids, in taxonomy order: the span labels and ``doc.cats`` keys.

        Empty while the configured taxonomy file is missing (``spacy.load`` asks
        for the labels before it restores the taxonomy stored with the pipeline).
        """
        if self._taxonomy is None and self._path is not None and not self._path.is_file():
            return ()
        return self.taxonomy.theme_ids

    # ------------------------------------------------------------------ processing

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc`` with theme spans, scores and the article tags."""
        tags = tag(doc.text, taxonomy=self.taxonomy, threshold=self._threshold)
        spans: list[Span] = []
        for m in tags.mentions:
            span = doc.char_span(
                m.start, m.end, label=m.theme, alignment_mode="expand", span_id=m.entry
            )
            if span is None:  # pragma: no cover - "expand" always finds a token for a mention
                logger.debug("mention %r at %d-%d covers no token", m.surface, m.start, m.end)
                continue
            spans.append(span)
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=spans)
        doc.cats.update(tags.scores)
        user_data: dict[Any, Any] = doc.user_data
        user_data[_data_key()] = _tags_to_data(tags)
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:
        """Annotate a stream of documents (spaCy calls this in ``nlp.pipe``)."""
        for doc in stream:
            yield self(doc)

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Load the taxonomy now, if it is not loaded yet (``nlp.initialize()`` calls this).

        Raises
        ------
        TaxonomyError
            If the taxonomy file is missing or does not validate.
        """
        _ = self.taxonomy

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Score ``doc.cats`` against gold categories (used by ``spacy evaluate``).

        The gold document's ``cats`` should hold 1.0 for the themes it has (0.0
        or absent for the others); a prediction counts where its score reaches
        :attr:`threshold`.

        Returns
        -------
        dict
            spaCy's multi-label scores: ``cats_micro_f``, ``cats_macro_f``,
            ``cats_f_per_type`` and more.

        Examples
        --------
        >>> import spacy
        >>> from spacy.training import Example
        >>> nlp = spacy.blank("da")
        >>> _ = nlp.add_pipe("sundtext_themes")
        >>> text = "Ventelisterne vokser, og patienterne venter længere på en operation."
        >>> gold = nlp.make_doc(text)
        >>> gold.cats = {label: float(label == "access") for label in nlp.get_pipe("sundtext_themes").labels}
        >>> scores = nlp.evaluate([Example(nlp.make_doc(text), gold)])
        >>> scores["cats_micro_f"]
        1.0
        """
        from spacy.scorer import Scorer

        kwargs.setdefault("threshold", self.threshold)
        result: dict[str, Any] = Scorer.score_cats(
            examples, "cats", labels=self.labels, multi_label=True, **kwargs
        )
        return result

    # ------------------------------------------------------------------ serialisation

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        """The component's taxonomy file and settings as bytes."""
        suffix, content = self._taxonomy_file()
        data: bytes = srsly.msgpack_dumps(
            {"cfg": self._cfg(), "suffix": suffix, "taxonomy": content}
        )
        return data

    def from_bytes(
        self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> "ThemeComponent":
        """Restore what :meth:`to_bytes` wrote; returns the component."""
        msg = srsly.msgpack_loads(bytes_data)
        self._set_cfg(msg["cfg"])
        self._set_taxonomy_file(msg["suffix"], msg["taxonomy"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Write the taxonomy file (``taxonomy.toml``/``.yaml``) and ``cfg`` to ``path``."""
        suffix, content = self._taxonomy_file()
        serializers = {
            _CFG_FILE: lambda p: p.write_text(
                json.dumps({**self._cfg(), "taxonomy_file": "taxonomy" + suffix}, indent=2),
                encoding="utf-8",
            ),
            "taxonomy" + suffix: lambda p: p.write_bytes(content),
        }
        _to_disk(ensure_path(path), serializers, exclude)

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> "ThemeComponent":
        """Restore what :meth:`to_disk` wrote; returns the component.

        Raises
        ------
        TaxonomyError
            If ``path`` holds no ``cfg`` or no taxonomy file.
        """
        directory = ensure_path(path)
        cfg_path = directory / _CFG_FILE
        if not cfg_path.is_file():
            raise TaxonomyError(
                f"{str(directory)!r} has no {_CFG_FILE!r} file; expected a directory written by "
                "ThemeComponent.to_disk (nlp.to_disk)"
            )
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))

        def read_taxonomy(p: Path) -> None:
            self._set_taxonomy_file(p.suffix, p.read_bytes())

        _from_disk(directory, {cfg["taxonomy_file"]: read_taxonomy}, exclude)
        self._set_cfg(cfg)
        return self

    # ------------------------------------------------------------------ internals

    def _cfg(self) -> dict[str, Any]:
        return {"threshold": self._threshold, "spans_key": self.spans_key}

    def _set_cfg(self, cfg: Mapping[str, Any]) -> None:
        threshold = cfg.get("threshold")
        _check_threshold(threshold)
        self._threshold = threshold
        self.spans_key = cfg.get("spans_key", self.spans_key)

    def _load(self) -> None:
        if self._path is None:
            self._taxonomy = load_taxonomy()
            self._file = (".toml", _default_taxonomy_bytes())
        else:
            self._taxonomy = load_taxonomy(self._path)
            self._file = (self._path.suffix.lower(), self._path.read_bytes())

    def _taxonomy_file(self) -> tuple[str, bytes]:
        if self._file is None:
            self._load()
        assert self._file is not None
        return self._file

    def _set_taxonomy_file(self, suffix: str, content: bytes) -> None:
        with tempfile.TemporaryDirectory(prefix="sundtext-") as tmp:
            file = Path(tmp) / ("taxonomy" + suffix)
            file.write_bytes(content)
            self._taxonomy = load_taxonomy(file)
        self._file = (suffix, content)

    def __repr__(self) -> str:
        source = _DEFAULT_TAXONOMY if self._path is None else str(self._path)
        return (
            f"ThemeComponent(name={self.name!r}, taxonomy={source!r}, "
            f"threshold={self._threshold!r}, spans_key={self.spans_key!r})"
        )


def _check_threshold(threshold: object) -> None:
    if threshold is not None and (
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, float))
        or not 0.0 <= threshold <= 1.0
    ):
        raise SundtextValueError(
            f"threshold must be a float in [0, 1] or None (the taxonomy's), got {threshold!r}"
        )


def _default_taxonomy_bytes() -> bytes:
    return (resources.files("sundtext") / "data" / "taxonomy.toml").read_bytes()


def _data_key() -> tuple[str, str]:
    # not spaCy's ("._.", name, start, end) layout: Doc.from_docs would warn about it
    return ("sundtext", "tags")


def _tags_to_data(tags: ArticleTags) -> dict[str, Any]:
    """ArticleTags as msgpack-able lists, dicts, strings and numbers (field by field)."""
    data: dict[str, Any] = {}
    for f in dataclasses.fields(tags):
        value = getattr(tags, f.name)
        if f.name == "mentions":
            value = [list(m) for m in value]
        elif f.name == "evidence":
            value = {t: {e: list(v) for e, v in entries.items()} for t, entries in value.items()}
        elif isinstance(value, Mapping):
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        data[f.name] = value
    return data


def _article_tags(doc: Doc) -> ArticleTags | None:
    """Getter of ``doc._.sundtext``: the ArticleTags the component stored, or None."""
    user_data: dict[Any, Any] = doc.user_data
    data = user_data.get(_data_key())
    if data is None:
        return None
    values: dict[str, Any] = {}
    for f in dataclasses.fields(ArticleTags):
        if f.name not in data:
            continue  # written by an older sundtext: the field's default
        value = data[f.name]
        if f.name == "mentions":
            value = tuple(Mention(*m) for m in value)
        elif f.name == "evidence":
            value = {
                t: {e: (float(v), int(n)) for e, (v, n) in es.items()} for t, es in value.items()
            }
        elif isinstance(value, list):
            value = tuple(value)
        values[f.name] = value
    return ArticleTags(**values)
