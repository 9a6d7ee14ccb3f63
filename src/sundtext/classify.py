"""Trainable and hybrid theme classification, saved without pickle.

:class:`ThemeClassifier` is a scikit-learn estimator for multi-label article
tagging, trained on your own codings. Its features are made for Danish: word
n-grams over lemmas (:func:`sundtext.lemmatize`), character n-grams within
word boundaries (they see inside compounds: "cybersikkerhedsstrategien"
shares "sikkerhed" with "informationssikkerhed"), and the lexicon's evidence,
one score per theme from :func:`sundtext.tag`. One logistic regression per
theme; its probabilities are calibrated with Platt scaling on cross-fitted
decision values.

:class:`HybridTagger` combines the lexicon's scores with the classifier's
out-of-fold probabilities into one calibrated probability per theme. An
article with a probability inside the review band (by default 0.2-0.8) is
flagged ``needs_review``, with the themes in doubt, so that a research team
can send it to a human coder.

Both are used like the lexicon tagger: ``sundtext.tag(text, model=m)``,
``sundtext.tag_many(texts, model=m)``, ``sundtext.tag_frame(df, model=m)`` and
``sundtext tag --model m.skops``. Both save to a skops file
(:meth:`ThemeClassifier.save`); :func:`load_model` reads it back. The file
holds only plain data (numbers, strings, lists, dicts and numeric or string
arrays): nothing is unpickled, and a file with any other type in it is refused.

Examples
--------
>>> from sundtext.classify import ThemeClassifier
>>> texts = ["Sygehuset mangler sygeplejersker og læger.", "Ventetiden på operation stiger.",
...          "Regionen kan ikke rekruttere personale.", "Patienterne venter længe på behandling."]
>>> labels = [["workforce"], ["access"], ["workforce"], ["access"]]
>>> clf = ThemeClassifier(random_state=0).fit(texts, labels)
>>> clf.classes_.tolist()
['access', 'workforce']
>>> clf.predict(["Flere sygeplejersker siger op, og sygehuset mangler personale."])
[['workforce']]
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import os
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from scipy.optimize import minimize  # type: ignore[import-untyped]
from scipy.special import expit  # type: ignore[import-untyped]
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from sundtext.errors import ModelFileError, SundtextTypeError, SundtextValueError
from sundtext.tag import ArticleTags, _Tagger
from sundtext.taxonomy import Taxonomy, load_taxonomy, taxonomy_from_dict
from sundtext.tokenize import lemmatize

logger = logging.getLogger(__name__)

__all__ = ["FORMAT_VERSION", "HybridTagger", "ModelTags", "ThemeClassifier", "load_model"]

#: Version of the model file format that :meth:`ThemeClassifier.save` writes and
#: :func:`load_model` reads. Files of another version are refused with a clear error.
FORMAT_VERSION = 1
_FORMAT = "sundtext-model"

_WORD = re.compile(r"[^\W\d_]+")
_EPS = 1e-4  # probabilities are clipped to [_EPS, 1 - _EPS] before taking logits


# ================================================================ articles in


def _articles(X: Any, name: str = "X") -> list[tuple[str, str | None]]:
    """``(text, title)`` pairs from texts, dicts with text/title, or a DataFrame."""
    if isinstance(X, (str, bytes, bytearray)):
        raise SundtextTypeError(
            f"{name} must be a sequence of texts, got a single {type(X).__name__}; "
            "wrap it in a list: [text]"
        )
    if hasattr(X, "columns") and hasattr(X, "to_dict"):  # a DataFrame
        if "text" not in X.columns:
            listed = ", ".join(repr(c) for c in X.columns) or "(none)"
            raise SundtextValueError(
                f"{name} is a DataFrame without a 'text' column; its columns are {listed}"
            )
        titles = X["title"].tolist() if "title" in X.columns else [None] * len(X)
        items: Iterable[Any] = (
            {"text": t, "title": h} for t, h in zip(X["text"].tolist(), titles, strict=True)
        )
    else:
        try:
            items = iter(X)
        except TypeError:
            raise SundtextTypeError(
                f"{name} must be a sequence of texts (str), of dicts with 'text' and "
                f"optional 'title', or a DataFrame with a 'text' column; got "
                f"{type(X).__name__}"
            ) from None
    out: list[tuple[str, str | None]] = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            out.append((item, None))
            continue
        if isinstance(item, Mapping):
            text, title = item.get("text"), item.get("title")
            if not isinstance(text, str):
                raise SundtextTypeError(
                    f"{name}[{i}]['text'] must be a str, got {type(text).__name__} {text!r:.60}"
                )
            if title is not None and not isinstance(title, str):
                if isinstance(title, float) and math.isnan(title):
                    title = None  # a missing cell in a DataFrame
                else:
                    raise SundtextTypeError(
                        f"{name}[{i}]['title'] must be a str or None, got {title!r:.60}"
                    )
            out.append((text, title if title and title.strip() else None))
            continue
        hint = " Replace missing texts with '' first." if item is None else ""
        raise SundtextTypeError(
            f"{name}[{i}] must be a str (or a dict with 'text'), got "
            f"{type(item).__name__} {item!r:.60}.{hint}"
        )
    return out


def _joined(text: str, title: str | None) -> str:
    """What the text features see: the headline as a first line of its own."""
    return f"{title}\n\n{text}" if title else text


def _lemma_doc(text: str, lemmas: bool) -> str:
    words = _WORD.findall(text)
    if lemmas:
        return " ".join(lemmatize(w) for w in words)
    return " ".join(w.lower() for w in words)


# ================================================================ labels in


def _binarize(
    y: Any, classes: Sequence[Any] | None, n: int
) -> tuple[np.ndarray[Any, Any], list[Any], str]:
    """``(Y, classes, format)``: an (n, k) 0/1 matrix, its label ids, and how y was given."""
    if sp.issparse(y):
        y = y.toarray()
    if isinstance(y, np.ndarray) and y.ndim == 2 and y.dtype.kind in "biuf":
        if not np.isin(y, (0, 1)).all():
            raise SundtextValueError(
                "an indicator matrix y must hold only 0 and 1; got values "
                f"{sorted(set(np.unique(y).tolist()) - {0, 1})[:5]}"
            )
        k = y.shape[1]
        names = list(classes) if classes is not None else list(range(k))
        if len(names) != k:
            raise SundtextValueError(
                f"classes has {len(names)} names but the indicator matrix y has {k} columns"
            )
        if y.shape[0] != n:
            raise SundtextValueError(f"X has {n} articles but y has {y.shape[0]} rows")
        return y.astype(np.int8), names, "indicator"
    if isinstance(y, (str, bytes)) or not hasattr(y, "__iter__"):
        raise SundtextTypeError(
            f"y must be a list of label lists (e.g. [['ai'], [], ['access', 'funding']]) or "
            f"a 0/1 indicator matrix; got {type(y).__name__}"
        )
    rows: list[list[Any]] = []
    for i, labels in enumerate(y):
        if hasattr(labels, "tolist") and not isinstance(labels, str):
            labels = labels.tolist()
        if isinstance(labels, (str, bytes)) or not isinstance(
            labels, (list, tuple, set, frozenset)
        ):
            raise SundtextTypeError(
                f"y[{i}] must be a list of label ids, got {labels!r:.60}; "
                "wrap single labels in a list: [['ai'], ['access'], ...]"
            )
        rows.append(list(labels))
    if len(rows) != n:
        raise SundtextValueError(f"X has {n} articles but y has {len(rows)} label lists")
    seen = sorted({label for row in rows for label in row}, key=str)
    if classes is not None:
        names = list(classes)
        unknown = [label for label in seen if label not in set(names)]
        if unknown:
            raise SundtextValueError(
                f"y has labels {unknown[:10]} that are not in classes; valid ids: {names}"
            )
    else:
        names = seen
    if not names:
        raise SundtextValueError(
            "y has no labels at all; give at least one article a label, or pass classes=[...]"
        )
    index = {label: j for j, label in enumerate(names)}
    Y = np.zeros((n, len(names)), dtype=np.int8)
    for i, row in enumerate(rows):
        for label in row:
            Y[i, index[label]] = 1
    return Y, names, "lists"


def _micro_f1(Y: np.ndarray[Any, Any], P: np.ndarray[Any, Any]) -> float:
    tp = float((Y & P).sum())
    denominator = float(Y.sum() + P.sum())
    return 2 * tp / denominator if denominator else 1.0


# ================================================================ lexicon


def _resolve_lexicon(lexicon: Any, name: str = "lexicon") -> Taxonomy | None:
    if lexicon is None:
        return None
    if isinstance(lexicon, str) and lexicon == "default":
        return load_taxonomy()
    if isinstance(lexicon, Taxonomy):
        return lexicon
    raise SundtextValueError(
        f"{name} must be 'default', None (no lexicon features) or a Taxonomy from "
        f"sundtext.load_taxonomy(...); got {lexicon!r:.80}"
    )


@functools.lru_cache(maxsize=8192)
def _lexicon_row(taxonomy: Taxonomy, text: str, title: str | None) -> tuple[float, ...]:
    """Gated lexicon scores of one article (taxonomy order), then the gate (0 or 1)."""
    return _row_of(_Tagger(taxonomy, None)(text, title), taxonomy)


def _row_of(tags: ArticleTags, taxonomy: Taxonomy) -> tuple[float, ...]:
    gate = tags.min_domain <= 0 or tags.domain_score >= tags.min_domain
    if not gate:
        return (0.0,) * len(taxonomy.themes) + (0.0,)
    return (*(tags.scores[t] for t in taxonomy.themes), 1.0)


# ================================================================ calibration


def _platt(decision: np.ndarray[Any, Any], y: np.ndarray[Any, Any]) -> tuple[float, float]:
    """Platt's sigmoid ``p = 1 / (1 + exp(-(a * d + b)))`` fitted to out-of-fold decisions.

    Uses Platt's smoothed targets, so that a handful of positives do not give
    probabilities of exactly 0 or 1, and keeps ``a >= 0`` (more evidence never
    lowers the probability).
    """
    n_pos = float(y.sum())
    n_neg = float(len(y) - n_pos)
    target = np.where(y == 1, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))
    d = decision.astype(np.float64)

    def loss(params: np.ndarray[Any, Any]) -> tuple[float, np.ndarray[Any, Any]]:
        z = params[0] * d + params[1]
        value = float(np.sum(np.logaddexp(0.0, z) - target * z))
        g = expit(z) - target
        return value, np.array([float(np.sum(g * d)), float(np.sum(g))])

    res = minimize(
        loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B", bounds=[(0.0, None), (None, None)]
    )
    return float(res.x[0]), float(res.x[1])


def _prior_logit(n_pos: int, n: int) -> float:
    p = (n_pos + 1.0) / (n + 2.0)
    return math.log(p / (1.0 - p))


# ================================================================ the classifier


class _TextMultiLabelTags:
    """scikit-learn tags shared by sundtext's estimators: texts in, label sets out."""

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()  # type: ignore[misc]
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.required = True
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = False
        tags.classifier_tags.multi_label = True
        return tags

    def _more_tags(self) -> dict[str, Any]:  # scikit-learn < 1.6
        return {"X_types": ["string"], "multilabel": True, "requires_y": True}


