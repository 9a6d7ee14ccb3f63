r"""Repair and normalise Danish text as users get it.

Texts arrive scraped from web pages, exported from Word, read with the wrong
encoding or still wrapped in HTML. :func:`clean` turns each into plain,
NFC-normalised text with one paragraph per block and a blank line between
paragraphs, which is what the rest of sundtext (and its offsets) is built on.
:func:`clean_html` takes the article text out of an HTML page.

Both are pure functions of their input, idempotent and safe to map over
millions of articles: plain Danish text never reaches ftfy (only text with
characters that can be mojibake does), and ftfy and BeautifulSoup are imported
on first use, not with the module.

Examples
--------
>>> from sundtext.clean import clean
>>> clean("Sundhedsv\u00c3\u00a6senet  har\u00a0travlt.\r\n\r\n\r\nSe  side 2.")
'Sundhedsvæsenet har travlt.\n\nSe side 2.'
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections.abc import Callable
from functools import cache, partial
from typing import TYPE_CHECKING

from sundtext._boilerplate import strip_boilerplate as _strip_boilerplate
from sundtext.errors import expect_str

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

__all__ = ["clean", "clean_html"]

logger = logging.getLogger(__name__)

# --- characters -------------------------------------------------------------------------

#: Characters handled one by one, as code-point ranges in hex. Every character
#: for which ``str.isspace()`` is true is in _SPACES or _LINE_BREAKS.
_SPACES = "09 1f a0 1680 2000-200a 202f 205f 3000"  # become " "
_LINE_BREAKS = "0b-0d 1c-1e 85 2028 2029"  # become "\n" ("\r\n" is one break)
_INVISIBLE = (  # removed: controls, zero-width and bidi marks, BOM, soft hyphen
    "00-08 0e-1b 7f-84 86-9f ad 180e 200b-200f 202a-202e 2060-2064 2066-206f feff fff9-fffb"
)
_SURROGATES = "d800-dfff"  # cannot be encoded: become U+FFFD

#: Non-ASCII characters of ordinary Danish text. Text made of ASCII and these
#: cannot hold mojibake unless a UTF-8 lead byte is followed by a continuation
#: byte (_DANISH_LEAD + _DANISH_CONTINUATION), so it skips ftfy.
_DANISH_LETTERS = "æøåÆØÅéÉèáíóüÜöÖäÄ"
_DANISH_PUNCTUATION = "\xa0–—‘’“”„«»•…§©°·½€"
_DANISH_LEAD = "ÄÅÆÉÖØÜáäåæèéíó"  # UTF-8 lead bytes when read as Latin-1
_DANISH_CONTINUATION = "\xa0§©«°·»½–—‘’“”„•…€"  # UTF-8 continuation bytes in cp1252
#: Characters of the single-byte code pages ftfy decodes mojibake from
#: (Latin-1, cp1250-1257, ISO 8859-2, MacRoman, cp437), plus those ftfy's other
#: fixes act on: escape, ligatures, full-width forms, U+FFFD and surrogates.
_FTFY_CHARACTERS = (
    "1b 80-107 10c-113 116-11b 11e-11f 122-123 12a-12b 12e-133 136-137 139-13e 141-149 14c-14d "
    "150-15b 15e-165 16a-16b 16e-173 178-17e 192 1c4-1cc 1f1-1f3 2c6-2c7 2d8-2dd 384-386 "
    "388-38a 38c 38e-3a1 3a3-3ce 401-40c 40e-44f 451-45c 45e-45f 490-491 2013-2015 2018-201a "
    "201c-201e 2020-2022 2026 2030 2039-203a 2044 207f 20a7 20ac 2116 2122 2202 2206 220f 2211 "
    "2219-221a 221e 2229 222b 2248 2260-2261 2264-2265 2310 2320-2321 2500 2502 250c 2510 2514 "
    "2518 251c 2524 252c 2534 253c 2550-256c 2580 2584 2588 258c 2590-2593 25a0 25ca 3000 "
    "d800-dfff f8ff fb00-fb06 ff01-ffee fffd"
)


def _code_points(ranges: str) -> list[int]:
    """The code points of a space-separated list of hex ranges ("80-9f ad")."""
    points: list[int] = []
    for item in ranges.split():
        low, _, high = item.partition("-")
        points.extend(range(int(low, 16), int(high or low, 16) + 1))
    return points


def _char_class(ranges: str, exclude: str = "") -> str:
    """A regex character class of ``ranges`` without the characters in ``exclude``."""
    skip = set(map(ord, exclude))
    points = [cp for cp in _code_points(ranges) if cp not in skip]
    parts: list[str] = []
    start = previous = points[0]
    for cp in [*points[1:], -1]:
        if cp != previous + 1:
            parts.append(f"\\U{start:08x}" + (f"-\\U{previous:08x}" if previous != start else ""))
            start = cp
        previous = cp
    return "[" + "".join(parts) + "]"


_SPECIAL = re.compile(_char_class(f"{_SPACES} {_LINE_BREAKS} {_INVISIBLE} {_SURROGATES}"))
_SPACE_CHAR = re.compile(_char_class(_SPACES))
_LINE_BREAK = re.compile("\r\n|" + _char_class(_LINE_BREAKS))
_INVISIBLE_CHAR = re.compile(_char_class(_INVISIBLE))
_SURROGATE = re.compile(_char_class(_SURROGATES))
_SPACE_RUN = re.compile("  +")
_SPACE_AROUND_NEWLINE = re.compile(" ?\n ?")
_BLANK_LINES = re.compile("\n\n\n+")  # a literal prefix: much faster than \n{3,}

_MAYBE_MOJIBAKE = re.compile(
    _char_class(_FTFY_CHARACTERS, exclude=_DANISH_LETTERS + _DANISH_PUNCTUATION)
    + f"|[{re.escape(_DANISH_LEAD)}][{re.escape(_DANISH_CONTINUATION)}]"
)
#: Danish letters as UTF-8 read as cp1252/Latin-1. ftfy leaves some of them when
#: it lacks context ("Ã…rhus", "Ã¥r"); in Danish text they are never meant.
_DANISH_MOJIBAKE = {
    letter.encode("utf-8").decode(codec): letter
    for letter in "æøåÆØÅ"
    for codec in ("cp1252", "latin-1")
}
_DANISH_MOJIBAKE_RE = re.compile("|".join(map(re.escape, _DANISH_MOJIBAKE)))
_MAX_REPAIR_ROUNDS = 4

# --- HTML ----------------------------------------------------------------------------------

#: A line that opens a page. Searched on every line, not just the first, so that
#: stripping chrome lines above it cannot turn text into HTML.
_HTML_START = re.compile(r"^<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE | re.MULTILINE)
_HTML_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|table|tr|section|article|main|blockquote|figcaption)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_HTML_MIN_BLOCK_TAGS = 2
_MAX_HTML_LAYERS = 4
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_ANY_TAG = re.compile(r"<[^<>]*>")

#: Elements that never hold article text.
_JUNK_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "button", "select",
    "textarea", "input", "object", "embed", "canvas", "audio", "video", "map",
    "title", "meta", "link", "base",
})  # fmt: skip
#: Page furniture, dropped unless it wraps the article (some CMSs put the whole
#: page in a <form> or the <h1> in a <header>).
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form"})
_CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
     "dialog", "alertdialog"}
)  # fmt: skip
#: class/id values that mark chrome: distinctive words anywhere, short ones as a
#: whole part of a BEM-style name ("c-share__button", "site-footer", "main-nav").
_CHROME_ATTR = re.compile(
    r"cookie|consent|breadcrumb|newsletter|nyhedsbrev|related|relaterede"
    r"|(?:^|[\s_-])(?:nav|navbar|navigation|menu|share|sharing|social|skip|skiplink|footer)"
    r"(?=$|[\s_-])"
)
_PROTECTED_TAGS = frozenset({"html", "body", "main", "article", "h1"})
_ARTICLE_TAGS = ["article", "main", "h1"]
_PARAGRAPH_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main", "header",
     "footer", "aside", "nav", "blockquote", "figure", "figcaption", "ul", "ol", "dl", "table",
     "pre", "address", "hr", "details", "summary", "fieldset", "body"}
)  # fmt: skip
_LINE_TAGS = frozenset({"li", "dt", "dd", "tr", "caption"})
_CELL_TAGS = frozenset({"td", "th"})
#: When breaks meet (a cell ends, then its row, then the table), the widest wins.
_BREAK_RANK = {"": 0, " ": 1, "\n": 2, "\n\n": 3}


def clean(text: str, *, strip_boilerplate: bool = False) -> str:
    r"""Return ``text`` repaired and normalised, ready for sundtext.

    * mojibake is repaired with ftfy ("sundhedsvÃ¦senet" -> "sundhedsvæsenet",
      "â€“" -> "–") and the text is NFC-normalised (a decomposed "å" is composed);
    * control characters, NUL, zero-width characters, BOMs, bidi marks and soft
      hyphens are removed;
    * runs of spaces, tabs and no-break spaces become one space, lines lose
      their leading and trailing spaces, ``\r\n`` and ``\r`` become ``\n``, and
      three or more line breaks become one blank line; paragraphs are never
      merged and single line breaks are kept;
    * text that looks like HTML (a line opening with ``<!doctype html>`` or
      ``<html>``, or two block tags such as ``<p>``, ``<div>``, ``<br>``) is
      reduced to its article text as by :func:`clean_html`; its navigation,
      header, footer and scripts go whatever ``strip_boilerplate`` says.

    ``clean`` never raises for a ``str`` and is idempotent:
    ``clean(clean(x)) == clean(x)``, with or without ``strip_boilerplate``.

    Parameters
    ----------
    text : str
        The text, as decoded from its source.
    strip_boilerplate : bool, default False
        Also remove the web-page chrome around an article: skip links, cookie
        banners, breadcrumbs, share/print buttons, lone "Læs mere" links, the
        contact box and the trailing "Relaterede nyheder" list (everything
        from such a heading to the end). Lines that merely contain a chrome
        word in a sentence are kept.

    Returns
    -------
    str
        The cleaned text; ``""`` if nothing is left.

    Raises
    ------
    SundtextTypeError
        If ``text`` is not a ``str`` (decode ``bytes`` first; replace ``None``
        with ``""``).

    See Also
    --------
    clean_html : the article text of an HTML page.

    Examples
    --------
    >>> clean("Sundhedsv\u00c3\u00a6senet  er\tpresset.\r\n\r\n\r\nNy linje")
    'Sundhedsvæsenet er presset.\n\nNy linje'
    >>> clean("Gå til indhold\n\nRegionen åbner to nye akutklinikker i løbet af "
    ...       "foråret.\n\nRelaterede nyheder\n\nAnden nyhed", strip_boilerplate=True)
    'Regionen åbner to nye akutklinikker i løbet af foråret.'
    """
    text = _normalise(expect_str(text))
    # HTML is recognised after normalisation (a zero-width space can hide a tag)
    # and unwrapped until no markup is left, for feeds that escape HTML twice.
    for _ in range(_MAX_HTML_LAYERS):
        if not _looks_like_html(text):
            break
        unwrapped = _normalise(_html_text(text))
        if unwrapped == text:
            break
        text = unwrapped
    return _strip_boilerplate(text) if strip_boilerplate and text else text


def clean_html(html: str, *, strip_boilerplate: bool = True) -> str:
    """Return the cleaned article text of an HTML page or fragment.

    Parsed with BeautifulSoup's built-in ``html.parser`` (entities decoded,
    broken or unclosed markup tolerated). Scripts, styles, forms, buttons,
    ``nav``/``header``/``footer``/``aside`` and elements whose class, id or
    role marks them as chrome (cookie, breadcrumb, share, social, skip, menu,
    navigation, related, newsletter, footer) are dropped. If the page has an
    ``<article>``, ``<main>`` or ``role="main"`` element, only that is kept,
    plus the ``<h1>`` headline. Block elements become paragraphs, ``<li>`` and
    table rows one line each, ``<br>`` a line break; inline elements stay in
    their line. The text is then normalised as by :func:`clean`, so
    ``clean_html(page) == clean(page, strip_boilerplate=True)``.

    Parameters
    ----------
    html : str
        The page or fragment, decoded to ``str``.
    strip_boilerplate : bool, default True
        Also drop the chrome that survives as text (see :func:`clean`).

    Returns
    -------
    str
        The cleaned article text; ``""`` if the page has none.

    Raises
    ------
    SundtextTypeError
        If ``html`` is not a ``str``.

    Examples
    --------
    >>> clean_html("<html><body><nav><a href='/'>Forside</a></nav><article>"
    ...            "<h1>Ny s&aelig;rlig indsats</h1><p>Regionen vil <b>styrke</b> "
    ...            "psykiatrien.</p><p>Det koster 20&nbsp;mio. kr.</p></article>"
    ...            "<footer>Kontakt os</footer></body></html>")
    'Ny særlig indsats\\n\\nRegionen vil styrke psykiatrien.\\n\\nDet koster 20 mio. kr.'
    """
    text = _normalise(_html_text(_normalise(expect_str(html, "html"))))
    return _strip_boilerplate(text) if strip_boilerplate and text else text


# --- text ------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Repair, drop invisible characters and normalise whitespace, to a fixed point.

    One round is enough for text that needs no ftfy. When ftfy ran, the
    characters it exposes (or the spaces it leaves) are normalised and the
    result is checked again, so that ``clean`` stays idempotent.
    """
    if "\r" in text:  # before ftfy, which works line by line
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    fixed = text
    for _ in range(_MAX_REPAIR_ROUNDS):
        if _MAYBE_MOJIBAKE.search(text):
            fixed = _fix_text()(text)
            if "Ã" in fixed:
                fixed = _DANISH_MOJIBAKE_RE.sub(lambda m: _DANISH_MOJIBAKE[m[0]], fixed)
        fixed = _normalise_characters(fixed)
        if not unicodedata.is_normalized("NFC", fixed):
            fixed = unicodedata.normalize("NFC", fixed)
        fixed = _normalise_space(fixed)
        # Without ftfy, the steps above are idempotent: a text they changed is
        # final unless it now looks like mojibake (a zero-width character can
        # sit between the two halves of one).
        if fixed == text or not _MAYBE_MOJIBAKE.search(fixed):
            return fixed
        text = fixed
    return fixed


