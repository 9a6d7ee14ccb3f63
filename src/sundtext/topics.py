"""Topic discovery: what a corpus is about, beyond the themes of the taxonomy.

:func:`discover_topics` fits a topic model (NMF on TF-IDF weights, or LDA on
counts, from scikit-learn) to the lemmatised content words of the texts: every
word goes through :func:`sundtext.lemmatize` (no spaCy pipeline), and stop
words, numbers, months and one-letter words are dropped (see
:mod:`sundtext._stopwords`). Each topic is then set beside the taxonomy in two
ways:

* **by documents**: the Pearson correlation, over the documents, of the topic's
  weight with each theme's score from :func:`sundtext.tag`; the themes that
  correlate at least ``min_correlation`` are the topic's ``themes``;
* **by words**: which themes' lexicons match each of its top terms
  (``lexicon_terms``).

A topic with no theme is what the taxonomy does not cover yet, or a kind of
text (debate pieces, parliamentary questions) rather than a subject.

Examples
--------
>>> import sundtext
>>> articles = sundtext.read_articles("data/sample_corpus.jsonl")
>>> topics = sundtext.discover_topics(articles["text"], n_topics=10, random_state=0)
>>> topics.doc_topics.shape
(160, 10)
>>> ai = next(topic for topic in topics if "ai" in topic.themes)
>>> "algoritme" in ai.terms, ai.lexicon_terms["algoritme"]
(True, ('ai',))
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from sundtext._terms import is_content, proper_nouns, words
from sundtext.errors import SundtextValueError, expect_str
from sundtext.match import get_matcher
from sundtext.tag import tag_many
from sundtext.taxonomy import TaxonomyLike, as_taxonomy

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

logger = logging.getLogger(__name__)

__all__ = ["Topic", "Topics", "discover_topics"]

_METHODS = ("nmf", "lda")


@dataclass(frozen=True)
class Topic:
    """One discovered topic, its top terms and the themes it overlaps.

    Attributes
    ----------
    index : int
        The topic's column in :attr:`Topics.doc_topics`.
    terms : tuple of str
        The top lemmas, most characteristic first.
    weights : tuple of float
        Their weights in the topic (NMF: component loadings; LDA: word
        probabilities), in the order of ``terms``.
    themes : tuple of str
        The themes whose scores correlate with the topic's weight over the
        documents at least ``min_correlation``, strongest first.
    correlations : Mapping[str, float]
        That correlation for every theme of the taxonomy (0 for a theme that
        no document has).
    lexicon_terms : Mapping[str, tuple[str, ...]]
        For each top term that a lexicon matches on its own, the themes
        that match it.

    Examples
    --------
    >>> topic = Topic(0, ("ventetid", "operation"), (0.9, 0.4), ("access",),
    ...               {"access": 0.71}, {"ventetid": ("access",)})
    >>> topic.label
    'ventetid · operation'
    """

    index: int
    terms: tuple[str, ...]
    weights: tuple[float, ...]
    themes: tuple[str, ...]
    correlations: Mapping[str, float]
    lexicon_terms: Mapping[str, tuple[str, ...]]

    @property
    def label(self) -> str:
        """The first three terms, as a short name for the topic."""
        return " · ".join(self.terms[:3])


@dataclass(frozen=True, eq=False)
class Topics:
    """The result of :func:`discover_topics`; iterate over it for the :class:`Topic` objects.

    Attributes
    ----------
    topics : tuple of Topic
        In column order of ``doc_topics``.
    doc_topics : numpy.ndarray
        Document-topic weights, shape ``(n_documents, n_topics)``; each row
        sums to 1, or is all 0 for a document without any known term.
    theme_ids : tuple of str
        The taxonomy's themes, the columns of ``correlations``.
    correlations : numpy.ndarray
        Topic-theme correlations, shape ``(n_topics, n_themes)``.
    method : {"nmf", "lda"}
        The model that was fitted.
    random_state : int or None
        The seed it was fitted with.
    vocabulary : tuple of str
        The lemmas the model saw.

    Examples
    --------
    >>> topics = discover_topics(
    ...     ["Ventetiden til operation stiger, og patienterne venter på operation.",
    ...      "Sygeplejersker mangler, og regionen vil rekruttere sygeplejersker.",
    ...      "Operation og ventetid: patienterne venter længe på en operation.",
    ...      "Regionen rekrutterer sygeplejersker, fordi sygeplejersker mangler."],
    ...     n_topics=2, n_terms=3, min_df=2, max_df=1.0)
    >>> sorted(topic.terms[0] for topic in topics)
    ['operation', 'sygeplejerske']
    >>> topics.dominant_topic().tolist()  # doctest: +SKIP
    [0, 1, 0, 1]
    """

    topics: tuple[Topic, ...]
    doc_topics: np.ndarray
    theme_ids: tuple[str, ...]
    correlations: np.ndarray
    method: str
    random_state: int | None
    vocabulary: tuple[str, ...]

    def __iter__(self) -> Iterator[Topic]:
        return iter(self.topics)

    def __len__(self) -> int:
        return len(self.topics)

    def __getitem__(self, index: int) -> Topic:
        return self.topics[index]

    def dominant_topic(self) -> np.ndarray:
        """Each document's strongest topic (-1 for a document without any known term)."""
        best: np.ndarray = self.doc_topics.argmax(axis=1)
        best[self.doc_topics.sum(axis=1) == 0] = -1
        return best

    def to_frame(self) -> pd.DataFrame:
        """One row per topic: label, terms, themes and how many documents it leads.

        Returns
        -------
        pandas.DataFrame
            Indexed by topic, with the columns ``label``, ``terms`` (joined by
            ", "), ``themes`` (list), ``documents`` (documents whose
            dominant topic it is) and ``weight`` (its mean document weight).
        """
        import pandas as pd

        dominant = self.dominant_topic()
        frame: pd.DataFrame = pd.DataFrame(
            {
                "label": [t.label for t in self.topics],
                "terms": [", ".join(t.terms) for t in self.topics],
                "themes": [list(t.themes) for t in self.topics],
                "documents": [int((dominant == t.index).sum()) for t in self.topics],
                "weight": self.doc_topics.mean(axis=0).round(3),
            },
            index=pd.RangeIndex(len(self.topics), name="topic"),
        )
        return frame

    def format(self, n_terms: int = 8) -> str:
        """A plain-text summary: one line per topic with its terms and themes."""
        lines = [f"{len(self.topics)} topics ({self.method}, random_state={self.random_state})"]
        for t in self.topics:
            themes = ", ".join(f"{th} {t.correlations[th]:.2f}" for th in t.themes) or "-"
            lines.append(f"{t.index:>3}  {', '.join(t.terms[:n_terms])}  [themes: {themes}]")
        return "\n".join(lines)


