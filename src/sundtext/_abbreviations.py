"""Danish abbreviations shared by the tokenizer and the sentence splitter.

Closed word lists, kept as ``frozenset`` constants in the way spaCy keeps
``spacy/lang/da/tokenizer_exceptions.py`` and scikit-learn keeps
``_stop_words.py``. Every entry is lowercase and spelled as it is written,
dots included; the tokenizer adds the lowercase and the capitalised spelling
("bl.a.", "Bl.a.") as special cases, the sentence splitter compares
case-insensitively.

The entries fall in two groups, because a period after an abbreviation can
also end the sentence:

``NON_FINAL_ABBREVIATIONS``
    Abbreviations that introduce something ("bl.a.", "f.eks.", "jf.", "nr.",
    "dr.") and so never end a sentence. A period after them never ends one,
    whatever follows: ``"Der er bl.a. Region Sjælland"`` is one sentence.
``FINAL_ABBREVIATIONS``
    Abbreviations that often stand last in a sentence: units and amounts
    ("kr.", "pct.", "mio.", "mia."), list closers ("osv.", "m.fl.", "mv.") and
    month names. A period after them ends the sentence when the next word
    starts with a capital letter, and not before a lowercase word or a digit.
    In Danish only proper nouns and sentence starts are capitalised, so
    ``"Det steg med 3 pct. Derfor ..."`` is split in two sentences, and
    ``"Det koster 5 mio. kr. om året."`` stays one. The price is a false break
    before a proper noun (``"3 pct. Region Sjælland ..."``), which is rare.

``ABBREVIATIONS`` is their union.

Examples
--------
>>> "bl.a." in ABBREVIATIONS
True
>>> "pct." in FINAL_ABBREVIATIONS, "pct." in NON_FINAL_ABBREVIATIONS
(True, False)
"""

from __future__ import annotations

__all__ = [
    "ABBREVIATIONS",
    "FINAL_ABBREVIATIONS",
    "NON_FINAL_ABBREVIATIONS",
    "TOKENIZER_EXCEPTIONS_TO_REMOVE",
]

NON_FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        # "for example", "among other things", "that is", "about"
        "bl.a.",
        "f.eks.",
        "fx",
        "fx.",
        "dvs.",
        "d.v.s.",
        "ca.",
        "omkr.",
        "evt.",
        # references
        "jf.",
        "jfr.",
        "jvf.",
        "nr.",
        "stk.",
        "pkt.",
        "kap.",
        "afs.",
        "tlf.",
        "kl.",
        "d.",  # "d. 3. maj"
        # "concerning", "according to", "because of", "in connection with"
        "mht.",
        "m.h.t.",
        "vedr.",
        "iht.",
        "i.h.t.",
        "ift.",
        "ifm.",
        "iflg.",
        "pga.",
        "p.g.a.",
        "ang.",
        "hhv.",
        "inkl.",
        "ekskl.",
        "vha.",
        "vs.",
        # titles
        "dr.",
        "prof.",
        "hr.",
        "fr.",
        "frk.",
        "adm.",
        "dir.",
        "cand.",
        "stud.",
        "skt.",
        "sct.",
    }
)

FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        # amounts and units
        "kr.",
        "dkr.",
        "pct.",
        "mio.",
        "mia.",
        "mill.",
        "mdr.",
        "md.",
        "gns.",
        # list closers
        "osv.",
        "m.fl.",
        "mfl.",
        "m.m.",
        "mv.",
        "m.v.",
        "o.l.",
        "o.lign.",
        "etc.",
        "ph.d.",
        # months
        "jan.",
        "feb.",
        "febr.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "okt.",
        "nov.",
        "dec.",
    }
)

ABBREVIATIONS: frozenset[str] = NON_FINAL_ABBREVIATIONS | FINAL_ABBREVIATIONS

# spaCy's Danish tokenizer exceptions keep these as one token, but in running
# text they are far more often an ordinary word before a sentence-final period
# ("Det ved man.", "bedre it.", "i tv.") than an abbreviation.
TOKENIZER_EXCEPTIONS_TO_REMOVE: frozenset[str] = frozenset(
    {"man.", "tor.", "it.", "tv.", "rest.", "vind.", "eng.", "do.", "regn."}
)