def _normalise_characters(text: str) -> str:
    """Spaces to " ", line breaks to "\\n", invisible characters out."""
    if not _SPECIAL.search(text):  # the common case: one scan
        return text
    text = _LINE_BREAK.sub("\n", text)
    text = _SPACE_CHAR.sub(" ", text)
    text = _INVISIBLE_CHAR.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def _normalise_space(text: str) -> str:
    text = _SPACE_RUN.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip(" \n")


@cache
def _fix_text() -> Callable[[str], str]:
    """ftfy's ``fix_text``, configured once and imported on first use.

    HTML entities are left to :func:`clean_html` (unescaping them here would
    not be idempotent: "&amp;lt;" -> "&lt;" -> "<") and typographic quotes are
    kept.
    """
    import ftfy

    config = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, explain=False)
    return partial(ftfy.fix_text, config=config)


# --- HTML ----------------------------------------------------------------------------------


def _looks_like_html(text: str) -> bool:
    if "<" not in text:
        return False
    if _HTML_START.search(text):
        return True
    tags = itertools.islice(_HTML_BLOCK_TAG.finditer(text), _HTML_MIN_BLOCK_TAGS)
    return sum(1 for _ in tags) >= _HTML_MIN_BLOCK_TAGS


def _html_text(html: str) -> str:
    """The article text of ``html``, not yet normalised; never raises."""
    try:
        return _parse_html_text(html)
    except Exception:  # a parser bug must not stop a batch of millions of pages
        import html as html_module

        logger.debug("html.parser failed, falling back to stripping tags", exc_info=True)
        return html_module.unescape(_ANY_TAG.sub("\n", html))