def discover_topics(
    texts: Iterable[str],
    n_topics: int = 10,
    *,
    method: Literal["nmf", "lda"] = "nmf",
    n_terms: int = 10,
    random_state: int | None = 0,
    taxonomy: TaxonomyLike = None,
    min_df: int | float = 2,
    max_df: int | float = 0.5,
    min_correlation: float = 0.3,
) -> Topics:
    """Find the topics of a corpus and the taxonomy themes each one overlaps.

    Parameters
    ----------
    texts : iterable of str
        The documents (a list, a pandas Series, a generator).
    n_topics : int, default 10
        How many topics to fit.
    method : {"nmf", "lda"}, default "nmf"
        Non-negative matrix factorisation of TF-IDF weights (sharp, distinct
        topics on small corpora) or latent Dirichlet allocation of counts.
    n_terms : int, default 10
        Top terms kept per topic.
    random_state : int or None, default 0
        The seed. The same seed and texts give the same topics; ``None`` draws
        a new one each time.
    taxonomy : Taxonomy or path, optional
        For the overlap with themes; defaults to the bundled taxonomy.
    min_df, max_df : int or float
        Keep lemmas that occur in at least ``min_df`` and at most ``max_df``
        documents (a float is a share of the documents), as in scikit-learn's
        ``CountVectorizer``.
    min_correlation : float, default 0.3
        How strongly a theme's scores must correlate with a topic's weights to
        be listed in ``Topic.themes``.

    Returns
    -------
    Topics

    Raises
    ------
    SundtextTypeError
        If a text is not a ``str``.
    SundtextValueError
        If ``method`` is unknown, ``n_topics`` or ``n_terms`` is not a positive
        int, or the texts are too few or too short for ``n_topics`` topics.

    Examples
    --------
    >>> import sundtext
    >>> texts = sundtext.read_articles("data/sample_corpus.jsonl")["text"]
    >>> topics = sundtext.discover_topics(texts, n_topics=8, random_state=1)
    >>> again = sundtext.discover_topics(texts, n_topics=8, random_state=1)
    >>> [t.terms for t in topics] == [t.terms for t in again]
    True
    >>> len(topics[0].terms), topics.doc_topics.shape
    (10, (160, 8))
    """
    import numpy as np

    if method not in _METHODS:
        raise SundtextValueError(f"method must be one of {_METHODS!r}, got {method!r}")
    _check_positive_int(n_topics, "n_topics")
    _check_positive_int(n_terms, "n_terms")
    if random_state is not None and (
        isinstance(random_state, bool) or not isinstance(random_state, int)
    ):
        raise SundtextValueError(f"random_state must be an int or None, got {random_state!r}")
    if not -1.0 <= min_correlation <= 1.0:
        raise SundtextValueError(
            f"min_correlation must be a float in [-1, 1], got {min_correlation!r}"
        )
    documents = [expect_str(text, f"texts[{i}]") for i, text in enumerate(texts)]
    if len(documents) < 2:
        raise SundtextValueError(
            f"topic discovery needs at least 2 texts, got {len(documents)}; pass a corpus"
        )
    tax = as_taxonomy(taxonomy)

    matrix, vocabulary = _term_matrix(documents, method, min_df, max_df)
    n_docs, n_vocab = matrix.shape
    if n_topics > min(n_docs, n_vocab):
        raise SundtextValueError(
            f"n_topics={n_topics} is more than the corpus can give: {n_docs} documents, "
            f"{n_vocab} terms in at least min_df={min_df!r} and at most max_df={max_df!r} "
            "documents; ask for fewer topics or pass more texts"
        )
    weights, components = _fit(matrix, n_topics, method, random_state)
    totals = weights.sum(axis=1, keepdims=True)
    doc_topics = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)

    theme_ids = tax.theme_ids
    scores = np.array(
        [[tags.scores[t] for t in theme_ids] for tags in tag_many(documents, taxonomy=tax)],
        dtype=float,
    ).reshape(n_docs, len(theme_ids))
    correlations = _correlate(doc_topics, scores)

    matcher = get_matcher(tax)
    topics = []
    for k in range(n_topics):
        order = np.argsort(-components[k], kind="stable")[:n_terms]
        terms = tuple(vocabulary[i] for i in order)
        by_theme = {theme: float(round(correlations[k, j], 4)) for j, theme in enumerate(theme_ids)}
        themes = tuple(
            theme
            for theme, r in sorted(by_theme.items(), key=lambda kv: -kv[1])
            if r >= min_correlation
        )
        lexicon_terms = {}
        for term in terms:
            matched = tuple(dict.fromkeys(m.theme for m in matcher.scan(term).mentions))
            if matched:
                lexicon_terms[term] = matched
        topics.append(
            Topic(
                index=k,
                terms=terms,
                weights=tuple(float(components[k, i]) for i in order),
                themes=themes,
                correlations=by_theme,
                lexicon_terms=lexicon_terms,
            )
        )
    logger.debug("fitted %d %s topics on %d documents, %d terms", n_topics, method, *matrix.shape)
    return Topics(
        topics=tuple(topics),
        doc_topics=doc_topics,
        theme_ids=theme_ids,
        correlations=correlations,
        method=method,
        random_state=random_state,
        vocabulary=tuple(vocabulary),
    )