class ThemeClassifier(_TextMultiLabelTags, ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """A trainable multi-label theme classifier for Danish texts (scikit-learn estimator).

    One L2-regularised logistic regression per label over TF-IDF word n-grams
    of lemmas, TF-IDF character n-grams and the lexicon's per-theme scores,
    with Platt-calibrated probabilities. Any label set can be learned, not only
    the themes of the default taxonomy.

    Parameters
    ----------
    lexicon : {"default"} or Taxonomy or None, default "default"
        Whose lexicon scores are features: the bundled taxonomy, your own
        (``sundtext.load_taxonomy(path)``), or ``None`` for none. The scores
        are those of :func:`sundtext.tag`, set to 0 when the text has no
        health-domain evidence (the tagger's gate), plus the gate itself.
    lexicon_weight : float, default 1.0
        Scale of the lexicon features against the TF-IDF blocks (each of unit
        length per article).
    words : {"lemmas", "forms"} or None, default "lemmas"
        Word n-grams over lemmas, over lowercased word forms, or none.
    word_ngrams : tuple of int, default (1, 2)
        Range of word n-gram lengths.
    char_ngrams : tuple of int or None, default (3, 5)
        Range of character n-gram lengths (within word boundaries), or
        ``None`` for no character features.
    min_df : int, default 1
        Ignore n-grams in fewer training articles than this.
    max_features : int or None, default None
        Keep at most this many n-grams per block (the most frequent).
    C : float, default 10.0
        Inverse regularisation strength of the logistic regressions.
    class_weight : {"balanced"} or None, default "balanced"
        Weight positives and negatives by their inverse frequency per label.
    calibration_cv : int, default 3
        Folds used to get the out-of-fold decision values that the Platt
        sigmoid of each label is fitted to (fewer for a rare label; a label
        with a single positive keeps the logistic regression's own
        probability). 0 or 1 turns calibration off.
    threshold : float, default 0.5
        A label is predicted when its probability reaches this.
    classes : sequence or None, default None
        The label ids in a fixed order (e.g. ``list(load_taxonomy().themes)``),
        so that labels absent from a training set are still columns of
        ``predict_proba``. With an indicator matrix ``y`` they name its columns.
    random_state : int, RandomState or None, default None
        Seeds the calibration folds; an int makes ``fit`` reproducible.

    Attributes
    ----------
    classes_ : ndarray of shape (n_labels,)
        The label ids, in the order of the columns of ``predict_proba``.
    coef_ : ndarray of shape (n_labels, n_features)
        The logistic regressions' weights over :meth:`get_feature_names_out`.
    intercept_ : ndarray of shape (n_labels,)
    calibration_ : ndarray of shape (n_labels, 2)
        Platt's ``(a, b)`` per label: ``p = sigmoid(a * decision + b)``.
    label_format_ : {"lists", "indicator"}
        How ``y`` was given; ``predict`` answers in the same form.
    vocabulary_ : dict
        Per feature block (``"words"``, ``"chars"``), the n-grams in column order.

    See Also
    --------
    HybridTagger : the lexicon and this classifier combined, with a review band.

    Notes
    -----
    ``X`` is a sequence of texts, of dicts with ``text`` and an optional
    ``title`` (gold records as they are), or a DataFrame with a ``text`` (and
    optional ``title``) column. ``y`` is a list of label lists, or a 0/1
    indicator matrix (e.g. from ``MultiLabelBinarizer``). scikit-learn's
    ``cross_val_score(clf, X, y, cv=5)`` needs the indicator form, because
    stratification does not read label lists; with label lists pass a
    splitter, ``cv=KFold(5, shuffle=True, random_state=0)``. :meth:`score` is
    the micro-averaged F1.

    Examples
    --------
    >>> texts = ["Robotter pakker medicin på sygehuset.", "Sygehuset mangler sygeplejersker.",
    ...          "Robotten sparer personale tid.", "Regionen kan ikke rekruttere læger."]
    >>> labels = [["automation"], ["workforce"], ["automation", "workforce"], ["workforce"]]
    >>> clf = ThemeClassifier(random_state=0).fit(texts, labels)
    >>> clf.predict_proba(["En robot pakker medicinen."]).shape
    (1, 2)
    >>> clf.tag("En ny robot skal pakke medicin på sygehusene.").themes
    ('automation',)
    """

    _estimator_kind: ClassVar[str] = "ThemeClassifier"

    def __init__(
        self,
        *,
        lexicon: Taxonomy | str | None = "default",
        lexicon_weight: float = 1.0,
        words: str | None = "lemmas",
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] | None = (3, 5),
        min_df: int = 1,
        max_features: int | None = None,
        C: float = 10.0,
        class_weight: str | None = "balanced",
        calibration_cv: int = 3,
        threshold: float = 0.5,
        classes: Sequence[Any] | None = None,
        random_state: int | np.random.RandomState | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.lexicon_weight = lexicon_weight
        self.words = words
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features
        self.C = C
        self.class_weight = class_weight
        self.calibration_cv = calibration_cv
        self.threshold = threshold
        self.classes = classes
        self.random_state = random_state

    # ------------------------------------------------------------ sklearn

    # ------------------------------------------------------------ fitting

    def fit(self, X: Any, y: Any) -> ThemeClassifier:
        """Learn the labels ``y`` of the articles ``X``.

        Parameters
        ----------
        X : sequence of str, of dicts with "text" (and "title"), or DataFrame
            The training articles.
        y : list of label lists, or array of shape (n_articles, n_labels)
            The labels of each article (theme ids, or any hashable ids), or a
            0/1 indicator matrix.

        Returns
        -------
        ThemeClassifier
            ``self``, fitted.

        Raises
        ------
        SundtextTypeError
            If a text or a label list has the wrong type.
        SundtextValueError
            If ``X`` and ``y`` differ in length, ``y`` has no label at all, a
            label is not in ``classes``, or a parameter is invalid.

        Examples
        --------
        >>> clf = ThemeClassifier(char_ngrams=None, random_state=0)
        >>> clf.fit(["Kunstig intelligens læser røntgenbilleder.", "Ventetiden vokser."],
        ...         [["ai"], ["access"]]).classes_.tolist()
        ['access', 'ai']
        """
        self._check_params()
        articles = _articles(X)
        if not articles:
            raise SundtextValueError("X is empty; fit needs at least one article")
        Y, names, fmt = _binarize(y, self.classes, len(articles))
        lexicon = _resolve_lexicon(self.lexicon)

        docs = [_joined(t, h) for t, h in articles]
        self.word_vectorizer_ = self._word_vectorizer()
        self.char_vectorizer_ = self._char_vectorizer()
        blocks = []
        if self.word_vectorizer_ is not None:
            lemmas = self.words == "lemmas"
            blocks.append(
                self.word_vectorizer_.fit_transform([_lemma_doc(d, lemmas) for d in docs])
            )
        if self.char_vectorizer_ is not None:
            blocks.append(self.char_vectorizer_.fit_transform(docs))
        self.lexicon_themes_ = tuple(lexicon.themes) if lexicon is not None else ()
        self.lexicon_ = lexicon
        if lexicon is not None:
            rows = [_lexicon_row(lexicon, t, h) for t, h in articles]
            blocks.append(sp.csr_matrix(np.asarray(rows, dtype=np.float32) * self.lexicon_weight))
        if not blocks:
            raise SundtextValueError(
                "the classifier has no features: words=None, char_ngrams=None and lexicon=None; "
                "turn at least one of them on"
            )
        features = sp.hstack(blocks, format="csr", dtype=np.float32)

        rng = check_random_state(self.random_state)
        n, k = Y.shape
        coef = np.zeros((k, features.shape[1]), dtype=np.float32)
        intercept = np.zeros(k, dtype=np.float64)
        calibration = np.zeros((k, 2), dtype=np.float64)
        for j in range(k):
            seed = int(rng.randint(np.iinfo(np.int32).max))
            yj = Y[:, j].astype(np.int64)
            n_pos = int(yj.sum())
            if n_pos == 0 or n_pos == n:  # nothing to separate: the smoothed prior
                calibration[j] = (0.0, _prior_logit(n_pos, n))
                continue
            model = self._logistic(seed, features.shape).fit(features, yj)
            coef[j] = model.coef_[0]
            intercept[j] = float(model.intercept_[0])
            calibration[j] = self._calibrate(features, yj, seed)
        self.classes_ = np.asarray(names)
        self.coef_ = coef
        self.intercept_ = intercept
        self.calibration_ = calibration
        self.label_format_ = fmt
        self.n_features_ = int(features.shape[1])
        return self

    def _check_params(self) -> None:
        if self.words not in ("lemmas", "forms", None):
            raise SundtextValueError(f"words must be 'lemmas', 'forms' or None, got {self.words!r}")
        for name in ("word_ngrams", "char_ngrams"):
            value = getattr(self, name)
            if value is None and name == "char_ngrams":
                continue
            if (
                not isinstance(value, (tuple, list))
                or len(value) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                or not 1 <= value[0] <= value[1]
            ):
                raise SundtextValueError(
                    f"{name} must be a pair of ints (low, high) with 1 <= low <= high, "
                    f"e.g. (1, 2); got {value!r}"
                )
        _check_threshold(self.threshold, "threshold")
        if isinstance(self.C, bool) or not isinstance(self.C, (int, float)) or not self.C > 0:
            raise SundtextValueError(f"C must be a float > 0, got {self.C!r}")
        if isinstance(self.lexicon_weight, bool) or not isinstance(
            self.lexicon_weight, (int, float)
        ):
            raise SundtextValueError(
                f"lexicon_weight must be a float >= 0, got {self.lexicon_weight!r}"
            )
        if self.lexicon_weight < 0:
            raise SundtextValueError(
                f"lexicon_weight must be a float >= 0, got {self.lexicon_weight!r}"
            )
        if self.class_weight not in ("balanced", None):
            raise SundtextValueError(
                f"class_weight must be 'balanced' or None, got {self.class_weight!r}"
            )
        cv = self.calibration_cv
        if isinstance(cv, bool) or not isinstance(cv, int) or cv < 0:
            raise SundtextValueError(f"calibration_cv must be an int >= 0, got {cv!r}")
        if isinstance(self.min_df, bool) or not isinstance(self.min_df, int) or self.min_df < 1:
            raise SundtextValueError(f"min_df must be an int >= 1, got {self.min_df!r}")

    def _word_vectorizer(self) -> TfidfVectorizer | None:
        if self.words is None:
            return None
        return TfidfVectorizer(
            token_pattern=r"\S+",
            lowercase=False,
            ngram_range=tuple(self.word_ngrams),
            sublinear_tf=True,
            min_df=self.min_df,
            max_features=self.max_features,
            dtype=np.float32,
        )

    def _char_vectorizer(self) -> TfidfVectorizer | None:
        if self.char_ngrams is None:
            return None
        return TfidfVectorizer(
            analyzer="char_wb",
            lowercase=True,
            ngram_range=tuple(self.char_ngrams),
            sublinear_tf=True,
            min_df=self.min_df,
            max_features=self.max_features,
            dtype=np.float32,
        )

    def _logistic(self, seed: int, shape: tuple[int, int]) -> LogisticRegression:
        # liblinear's dual problem is ~10x faster when there are more n-grams than articles
        return LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            solver="liblinear",
            dual=shape[1] > shape[0],
            max_iter=1000,
            random_state=seed,
        )

    def _calibrate(self, features: Any, y: np.ndarray[Any, Any], seed: int) -> tuple[float, float]:
        n_pos = int(y.sum())
        splits = min(self.calibration_cv, n_pos, len(y) - n_pos)
        if splits < 2:  # too few positives to cross-fit: keep the regression's own sigmoid
            return 1.0, 0.0
        decision = np.zeros(len(y), dtype=np.float64)
        folds = StratifiedKFold(splits, shuffle=True, random_state=seed)
        for train, test in folds.split(np.zeros(len(y)), y):
            model = self._logistic(seed, features.shape).fit(features[train], y[train])
            decision[test] = model.decision_function(features[test])
        return _platt(decision, y)

    # ------------------------------------------------------------ predicting

    def _features(
        self, articles: list[tuple[str, str | None]], lexicon_rows: Sequence[Any] | None = None
    ) -> Any:
        docs = [_joined(t, h) for t, h in articles]
        blocks = []
        if self.word_vectorizer_ is not None:
            lemmas = self.words == "lemmas"
            blocks.append(self.word_vectorizer_.transform([_lemma_doc(d, lemmas) for d in docs]))
        if self.char_vectorizer_ is not None:
            blocks.append(self.char_vectorizer_.transform(docs))
        if self.lexicon_ is not None:
            if lexicon_rows is None:
                lexicon_rows = [_lexicon_row(self.lexicon_, t, h) for t, h in articles]
            rows = np.asarray(lexicon_rows, dtype=np.float32).reshape(len(articles), -1)
            blocks.append(sp.csr_matrix(rows * self.lexicon_weight))
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    def decision_function(self, X: Any) -> np.ndarray[Any, Any]:
        """The logistic regressions' margins, one column per label.

        Parameters
        ----------
        X : sequence of str, of dicts with "text" (and "title"), or DataFrame

        Returns
        -------
        ndarray of shape (n_articles, n_labels)
            ``predict_proba`` is ``sigmoid(a * decision + b)`` per label with
            ``a >= 0``, so it is monotone in this.

        Examples
        --------
        >>> clf = ThemeClassifier(random_state=0).fit(["Robotter.", "Ventetid."], [["automation"], ["access"]])
        >>> clf.decision_function(["Robotter og robotter."]).shape
        (1, 2)
        """
        check_is_fitted(self, "coef_")
        return self._decision(_articles(X))

    def _decision(
        self, articles: list[tuple[str, str | None]], lexicon_rows: Sequence[Any] | None = None
    ) -> np.ndarray[Any, Any]:
        if not articles:
            return np.zeros((0, len(self.classes_)))
        features = self._features(articles, lexicon_rows)
        decision: np.ndarray[Any, Any] = (
            np.asarray(features @ self.coef_.T, dtype=np.float64) + self.intercept_
        )
        return decision

    def predict_proba(self, X: Any) -> np.ndarray[Any, Any]:
        """Calibrated probabilities, one column per label (in ``classes_`` order).

        Parameters
        ----------
        X : sequence of str, of dicts with "text" (and "title"), or DataFrame

        Returns
        -------
        ndarray of shape (n_articles, n_labels)
            Each label's probability on its own (multi-label: rows need not sum to 1).

        Examples
        --------
        >>> clf = ThemeClassifier(random_state=0).fit(["Robotter.", "Ventetid."], [["automation"], ["access"]])
        >>> p = clf.predict_proba(["Robotter og robotter."])
        >>> bool(p[0, 1] > p[0, 0])  # automation over access
        True
        """
        check_is_fitted(self, "coef_")
        return self._proba(_articles(X))

    def _proba(
        self, articles: list[tuple[str, str | None]], lexicon_rows: Sequence[Any] | None = None
    ) -> np.ndarray[Any, Any]:
        decision = self._decision(articles, lexicon_rows)
        a, b = self.calibration_[:, 0], self.calibration_[:, 1]
        proba: np.ndarray[Any, Any] = expit(decision * a + b)
        return proba

    def predict(self, X: Any) -> Any:
        """The labels of each article.

        Parameters
        ----------
        X : sequence of str, of dicts with "text" (and "title"), or DataFrame

        Returns
        -------
        list of lists, or ndarray of shape (n_articles, n_labels)
            In the form ``y`` had in ``fit``: per article the labels whose
            probability reaches ``threshold`` (highest first), or a 0/1 matrix.

        Examples
        --------
        >>> clf = ThemeClassifier(random_state=0).fit(["Robotter.", "Ventetid."], [["automation"], ["access"]])
        >>> clf.predict(["Robotter og robotter.", "Cykelsti."])
        [['automation'], []]
        """
        check_is_fitted(self, "coef_")
        return _format(self._proba(_articles(X)), self)

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """Micro-averaged F1 of ``predict(X)`` against ``y`` (the default CV score).

        Parameters
        ----------
        X : sequence of str, of dicts with "text" (and "title"), or DataFrame
        y : list of label lists, or 0/1 indicator matrix
        sample_weight : None
            Not supported; must be None.

        Returns
        -------
        float
            Micro F1 over all labels of ``classes_`` (1.0 when neither side has a label).

        Examples
        --------
        >>> clf = ThemeClassifier(random_state=0).fit(["Robotter.", "Ventetid."], [["automation"], ["access"]])
        >>> clf.score(["Robotter og robotter."], [["automation"]])
        1.0
        """
        if sample_weight is not None:
            raise SundtextValueError("score does not take sample_weight; leave it None")
        check_is_fitted(self, "coef_")
        articles = _articles(X)
        truth, _, _ = _binarize(y, self.classes_.tolist(), len(articles))
        predicted = (self._proba(articles) >= self.threshold).astype(np.int8)
        return _micro_f1(truth, predicted)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray[Any, Any]:
        """Names of the model's features, in the order of the columns of ``coef_``.

        Word n-grams are prefixed ``w:``, character n-grams ``c:`` and the
        lexicon's scores ``lex:`` (``lex:gate`` is the health-domain gate).

        Examples
        --------
        >>> clf = ThemeClassifier(char_ngrams=None, lexicon=None, random_state=0)
        >>> clf.fit(["robotter pakker", "ventetid"], [["automation"], ["access"]]).get_feature_names_out().tolist()
        ['w:pakke', 'w:robot', 'w:robot pakke', 'w:ventetid']
        """
        check_is_fitted(self, "coef_")
        names: list[str] = []
        if self.word_vectorizer_ is not None:
            names += ["w:" + t for t in self.word_vectorizer_.get_feature_names_out()]
        if self.char_vectorizer_ is not None:
            names += ["c:" + t for t in self.char_vectorizer_.get_feature_names_out()]
        if self.lexicon_ is not None:
            names += [f"lex:{t}" for t in self.lexicon_themes_] + ["lex:gate"]
        return np.asarray(names, dtype=object)

    def top_features(self, label: Any, n: int = 10) -> list[tuple[str, float]]:
        """The features that speak most for ``label``: ``(name, weight)``, strongest first.

        Examples
        --------
        >>> clf = ThemeClassifier(char_ngrams=None, lexicon=None, random_state=0)
        >>> clf = clf.fit(["robotter pakker", "ventetid", "robot"], [["automation"], ["access"], ["automation"]])
        >>> clf.top_features("automation", 1)[0][0]
        'w:robot'
        """
        check_is_fitted(self, "coef_")
        names = self.classes_.tolist()
        if label not in names:
            raise SundtextValueError(f"unknown label {label!r}; the model's labels are {names}")
        row = self.coef_[names.index(label)]
        order = np.argsort(-row, kind="stable")[:n]
        features = self.get_feature_names_out()
        return [(str(features[i]), float(row[i])) for i in order if row[i] > 0]

    @property
    def vocabulary_(self) -> dict[str, list[str]]:
        check_is_fitted(self, "coef_")
        out: dict[str, list[str]] = {}
        if self.word_vectorizer_ is not None:
            out["words"] = self.word_vectorizer_.get_feature_names_out().tolist()
        if self.char_vectorizer_ is not None:
            out["chars"] = self.char_vectorizer_.get_feature_names_out().tolist()
        return out

    # ------------------------------------------------------------ tagging

    def tag(self, text: str, *, title: str | None = None) -> ModelTags:
        """Tag one article; like :func:`sundtext.tag`, with this model's decision.

        Parameters
        ----------
        text : str
        title : str, optional

        Returns
        -------
        ModelTags
            An :class:`~sundtext.ArticleTags` whose ``scores`` are the model's
            probabilities, with the lexicon's mentions as evidence.

        Examples
        --------
        >>> clf = ThemeClassifier(random_state=0).fit(["Robotter.", "Ventetid."], [["automation"], ["access"]])
        >>> clf.tag("Robotter og robotter.").themes
        ('automation',)
        """
        return self.tag_many([text], [title])[0]

    def tag_many(
        self, texts: Sequence[str], titles: Sequence[str | None] | None = None
    ) -> list[ModelTags]:
        """Tag many articles at once (faster than one by one); one result per text, in order.

        Examples
        --------
        >>> clf = ThemeClassifier(random_state=0).fit(["Robotter.", "Ventetid."], [["automation"], ["access"]])
        >>> [t.themes for t in clf.tag_many(["Robotter.", "Ventetid og ventetid."])]
        [('automation',), ('access',)]
        """
        check_is_fitted(self, "coef_")
        articles = _pairs(texts, titles)
        lexicon = self.lexicon_ if self.lexicon_ is not None else None
        lex_tags = _lexicon_tags(lexicon, articles)
        rows = [_row_of(t, lexicon) for t in lex_tags] if lexicon is not None else None
        proba = self._proba(articles, rows)
        names = [str(c) for c in self.classes_.tolist()]
        out: list[ModelTags] = []
        for i, lex in enumerate(lex_tags):
            scores = dict(zip(names, proba[i].tolist(), strict=True))
            out.append(
                _model_tags(
                    lex,
                    scores=scores,
                    lexicon_scores=_lexicon_scores(lex, names),
                    model_scores=scores,
                    threshold=float(self.threshold),
                    band=None,
                    taxonomy=lexicon,
                    source="classifier",
                )
            )
        return out

    # ------------------------------------------------------------ persistence

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the fitted model to a skops file (no pickle inside).

        Parameters
        ----------
        path : str or path-like
            Where to write; ``.skops`` is the usual extension. Written
            atomically: a failed save leaves no half-written file.

        Returns
        -------
        pathlib.Path
            The file written.

        Raises
        ------
        sklearn.exceptions.NotFittedError
            If the model is not fitted.
        ImportError
            Without skops (``pip install 'sundtext[model]'``).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> clf = ThemeClassifier(random_state=0).fit(["Robotter.", "Ventetid."], [["automation"], ["access"]])
        >>> path = clf.save(pathlib.Path(tempfile.mkdtemp()) / "model.skops")
        >>> ThemeClassifier.load(path).predict(["Robotter."])
        [['automation']]
        """
        check_is_fitted(self, "coef_")
        return _save(self, path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ThemeClassifier:
        """Read a model written by :meth:`save` (see :func:`load_model`).

        Raises
        ------
        ModelFileError
            If the file is not a sundtext model of this class, was written in
            another format version, is damaged, or holds a type sundtext does
            not trust.
        """
        model = load_model(path)
        if not isinstance(model, cls):
            raise ModelFileError(
                f"{str(path)!r} holds a {type(model).__name__}, not a {cls.__name__}; "
                "read it with sundtext.load_model(path)"
            )
        return model

    def _state(self) -> dict[str, Any]:
        return {
            "classes": _plain_list(self.classes_.tolist()),
            "label_format": self.label_format_,
            "coef": np.ascontiguousarray(self.coef_, dtype=np.float32),
            "intercept": np.asarray(self.intercept_, dtype=np.float64),
            "calibration": np.asarray(self.calibration_, dtype=np.float64),
            "words": _vectorizer_state(self.word_vectorizer_),
            "chars": _vectorizer_state(self.char_vectorizer_),
            "lexicon_themes": list(self.lexicon_themes_),
        }

    def _set_state(self, state: Mapping[str, Any]) -> None:
        self.word_vectorizer_ = _vectorizer_from_state(self._word_vectorizer(), state["words"])
        self.char_vectorizer_ = _vectorizer_from_state(self._char_vectorizer(), state["chars"])
        self.lexicon_ = _resolve_lexicon(self.lexicon)
        self.lexicon_themes_ = tuple(state["lexicon_themes"])
        if self.lexicon_ is not None and self.lexicon_themes_ != tuple(self.lexicon_.themes):
            raise ModelFileError(
                "the model's lexicon features do not match its lexicon's themes "
                f"({len(self.lexicon_themes_)} vs {len(self.lexicon_.themes)})"
            )
        self.classes_ = np.asarray(state["classes"])
        self.label_format_ = _one_of(state["label_format"], ("lists", "indicator"), "label_format")
        self.coef_ = _array(state["coef"], np.float32, 2, "coef")
        self.intercept_ = _array(state["intercept"], np.float64, 1, "intercept")
        self.calibration_ = _array(state["calibration"], np.float64, 2, "calibration")
        width = sum(
            len(v.vocabulary_) for v in (self.word_vectorizer_, self.char_vectorizer_) if v
        ) + (len(self.lexicon_themes_) + 1 if self.lexicon_ is not None else 0)
        k = len(self.classes_)
        if (
            self.coef_.shape != (k, width)
            or self.intercept_.shape != (k,)
            or self.calibration_.shape != (k, 2)
        ):
            raise ModelFileError(
                f"the model's arrays do not fit together (coef {self.coef_.shape}, "
                f"{k} labels, {width} features)"
            )
        self.n_features_ = width

    def _fingerprint(self) -> str:
        """A digest of the fitted model, to tell one model from another (e.g. for resume)."""
        check_is_fitted(self, "coef_")
        h = hashlib.sha256(type(self).__name__.encode())
        h.update(json.dumps(_params_plain(self), sort_keys=True, default=str).encode())
        h.update(json.dumps(_plain_list(self.classes_.tolist()), default=str).encode())
        for array in (self.coef_, self.intercept_, self.calibration_):
            h.update(np.ascontiguousarray(array).tobytes())
        return h.hexdigest()[:16]


# ================================================================ the hybrid


class HybridTagger(_TextMultiLabelTags, ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """The lexicon and a trained classifier, combined into one calibrated decision per theme.

    For every article and label the combination is a logistic regression
    (shared by all labels, so that a few dozen codings are enough) over the
    classifier's probability (as a logit), the lexicon's score, whether the
    lexicon tags the theme, and whether the label has a lexicon at all. It is
    trained on *out-of-fold* classifier probabilities, so it learns how far the
    classifier can be trusted on articles it has not seen.

    Articles with a probability strictly inside ``review_band`` are flagged
    ``needs_review``, with the themes in doubt in ``in_doubt``.

    Parameters
    ----------
    classifier : ThemeClassifier or None, default None
        The classifier to train (a template; it is cloned). ``None`` is
        ``ThemeClassifier(random_state=random_state)``; a classifier without a
        ``random_state`` is seeded from this one's.
    taxonomy : Taxonomy or None, default None
        The lexicon whose scores are combined (``None``: the bundled one). A
        label that is not one of its themes is decided by the classifier alone.
    threshold : float or "auto", default "auto"
        A theme is tagged when its combined probability reaches this.
        ``"auto"`` takes half the best micro-F1 that the combination reaches
        on the out-of-fold training data: for calibrated probabilities the
        F1-optimal threshold is half the optimal F1 (Lipton, Elkan and
        Naryanaswamy 2014), usually about 0.45.
    review_band : tuple of float or None, default (0.2, 0.8)
        ``(low, high)``: a theme whose probability is strictly between them is
        in doubt. ``None`` flags nothing.
    cv : int, default 5
        Folds for the out-of-fold classifier probabilities.
    gate : bool, default True
        Follow the lexicon's health-domain gate: a text without health
        content gets no theme (as with :func:`sundtext.tag`).
    C : float, default 1.0
        Inverse regularisation strength of the combining regression.
    random_state : int, RandomState or None, default None
        Seeds the folds; an int makes ``fit`` reproducible.

    Attributes
    ----------
    classes_ : ndarray of shape (n_labels,)
    classifier_ : ThemeClassifier
        The classifier, fitted on all training articles.
    combiner_coef_ : ndarray of shape (5,)
        Weights of the classifier's logit, the lexicon's score, whether the
        lexicon tags the theme, the classifier's logit where it does, and
        whether the label has a lexicon.
    combiner_intercept_ : float
    threshold_ : float
        The threshold in use (``threshold``, or the one ``"auto"`` chose).
    label_format_ : {"lists", "indicator"}

    Examples
    --------
    >>> texts = ["Robotter pakker medicin på sygehuset.", "Sygehuset mangler sygeplejersker.",
    ...          "Robotten sparer personalet tid på sygehuset.", "Regionen kan ikke rekruttere læger.",
    ...          "Automatisering på laboratoriet.", "Ventetiden stiger."]
    >>> labels = [["automation"], ["workforce"], ["automation"], ["workforce"], ["automation"], []]
    >>> hybrid = HybridTagger(cv=2, random_state=0).fit(texts, labels)
    >>> tags = hybrid.tag("Sygehuset mangler sygeplejersker, og flere siger op.")
    >>> tags.themes, tags.needs_review
    (('workforce',), False)
    """

    _estimator_kind: ClassVar[str] = "HybridTagger"
    _N_COMBINER = 5

    def __init__(
        self,
        classifier: ThemeClassifier | None = None,
        *,
        taxonomy: Taxonomy | None = None,
        threshold: float | str = "auto",
        review_band: tuple[float, float] | None = (0.2, 0.8),
        cv: int = 5,
        gate: bool = True,
        C: float = 1.0,
        random_state: int | np.random.RandomState | None = None,
    ) -> None:
        self.classifier = classifier
        self.taxonomy = taxonomy
        self.threshold = threshold
        self.review_band = review_band
        self.cv = cv
        self.gate = gate
        self.C = C
        self.random_state = random_state

    def _check_params(self) -> None:
        if self.threshold != "auto":
            _check_threshold(self.threshold, "threshold (or 'auto')")
        band = self.review_band
        if band is not None and (
            not isinstance(band, (tuple, list))
            or len(band) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in band)
            or not 0.0 <= band[0] <= band[1] <= 1.0
        ):
            raise SundtextValueError(
                f"review_band must be None or a pair (low, high) with 0 <= low <= high <= 1; got {band!r}"
            )
        if isinstance(self.cv, bool) or not isinstance(self.cv, int) or self.cv < 2:
            raise SundtextValueError(f"cv must be an int >= 2, got {self.cv!r}")
        if isinstance(self.C, bool) or not isinstance(self.C, (int, float)) or not self.C > 0:
            raise SundtextValueError(f"C must be a float > 0, got {self.C!r}")
        if self.classifier is not None and not isinstance(self.classifier, ThemeClassifier):
            raise SundtextTypeError(
                f"classifier must be a ThemeClassifier or None, got {type(self.classifier).__name__}"
            )
        if self.taxonomy is not None and not isinstance(self.taxonomy, Taxonomy):
            raise SundtextTypeError(
                "taxonomy must be a Taxonomy (sundtext.load_taxonomy(...)) or None, got "
                f"{type(self.taxonomy).__name__}"
            )

    def fit(self, X: Any, y: Any) -> HybridTagger:
        """Train the classifier and the combination on the labelled articles.

        The classifier is trained ``cv`` times on part of the data to get
        out-of-fold probabilities for the combination, then once on all of it.

        Parameters
        ----------
        X : sequence of str, of dicts with "text" (and "title"), or DataFrame
        y : list of label lists, or 0/1 indicator matrix

        Returns
        -------
        HybridTagger
            ``self``, fitted.

        Raises
        ------
        SundtextTypeError, SundtextValueError
            As for :meth:`ThemeClassifier.fit`.
        """
        self._check_params()
        articles = _articles(X)
        if not articles:
            raise SundtextValueError("X is empty; fit needs at least one article")
        template = (
            self.classifier
            if self.classifier is not None
            else ThemeClassifier(random_state=self.random_state)
        )
        Y, names, fmt = _binarize(y, template.classes, len(articles))
        taxonomy = self.taxonomy if self.taxonomy is not None else load_taxonomy()
        records = [{"text": t, "title": h} for t, h in articles]
        labels = Y  # the classifier is trained on the indicator form with named classes
        base = clone(template).set_params(classes=names)
        if base.random_state is None and self.random_state is not None:
            # an unseeded classifier inside a seeded hybrid is seeded from it, so fit repeats
            seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
            base.set_params(random_state=int(seed))

        n = len(articles)
        oof = np.zeros(Y.shape, dtype=np.float64)
        folds = KFold(min(self.cv, n), shuffle=True, random_state=self.random_state)
        if n >= 2:
            for train, test in folds.split(np.zeros(n)):
                model = clone(base).fit([records[i] for i in train], labels[train])
                oof[test] = model.predict_proba([records[i] for i in test])
        else:
            oof[:] = Y.mean(axis=0)

        lex_tags = _lexicon_tags(taxonomy, articles)
        lex, tagged, gates = _lexicon_matrix(lex_tags, names, taxonomy)
        features = _combiner_features(oof, lex, tagged, names, taxonomy)
        target = Y.reshape(-1)
        keep = np.repeat(gates if self.gate else np.ones(n, dtype=bool), len(names))
        if keep.any() and 0 < target[keep].sum() < keep.sum():
            combiner = LogisticRegression(C=self.C, solver="lbfgs", max_iter=1000)
            combiner.fit(features[keep], target[keep])
            self.combiner_coef_ = combiner.coef_[0].astype(np.float64)
            self.combiner_intercept_ = float(combiner.intercept_[0])
        else:  # a degenerate training set: the prior
            self.combiner_coef_ = np.zeros(self._N_COMBINER, dtype=np.float64)
            self.combiner_intercept_ = _prior_logit(int(target[keep].sum()), int(keep.sum()))
        if self.threshold == "auto":
            proba = expit(features @ self.combiner_coef_ + self.combiner_intercept_)
            proba = proba.reshape(Y.shape)
            if self.gate:
                proba[~gates] = 0.0
            self.threshold_ = _auto_threshold(Y, proba)
        else:
            self.threshold_ = float(self.threshold)
        band = self.review_band
        if band is not None and not band[0] <= self.threshold_ <= band[1]:
            raise SundtextValueError(
                f"the threshold {self.threshold_:.3f} is outside review_band {tuple(band)!r}; "
                "widen the band or set threshold= inside it"
            )
        self.classifier_ = clone(base).fit(records, labels)
        self.taxonomy_ = taxonomy
        self.classes_ = np.asarray(names)
        self.label_format_ = fmt
        return self

    def _proba(
        self, articles: list[tuple[str, str | None]], lex_tags: list[ArticleTags] | None = None
    ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], list[ArticleTags]]:
        """Combined probabilities, the classifier's, and the lexicon's tags."""
        if lex_tags is None:
            lex_tags = _lexicon_tags(self.taxonomy_, articles)
        names = self.classes_.tolist()
        clf = self.classifier_
        rows = None
        if clf.lexicon_ is self.taxonomy_:
            rows = [_row_of(t, self.taxonomy_) for t in lex_tags]
        model = clf._proba(articles, rows) if articles else np.zeros((0, len(names)))
        lex, tagged, gates = _lexicon_matrix(lex_tags, names, self.taxonomy_)
        features = _combiner_features(model, lex, tagged, names, self.taxonomy_)
        z = features @ self.combiner_coef_ + self.combiner_intercept_
        proba = expit(z).reshape(len(articles), len(names))
        if self.gate:
            proba[~gates] = 0.0
        return proba, model, lex_tags

    def predict_proba(self, X: Any) -> np.ndarray[Any, Any]:
        """Combined, calibrated probabilities, one column per label (``classes_`` order).

        Examples
        --------
        >>> hybrid = HybridTagger(cv=2, random_state=0).fit(
        ...     ["Robotter på sygehuset.", "Ventetiden på sygehuset.", "Robotten.", "Ventelisten."],
        ...     [["automation"], ["access"], ["automation"], ["access"]])
        >>> hybrid.predict_proba(["Robotter."]).shape
        (1, 2)
        """
        check_is_fitted(self, "classifier_")
        return self._proba(_articles(X))[0]

    def decision_function(self, X: Any) -> np.ndarray[Any, Any]:
        """The combined log-odds per label (``predict_proba`` is their sigmoid).

        Examples
        --------
        >>> hybrid = HybridTagger(cv=2, random_state=0).fit(
        ...     ["Robotter på sygehuset.", "Ventetiden på sygehuset.", "Robotten.", "Ventelisten."],
        ...     [["automation"], ["access"], ["automation"], ["access"]])
        >>> hybrid.decision_function(["Robotter."]).shape
        (1, 2)
        """
        proba = np.clip(self.predict_proba(X), 1e-12, 1 - 1e-12)
        logits: np.ndarray[Any, Any] = np.log(proba / (1 - proba))
        return logits

    def predict(self, X: Any) -> Any:
        """The labels of each article, in the form ``y`` had in ``fit``.

        Examples
        --------
        >>> hybrid = HybridTagger(cv=2, random_state=0).fit(
        ...     ["Robotter på sygehuset.", "Ventetiden på sygehuset stiger.", "Robotten på sygehuset.",
        ...      "Ventelisten på sygehuset vokser."],
        ...     [["automation"], ["access"], ["automation"], ["access"]])
        >>> hybrid.predict(["Ventetiden og ventelisterne på sygehusene vokser."])
        [['access']]
        """
        check_is_fitted(self, "classifier_")
        return _format(self.predict_proba(X), self)

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """Micro-averaged F1 of ``predict(X)`` against ``y``."""
        if sample_weight is not None:
            raise SundtextValueError("score does not take sample_weight; leave it None")
        check_is_fitted(self, "classifier_")
        articles = _articles(X)
        truth, _, _ = _binarize(y, self.classes_.tolist(), len(articles))
        predicted = (self._proba(articles)[0] >= self.threshold_).astype(np.int8)
        return _micro_f1(truth, predicted)

    def tag(self, text: str, *, title: str | None = None) -> ModelTags:
        """Tag one article; like :func:`sundtext.tag`, with the combined decision.

        Returns
        -------
        ModelTags
            ``scores`` are the combined probabilities; ``needs_review`` and
            ``in_doubt`` say whether and where a human coder should look.
        """
        return self.tag_many([text], [title])[0]

    def tag_many(
        self, texts: Sequence[str], titles: Sequence[str | None] | None = None
    ) -> list[ModelTags]:
        """Tag many articles at once; one result per text, in order."""
        check_is_fitted(self, "classifier_")
        articles = _pairs(texts, titles)
        proba, model, lex_tags = self._proba(articles)
        names = [str(c) for c in self.classes_.tolist()]
        band = tuple(self.review_band) if self.review_band is not None else None
        out: list[ModelTags] = []
        for i, lex in enumerate(lex_tags):
            out.append(
                _model_tags(
                    lex,
                    scores=dict(zip(names, proba[i].tolist(), strict=True)),
                    lexicon_scores=_lexicon_scores(lex, names),
                    model_scores=dict(zip(names, model[i].tolist(), strict=True)),
                    threshold=float(self.threshold_),
                    band=band,  # type: ignore[arg-type]
                    taxonomy=self.taxonomy_,
                    source="hybrid",
                )
            )
        return out

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the fitted tagger to a skops file (see :meth:`ThemeClassifier.save`)."""
        check_is_fitted(self, "classifier_")
        return _save(self, path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> HybridTagger:
        """Read a tagger written by :meth:`save` (see :func:`load_model`)."""
        model = load_model(path)
        if not isinstance(model, cls):
            raise ModelFileError(
                f"{str(path)!r} holds a {type(model).__name__}, not a {cls.__name__}; "
                "read it with sundtext.load_model(path)"
            )
        return model

    def _state(self) -> dict[str, Any]:
        return {
            "classifier": _envelope_body(self.classifier_),
            "classes": _plain_list(self.classes_.tolist()),
            "label_format": self.label_format_,
            "combiner_coef": np.asarray(self.combiner_coef_, dtype=np.float64),
            "combiner_intercept": float(self.combiner_intercept_),
            "threshold": float(self.threshold_),
        }

    def _set_state(self, state: Mapping[str, Any]) -> None:
        inner = _from_body(ThemeClassifier, state["classifier"])
        assert isinstance(inner, ThemeClassifier)
        self.classifier_ = inner
        self.taxonomy_ = self.taxonomy if self.taxonomy is not None else load_taxonomy()
        self.classes_ = np.asarray(state["classes"])
        self.label_format_ = _one_of(state["label_format"], ("lists", "indicator"), "label_format")
        self.combiner_coef_ = _array(state["combiner_coef"], np.float64, 1, "combiner_coef")
        if self.combiner_coef_.shape != (self._N_COMBINER,):
            raise ModelFileError(f"combiner_coef has shape {self.combiner_coef_.shape}")
        intercept = state["combiner_intercept"]
        if isinstance(intercept, bool) or not isinstance(intercept, (int, float)):
            raise ModelFileError(f"combiner_intercept must be a number, got {intercept!r:.40}")
        self.combiner_intercept_ = float(intercept)
        threshold = state["threshold"]
        if (
            isinstance(threshold, bool)
            or not isinstance(threshold, float)
            or not 0 <= threshold <= 1
        ):
            raise ModelFileError(f"threshold must be a float in [0, 1], got {threshold!r:.40}")
        self.threshold_ = threshold
        if self.classes_.tolist() != inner.classes_.tolist():
            raise ModelFileError("the tagger's labels differ from its classifier's")

    def _fingerprint(self) -> str:
        check_is_fitted(self, "classifier_")
        h = hashlib.sha256(type(self).__name__.encode())
        h.update(self.classifier_._fingerprint().encode())
        h.update(json.dumps(_params_plain(self), sort_keys=True, default=str).encode())
        h.update(np.ascontiguousarray(self.combiner_coef_).tobytes())
        h.update(repr((self.combiner_intercept_, self.threshold_)).encode())
        return h.hexdigest()[:16]


# ================================================================ shared helpers


def _check_threshold(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise SundtextValueError(f"{name} must be a float in [0, 1], got {value!r}")


def _auto_threshold(Y: np.ndarray[Any, Any], proba: np.ndarray[Any, Any]) -> float:
    """Half the best micro-F1 over thresholds: the F1-optimal threshold for calibrated p."""
    truth = Y.astype(bool)
    best = 0.0
    for t in np.linspace(0.05, 0.95, 91):
        best = max(best, _micro_f1(truth, proba >= t))
    return round(best / 2, 3) if best > 0 else 0.5


def _threshold(model: ThemeClassifier | HybridTagger) -> float:
    if isinstance(model, HybridTagger):
        return float(model.threshold_)
    return float(model.threshold)


def _format(proba: np.ndarray[Any, Any], model: ThemeClassifier | HybridTagger) -> Any:
    """Predictions in the form ``y`` had in ``fit``: label lists (highest first) or 0/1."""
    hits = proba >= _threshold(model)
    if model.label_format_ == "indicator":
        return hits.astype(np.int64)
    names = model.classes_.tolist()
    out: list[list[Any]] = []
    for row, hit in zip(proba, hits, strict=True):
        order = np.argsort(-row, kind="stable")
        out.append([names[j] for j in order if hit[j]])
    return out


def _pairs(
    texts: Sequence[str], titles: Sequence[str | None] | None
) -> list[tuple[str, str | None]]:
    if isinstance(texts, str):
        raise SundtextTypeError("texts must be a sequence of str, got a single str; use tag()")
    texts = list(texts)
    heads: list[str | None] = [None] * len(texts) if titles is None else list(titles)
    if len(heads) != len(texts):
        raise SundtextValueError(f"got {len(texts)} texts but {len(heads)} titles")
    return _articles([{"text": t, "title": h} for t, h in zip(texts, heads, strict=True)], "texts")


def _lexicon_tags(
    taxonomy: Taxonomy | None, articles: list[tuple[str, str | None]]
) -> list[ArticleTags]:
    if taxonomy is None:
        return [ArticleTags((), (), {}, (), {}, 0.0, 0.5, 0.0) for _ in articles]
    tagger = _Tagger(taxonomy, None)
    return [tagger(text, title) for text, title in articles]


def _lexicon_scores(tags: ArticleTags, names: Sequence[str]) -> dict[str, float]:
    return {name: float(tags.scores.get(name, 0.0)) for name in names}


def _lexicon_matrix(
    lex_tags: Sequence[ArticleTags], names: Sequence[Any], taxonomy: Taxonomy
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Per article and label: the lexicon score, whether it tags the theme, the gate."""
    n, k = len(lex_tags), len(names)
    scores = np.zeros((n, k), dtype=np.float64)
    tagged = np.zeros((n, k), dtype=np.float64)
    gates = np.zeros(n, dtype=bool)
    known = [(j, str(name)) for j, name in enumerate(names) if str(name) in taxonomy.themes]
    for i, tags in enumerate(lex_tags):
        gates[i] = tags.min_domain <= 0 or tags.domain_score >= tags.min_domain
        if not gates[i]:
            continue
        themes = set(tags.themes)
        for j, name in known:
            scores[i, j] = tags.scores.get(name, 0.0)
            tagged[i, j] = 1.0 if name in themes else 0.0
    return scores, tagged, gates


def _combiner_features(
    model: np.ndarray[Any, Any],
    lex: np.ndarray[Any, Any],
    tagged: np.ndarray[Any, Any],
    names: Sequence[Any],
    taxonomy: Taxonomy,
) -> np.ndarray[Any, Any]:
    n = model.shape[0]
    p = np.clip(model, _EPS, 1 - _EPS)
    logit = np.log(p / (1 - p))
    has_lexicon = np.array([1.0 if str(t) in taxonomy.themes else 0.0 for t in names])
    return np.column_stack(
        [
            logit.reshape(-1),
            lex.reshape(-1),
            tagged.reshape(-1),
            (logit * tagged).reshape(-1),
            np.tile(has_lexicon, n),
        ]
    )


# ================================================================ results


@dataclass(frozen=True)
class ModelTags(ArticleTags):
    """:class:`~sundtext.ArticleTags` from a trained model, with both sides of the decision.

    ``scores`` are the model's probabilities (combined ones for a
    :class:`HybridTagger`); ``mentions`` and ``evidence`` are the lexicon's.

    Attributes
    ----------
    lexicon_scores : Mapping[str, float]
        The lexicon tagger's score per label (0 for a label it does not know).
    model_scores : Mapping[str, float]
        The classifier's probability per label.
    review_band : tuple of float or None
        The band that made a theme "in doubt".
    source : {"classifier", "hybrid"}
        Which model decided.

    Examples
    --------
    >>> clf = ThemeClassifier(random_state=0).fit(["Robotter.", "Ventetid."], [["automation"], ["access"]])
    >>> tags = clf.tag("Robotter og robotter.")
    >>> tags.reasons["automation"]  # doctest: +ELLIPSIS
    'tagged: classifier p 0.8... >= 0.50 (lexicon 0.65) from *robot* x2'
    """

    lexicon_scores: Mapping[str, float] = field(default_factory=dict)
    model_scores: Mapping[str, float] = field(default_factory=dict)
    review_band: tuple[float, float] | None = None
    source: str = "classifier"

    @functools.cached_property
    def reasons(self) -> dict[str, str]:
        """For every label that is tagged, in doubt or has lexicon evidence: why."""
        doubt = set(self.in_doubt)
        shown = [t for t in self.scores if t in self.themes or t in doubt or t in self.evidence]
        out: dict[str, str] = {}
        for theme in sorted(shown, key=lambda t: -self.scores[t]):
            p = self.scores[theme]
            who = "p" if self.source == "hybrid" else "classifier p"
            if theme in doubt and self.review_band is not None:
                low, high = self.review_band
                verdict = (
                    f"in doubt ({'tagged' if theme in self.themes else 'not tagged'}): "
                    f"{who} {p:.2f} between {low:.2f} and {high:.2f}"
                )
            elif theme in self.themes:
                verdict = f"tagged: {who} {p:.2f} >= {self.threshold:.2f}"
            else:
                verdict = f"not tagged: {who} {p:.2f} < {self.threshold:.2f}"
            parts = []
            if self.source == "hybrid":
                parts.append(f"classifier {self.model_scores.get(theme, 0.0):.2f}")
            parts.append(f"lexicon {self.lexicon_scores.get(theme, 0.0):.2f}")
            entries = self.evidence.get(theme, {})
            listed = ", ".join(
                f"{entry} x{n}" if n > 1 else entry
                for entry, (_, n) in sorted(entries.items(), key=lambda kv: -kv[1][0])
            )
            out[theme] = f"{verdict} ({', '.join(parts)})" + (
                f" from {listed}" if listed else ", no lexicon evidence"
            )
        return out


def _model_tags(
    lex: ArticleTags,
    *,
    scores: dict[str, float],
    lexicon_scores: dict[str, float],
    model_scores: dict[str, float],
    threshold: float,
    band: tuple[float, float] | None,
    taxonomy: Taxonomy | None,
    source: str,
) -> ModelTags:
    order = {name: j for j, name in enumerate(scores)}
    themes = sorted(
        (t for t, p in scores.items() if p >= threshold), key=lambda t: (-scores[t], order[t])
    )
    in_doubt: list[str] = []
    if band is not None:
        low, high = band
        in_doubt = sorted(
            (t for t, p in scores.items() if low < p < high), key=lambda t: (-scores[t], order[t])
        )
    groups: tuple[str, ...] = ()
    if taxonomy is not None:
        tax_order = {t: j for j, t in enumerate(taxonomy.themes)}
        known = sorted((t for t in themes if t in taxonomy.themes), key=tax_order.__getitem__)
        groups = tuple(dict.fromkeys(taxonomy.themes[t].group for t in known))
    return ModelTags(
        themes=tuple(themes),
        groups=groups,
        scores=scores,
        mentions=lex.mentions,
        evidence=lex.evidence,
        domain_score=lex.domain_score,
        threshold=threshold,
        min_domain=lex.min_domain,
        needs_review=bool(in_doubt),
        in_doubt=tuple(in_doubt),
        lexicon_scores=lexicon_scores,
        model_scores=model_scores,
        review_band=band,
        source=source,
    )


# ================================================================ persistence

# Every type a sundtext model file may contain, as skops names them. Nothing else is
# loaded: skops builds these from their JSON or .npy parts (arrays with allow_pickle=False).
TRUSTED_TYPES: frozenset[tuple[str, str]] = frozenset(
    {
        ("builtins", "dict"),
        ("builtins", "list"),
        ("builtins", "tuple"),
        ("builtins", "str"),
        ("builtins", "int"),
        ("builtins", "float"),
        ("builtins", "bool"),
        ("builtins", "NoneType"),
        ("numpy", "ndarray"),
    }
)
_TRUSTED_LOADERS = frozenset({"DictNode", "ListNode", "TupleNode", "JsonNode", "NdArrayNode"})
# skops records the key types of a dict as references to types: only these may be named
_TRUSTED_TYPE_REFERENCES = frozenset({("builtins", "str"), ("builtins", "int")})
_KINDS: dict[str, type[ThemeClassifier] | type[HybridTagger]] = {
    "ThemeClassifier": ThemeClassifier,
    "HybridTagger": HybridTagger,
}


def _skops() -> Any:
    try:
        import skops.io as sio  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError(
            "saving and loading sundtext models needs skops: pip install 'sundtext[model]'"
        ) from exc
    return sio


def _sklearn_version() -> str:
    import sklearn

    return str(sklearn.__version__)


def _save(model: ThemeClassifier | HybridTagger, path: str | os.PathLike[str]) -> Path:
    from sundtext import __version__

    sio = _skops()
    dest = Path(path)
    if not dest.parent.is_dir():
        raise SundtextValueError(
            f"cannot save to {str(dest)!r}: the folder {str(dest.parent)!r} does not exist"
        )
    envelope = {
        "format": _FORMAT,
        "format_version": FORMAT_VERSION,
        "sundtext_version": __version__,
        "sklearn_version": _sklearn_version(),
        **_envelope_body(model),
    }
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        sio.dump(envelope, tmp, compression=zipfile.ZIP_DEFLATED)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    logger.info("saved %s to %s", type(model).__name__, dest)
    return dest


def _envelope_body(model: ThemeClassifier | HybridTagger) -> dict[str, Any]:
    return {"kind": model._estimator_kind, "params": _params_plain(model), "state": model._state()}


def _params_plain(model: ThemeClassifier | HybridTagger) -> dict[str, Any]:
    """The constructor arguments as plain data (a taxonomy as its content)."""
    out: dict[str, Any] = {}
    for name, value in model.get_params(deep=False).items():
        if isinstance(value, ThemeClassifier):
            out[name] = {"kind": "ThemeClassifier", "params": _params_plain(value)}
        elif isinstance(value, Taxonomy):
            out[name] = _taxonomy_plain(value)
        elif isinstance(value, np.random.RandomState):
            raise SundtextValueError(
                f"cannot save a model whose {name} is a RandomState; use an int or None"
            )
        elif isinstance(value, tuple):
            out[name] = list(value)
        elif name == "classes" and value is not None:
            out[name] = _plain_list(list(value))
        else:
            out[name] = value
    return out


def _plain_list(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if isinstance(v, (bool, np.bool_)):
            out.append(bool(v))
        elif isinstance(v, (int, np.integer)):
            out.append(int(v))
        elif isinstance(v, str):
            out.append(str(v))
        else:
            raise SundtextValueError(
                f"cannot save a model with the label {v!r}; labels must be str or int"
            )
    return out


def _taxonomy_plain(taxonomy: Taxonomy) -> dict[str, Any]:
    """A taxonomy as the mapping :func:`sundtext.taxonomy.taxonomy_from_dict` reads back."""
    if taxonomy is load_taxonomy():
        return {"kind": "default", "fingerprint": _taxonomy_fingerprint(taxonomy)}

    def entries(items: Iterable[Any]) -> list[dict[str, Any]]:
        return [{"pattern": e.pattern, "weight": e.weight} for e in items]

    s = taxonomy.scoring
    raw = {
        "taxonomy": {"name": taxonomy.name, "version": taxonomy.version},
        "scoring": {
            "threshold": s.threshold,
            "saturation": s.saturation,
            "title_boost": s.title_boost,
            "lead_boost": s.lead_boost,
            "repeat_gain": s.repeat_gain,
            "min_domain": s.min_domain,
        },
        "domain": {
            "terms": entries(taxonomy.domain),
            "exclude": [e.pattern for e in taxonomy.domain_exclusions],
        },
        "groups": {
            g.id: {"da": g.da, "en": g.en, "about": g.about} for g in taxonomy.groups.values()
        },
        "themes": {
            t.id: {
                "group": t.group,
                "da": t.da,
                "en": t.en,
                "about": t.about,
                "terms": entries(t.entries),
                "exclude": [e.pattern for e in t.exclusions],
            }
            for t in taxonomy.themes.values()
        },
    }
    return {"kind": "taxonomy", "source": taxonomy.source, "content": raw}


def _taxonomy_fingerprint(taxonomy: Taxonomy) -> str:
    h = hashlib.sha256()
    for t in taxonomy.themes.values():
        h.update(t.id.encode())
        for e in (*t.entries, *t.exclusions):
            h.update(f"{e.pattern}\x00{e.weight}\x00{e.exclude}".encode())
    for e in (*taxonomy.domain, *taxonomy.domain_exclusions):
        h.update(f"{e.pattern}\x00{e.weight}".encode())
    h.update(repr(taxonomy.scoring).encode())
    return h.hexdigest()[:16]


def _vectorizer_state(vectorizer: TfidfVectorizer | None) -> dict[str, Any] | None:
    if vectorizer is None:
        return None
    terms = vectorizer.get_feature_names_out()
    return {
        "terms": np.asarray(terms.tolist(), dtype=str),
        "idf": np.asarray(vectorizer.idf_, dtype=np.float64),
    }


def _vectorizer_from_state(
    template: TfidfVectorizer | None, state: Mapping[str, Any] | None
) -> TfidfVectorizer | None:
    if template is None or state is None:
        if (template is None) != (state is None):
            raise ModelFileError("the model's feature blocks do not match its parameters")
        return None
    terms = _array(state["terms"], None, 1, "terms")
    idf = _array(state["idf"], np.float64, 1, "idf")
    if terms.dtype.kind != "U" or len(terms) != len(idf):
        raise ModelFileError("a vocabulary of the model is damaged")
    vocabulary = {str(t): i for i, t in enumerate(terms.tolist())}
    if len(vocabulary) != len(terms):
        raise ModelFileError("a vocabulary of the model has duplicate terms")
    template.set_params(vocabulary=vocabulary)
    template.idf_ = idf
    return template


def _array(value: Any, dtype: Any, ndim: int, name: str) -> np.ndarray[Any, Any]:
    if not isinstance(value, np.ndarray) or value.ndim != ndim:
        raise ModelFileError(f"{name} must be a {ndim}-d array, got {type(value).__name__}")
    if dtype is not None:
        if value.dtype.kind not in "fiu":
            raise ModelFileError(f"{name} must be numeric, got dtype {value.dtype}")
        value = value.astype(dtype, copy=False)
        if not np.isfinite(value).all():
            raise ModelFileError(f"{name} holds NaN or infinite values")
    checked: np.ndarray[Any, Any] = value
    return checked


def _one_of(value: Any, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise ModelFileError(f"{name} must be one of {allowed}, got {value!r:.40}")
    return str(value)


def _params_from_plain(cls: type[Any], params: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(params, Mapping):
        raise ModelFileError(f"params must be a mapping, got {type(params).__name__}")
    valid = set(cls().get_params(deep=False))
    unknown = sorted(set(params) - valid)
    if unknown:
        raise ModelFileError(
            f"the file names parameters {unknown} that {cls.__name__} does not have "
            "(written by another sundtext version?)"
        )
    out: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, Mapping) and value.get("kind") == "ThemeClassifier":
            out[name] = ThemeClassifier(**_params_from_plain(ThemeClassifier, value["params"]))
        elif isinstance(value, Mapping) and value.get("kind") == "default":
            current = _taxonomy_fingerprint(load_taxonomy())
            if value.get("fingerprint") != current:
                logger.warning(
                    "the model was trained with another version of the default lexicon; its "
                    "lexicon features now come from this one, so predictions may differ "
                    "slightly: retrain it to be sure"
                )
            out[name] = "default" if name == "lexicon" else None
        elif isinstance(value, Mapping) and value.get("kind") == "taxonomy":
            out[name] = taxonomy_from_dict(
                value["content"], source=f"{value.get('source', '<model>')} (from the model file)"
            )
        elif isinstance(value, list) and name in ("word_ngrams", "char_ngrams", "review_band"):
            out[name] = tuple(value)
        else:
            out[name] = value
    return out


def _from_body(
    expected: type[ThemeClassifier] | type[HybridTagger] | None, body: Mapping[str, Any]
) -> ThemeClassifier | HybridTagger:
    kind = body.get("kind")
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None or (expected is not None and cls is not expected):
        raise ModelFileError(f"unknown model kind {kind!r:.40}; expected one of {sorted(_KINDS)}")
    model = cls(**_params_from_plain(cls, body["params"]))
    state = body["state"]
    if not isinstance(state, Mapping):
        raise ModelFileError(f"state must be a mapping, got {type(state).__name__}")
    model._set_state(state)
    return model


def _types_in(path: Path) -> set[tuple[str, str, str]]:
    """Every (module, class, loader) named in a skops file's schema."""
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
    found: set[tuple[str, str, str]] = set()
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__class__" in node or "__module__" in node:
                found.add(
                    (
                        str(node.get("__module__")),
                        str(node.get("__class__")),
                        str(node.get("__loader__")),
                    )
                )
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def load_model(path: str | os.PathLike[str]) -> ThemeClassifier | HybridTagger:
    """Read a :class:`ThemeClassifier` or :class:`HybridTagger` saved with ``save``.

    The file is checked before anything is built from it: it must be a skops
    archive whose every part is one of :data:`TRUSTED_TYPES` (plain data and
    numeric or string arrays), written in this :data:`FORMAT_VERSION`. Nothing
    is unpickled and no code from the file runs.

    Parameters
    ----------
    path : str or path-like
        A file written by :meth:`ThemeClassifier.save` or :meth:`HybridTagger.save`.

    Returns
    -------
    ThemeClassifier or HybridTagger
        Fitted, with the parameters it was saved with.

    Raises
    ------
    ModelFileError
        If the file is missing, not a sundtext model, written in another
        format version, damaged, or holds a type that is not trusted (the
        message names it).
    ImportError
        Without skops (``pip install 'sundtext[model]'``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> clf = ThemeClassifier(random_state=0).fit(["Robotter.", "Ventetid."], [["automation"], ["access"]])
    >>> path = clf.save(pathlib.Path(tempfile.mkdtemp()) / "model.skops")
    >>> load_model(path).predict(["Ventetid og ventetid."])
    [['access']]
    """
    sio = _skops()
    src = Path(path)
    if not src.is_file():
        raise ModelFileError(f"model file {str(src)!r} does not exist")
    if not zipfile.is_zipfile(src):
        raise ModelFileError(
            f"{str(src)!r} is not a sundtext model file (expected a skops archive written "
            "by model.save(path) or `sundtext train`)"
        )
    try:
        found = _types_in(src)
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelFileError(f"{str(src)!r} is a damaged model file ({exc})") from exc
    foreign = sorted(
        f"{module}.{name}"
        for module, name, loader in found
        if not (
            ((module, name) in TRUSTED_TYPES and loader in _TRUSTED_LOADERS)
            or ((module, name) in _TRUSTED_TYPE_REFERENCES and loader == "TypeNode")
        )
    )
    if foreign:
        raise ModelFileError(
            f"refusing to load {str(src)!r}: it contains types that a sundtext model never "
            f"holds: {', '.join(foreign)}. It was not written by sundtext or was tampered "
            "with; load model files only from sources you trust"
        )
    try:
        untrusted = sio.get_untrusted_types(file=src)
        if untrusted:  # skops would need to be told to trust more than plain data
            raise ModelFileError(
                f"refusing to load {str(src)!r}: skops reports untrusted types {untrusted}"
            )
        envelope = sio.load(src, trusted=[])
    except ModelFileError:
        raise
    except Exception as exc:
        raise ModelFileError(f"{str(src)!r} is a damaged model file ({exc})") from exc
    if not isinstance(envelope, Mapping) or envelope.get("format") != _FORMAT:
        raise ModelFileError(f"{str(src)!r} is a skops file but not a sundtext model")
    version = envelope.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelFileError(
            f"{str(src)!r} was written in model file format version {version!r} (by sundtext "
            f"{envelope.get('sundtext_version')!r}); this sundtext reads version "
            f"{FORMAT_VERSION}. Retrain the model with this version (sundtext train), or "
            "use the sundtext version that wrote it"
        )
    try:
        model = _from_body(None, envelope)
    except ModelFileError as exc:
        raise ModelFileError(f"{str(src)!r} is a damaged model file: {exc}") from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelFileError(
            f"{str(src)!r} is a damaged model file ({type(exc).__name__}: {exc})"
        ) from exc
    if envelope.get("sklearn_version") != _sklearn_version():
        logger.info(
            "%s was written with scikit-learn %s; this is %s",
            src,
            envelope.get("sklearn_version"),
            _sklearn_version(),
        )
    return model


# ================================================================ cross-validation


def _cross_validate(
    estimator: ThemeClassifier | HybridTagger,
    X: Any,
    y: Sequence[Sequence[str]],
    *,
    cv: int = 5,
    random_state: int = 0,
) -> dict[str, Any]:
    """Cross-validated micro/macro F1 of ``estimator`` and, alongside, of the lexicon.

    Each fold is predicted by a clone trained on the other folds only. The
    lexicon (fixed, not trained) is scored on the same folds when every label
    is a theme of the default taxonomy. Used by ``sundtext train --cv``.
    """
    from sundtext.evaluate import _macro, _micro, _scores

    articles = _articles(X)
    n = len(articles)
    if isinstance(cv, bool) or not isinstance(cv, int) or not 2 <= cv <= n:
        raise SundtextValueError(
            f"cv (--cv) must be an int from 2 to the number of articles ({n}), got {cv!r}"
        )
    records = [{"text": t, "title": h} for t, h in articles]
    golds = [frozenset(labels) for labels in y]
    labels = sorted({t for g in golds for t in g})
    taxonomy = load_taxonomy()
    with_lexicon = set(labels) <= set(taxonomy.themes)
    methods = {"model": [frozenset[str]()] * n}
    if with_lexicon:
        methods["lexicon"] = [frozenset(_Tagger(taxonomy, None)(t, h).themes) for t, h in articles]
    flagged = [False] * n
    folds: dict[str, list[float]] = {m: [] for m in methods}
    splitter = KFold(cv, shuffle=True, random_state=random_state)
    for train, test in splitter.split(np.zeros(n)):
        model = clone(estimator).fit([records[i] for i in train], [list(y[i]) for i in train])
        tags = model.tag_many([articles[i][0] for i in test], [articles[i][1] for i in test])
        for i, result in zip(test, tags, strict=True):
            methods["model"][i] = frozenset(result.themes)
            flagged[i] = result.needs_review
        for name, preds in methods.items():
            fold_scores = _scores(labels, [golds[i] for i in test], [preds[i] for i in test])
            folds[name].append(_micro(fold_scores)[2])
    out: dict[str, Any] = {"articles": n, "cv": cv, "labels": labels, "methods": {}}
    for name, preds in methods.items():
        scores = _scores(labels, golds, preds)
        precision, recall, f1 = _micro(scores)
        values = folds[name]
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
        out["methods"][name] = {
            "micro_f1": f1,
            "precision": precision,
            "recall": recall,
            "macro_f1": _macro(scores),
            "fold_micro_f1": values,
            "fold_mean": mean,
            "fold_sd": sd,
        }
    if isinstance(estimator, HybridTagger):
        sure = [i for i in range(n) if not flagged[i]]
        scores = _scores(labels, [golds[i] for i in sure], [methods["model"][i] for i in sure])
        precision, recall, f1 = _micro(scores)
        out["review"] = {
            "flagged_share": 1 - len(sure) / n,
            "precision": precision,
            "recall": recall,
            "f1": f1,
        }
    return out