def _parse_html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    _drop_chrome(soup)
    root = _article_root(soup)
    text = _element_text(root)
    if root.find("h1") is None:
        headline = soup.find("h1")
        if headline is not None:
            text = f"{_element_text(headline)}\n\n{text}"
    return text


def _drop_chrome(soup: BeautifulSoup) -> None:
    """Decompose junk and chrome elements, top down, in one pass over the tree.

    Chrome that holds the article (a <form> or <header> around the <h1>) stays.
    """
    from bs4 import Tag

    holders: set[int] = set()  # ids of the elements around an article, main or h1
    for content in soup.find_all(_ARTICLE_TAGS):
        for parent in content.parents:
            if id(parent) in holders:
                break
            holders.add(id(parent))
    stack: list[Tag] = [soup]
    while stack:
        for child in list(stack.pop().contents):
            if not isinstance(child, Tag):
                continue
            if child.name in _JUNK_TAGS or (
                id(child) not in holders
                and _is_chrome(child)
                and not (child.name == "form" and child.find("p") is not None)
            ):
                child.decompose()
            else:
                stack.append(child)


def _is_chrome(element: Tag) -> bool:
    if element.name in _CHROME_TAGS or element.has_attr("hidden"):
        return True
    if element.name in _PROTECTED_TAGS:
        return False
    role = element.get("role")
    if isinstance(role, str) and role.strip().lower() in _CHROME_ROLES:
        return True
    classes = element.get("class")
    names = " ".join(classes) if isinstance(classes, list) else (classes or "")
    element_id = element.get("id")
    if isinstance(element_id, str):
        names = f"{names} {element_id}"
    return bool(names) and _CHROME_ATTR.search(names.lower()) is not None