def _check_positive_int(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SundtextValueError(f"{name} must be an int >= 1, got {value!r}")


def _lemmatise(documents: list[str]) -> list[list[str]]:
    """Per document, the lemmas of its content words; names are left out."""
    tokenised = [words(text) for text in documents]
    names = proper_nouns(tokenised)
    return [[w.lemma for w in ws if is_content(w) and w.lemma not in names] for ws in tokenised]


def _identity(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


def _term_matrix(
    documents: list[str], method: str, min_df: int | float, max_df: int | float
) -> tuple[Any, list[str]]:
    """The document-term matrix (TF-IDF for NMF, counts for LDA) and its vocabulary."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    lemmatised = _lemmatise(documents)
    vectorizer: CountVectorizer
    if method == "nmf":
        vectorizer = TfidfVectorizer(
            analyzer=_identity, min_df=min_df, max_df=max_df, sublinear_tf=True
        )
    else:
        vectorizer = CountVectorizer(analyzer=_identity, min_df=min_df, max_df=max_df)
    try:
        matrix = vectorizer.fit_transform(lemmatised)
    except ValueError as exc:  # empty vocabulary, or max_df below min_df
        raise SundtextValueError(
            f"no lemma occurs in at least min_df={min_df!r} and at most max_df={max_df!r} of "
            f"the {len(documents)} texts ({exc}); pass more or longer texts, or loosen "
            "min_df/max_df"
        ) from exc
    return matrix, [str(term) for term in vectorizer.get_feature_names_out()]


def _fit(
    matrix: Any, n_topics: int, method: str, random_state: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """Fit the model; returns document weights and topic-term weights."""
    import warnings

    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # small corpora; topics are fine
        if method == "nmf":
            nmf = NMF(
                n_components=n_topics, init="nndsvda", max_iter=500, random_state=random_state
            )
            weights = nmf.fit_transform(matrix)
            return weights, nmf.components_
        lda = LatentDirichletAllocation(
            n_components=n_topics, learning_method="batch", max_iter=30, random_state=random_state
        )
        weights = lda.fit_transform(matrix)
        components = lda.components_ / lda.components_.sum(axis=1, keepdims=True)
        return weights, components


def _correlate(doc_topics: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Pearson correlations of every topic column with every theme column (0 without variance)."""
    import numpy as np

    a = doc_topics - doc_topics.mean(axis=0)
    b = scores - scores.mean(axis=0)
    norms = np.outer(np.sqrt((a**2).sum(axis=0)), np.sqrt((b**2).sum(axis=0)))
    covariance = a.T @ b
    out: np.ndarray = np.divide(
        covariance, norms, out=np.zeros_like(covariance), where=norms > 1e-12
    )
    return out