def _article_root(soup: BeautifulSoup) -> Tag:
    """The largest <article>, unless a <main> holds twice its text; else <body>."""
    from bs4 import Tag

    def size(element: Tag) -> int:
        return len(element.get_text())

    articles = [el for el in soup.find_all("article") if isinstance(el, Tag)]
    mains = [el for el in soup.find_all("main") if isinstance(el, Tag)]
    mains += [el for el in soup.find_all(True, {"role": "main"}) if isinstance(el, Tag)]
    article = max(articles, key=size, default=None)
    main = max(mains, key=size, default=None)
    if article is not None and (main is None or 2 * size(article) >= size(main)):
        return article
    if main is not None:
        return main
    return soup.body or soup


def _element_text(root: Tag) -> str:
    """The text of ``root``: blocks as paragraphs, list items and rows as lines.

    Walks the tree with an explicit stack, so deeply nested broken markup
    cannot exhaust the recursion limit.
    """
    from bs4.element import (
        NavigableString,
        PreformattedString,
        Script,
        Stylesheet,
        Tag,
        TemplateString,
    )

    skipped = (PreformattedString, Script, Stylesheet, TemplateString)
    parts: list[str] = []
    pending = ""  # the widest break asked for since the last text
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            name = node.name
            if name == "br":
                # a line break is content: two in a row make a blank line
                parts.append(max(pending, "\n", key=_BREAK_RANK.__getitem__))
                pending = ""
                continue
            if name in _PARAGRAPH_TAGS:
                separator = "\n\n"
            elif name in _LINE_TAGS:
                separator = "\n"
            elif name in _CELL_TAGS:
                separator = " "
            else:
                separator = ""
            if separator:
                pending = max(pending, separator, key=_BREAK_RANK.__getitem__)
                stack.append(separator)
            stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString):
            if isinstance(node, skipped):
                continue
            text = _HTML_SPACE.sub(" ", node)
            if pending:
                if text == " " or not text:
                    continue  # source indentation next to a block boundary
                parts.append(pending)
                pending = ""
            parts.append(text)
        elif isinstance(node, str):
            pending = max(pending, node, key=_BREAK_RANK.__getitem__)
    return "".join(parts)
