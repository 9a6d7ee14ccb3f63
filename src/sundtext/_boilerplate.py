"""Danish web-page chrome: the lines around an article that are not the article.

Pages from Danish regions, ministries, unions and news sites wrap every article
in the same furniture: skip links, cookie banners, breadcrumbs, share and print
buttons, lone "Læs mere" links, a contact box and a list of related news.
:func:`strip_boilerplate` removes it from text that :func:`sundtext.clean` has
already normalised (one paragraph per block, blank line between paragraphs,
no trailing spaces).

It works line by line with the closed word lists below, which are matched
against a whole line, never a substring: a chrome word inside a real sentence
("Du kan læse mere om ordningen ...") is article text. Two rules look past a
single line:

* **the trailing section**: once the article body has started, a heading such
  as "Relaterede nyheder", "Kontakt" or "Hvis du vil vide mere" ends the
  article and everything from there on is dropped. "Læs også" / "Se også" end
  it only when what follows is a teaser list (headlines, short summaries,
  "Læs mere" links), because news sites also put them between body paragraphs;
* **the contact block**: short paragraphs at the very end that carry a phone
  number or an e-mail address (and the name lines just above them).

Every decision depends only on lines that are not chrome themselves, so
stripping twice gives the same text as stripping once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

logger = logging.getLogger(__name__)

# --- closed lists, matched against a whole line's key (see _line_key) ---------------

#: "Skip to content" links for keyboard and screen-reader users.
SKIP_LINKS = frozenset(
    {
        "gå til indhold",
        "gå til hovedindhold",
        "gå direkte til indhold",
        "gå direkte til hovedindhold",
        "gå til sidens indhold",
        "spring til indhold",
        "spring til hovedindhold",
        "spring over navigation",
        "spring navigationen over",
        "spring menuen over",
        "gå til menu",
        "gå til hovedmenu",
        "gå til navigation",
        "til indhold",
        "til hovedindhold",
        "skip to main content",
        "skip to content",
        "skip to navigation",
        "skip navigation",
    }
)

#: Lone links to the full text or to more of the same.
READ_MORE_LINKS = frozenset(
    {
        "læs mere",
        "læs mere her",
        "læs hele artiklen",
        "læs artiklen",
        "læs hele nyheden",
        "læs nyheden",
        "læs hele historien",
        "læs videre",
        "se mere",
        "se mere her",
        "se alle",
        "se alle nyheder",
        "se flere",
        "vis mere",
        "vis flere",
        "vis alle",
        "hent publikation",
        "hent publikationen",
        "hent pdf",
    }
)

#: Headings that open an inline teaser ("Læs også" + a headline). They end the
#: article only when a teaser list follows (see ``_looks_like_teasers``).
TEASER_HEADINGS = frozenset({"læs også", "se også"})

#: Headings of the related-content lists that close an article page.
RELATED_HEADINGS = frozenset(
    {
        "relaterede nyheder",
        "relaterede artikler",
        "relaterede historier",
        "relaterede emner",
        "relaterede sider",
        "relaterede links",
        "relaterede publikationer",
        "relateret indhold",
        "mere om emnet",
        "mere om dette emne",
        "andre nyheder",
        "andre artikler",
        "andre læser også",
        "andre har også læst",
        "seneste nyheder",
        "flere nyheder",
        "læs flere nyheder",
        "se flere nyheder",
        "mest læste",
        "mest læste nyheder",
        "mest læste artikler",
        "populære artikler",
        "anbefalede artikler",
        "du vil måske også synes om",
        "måske er du også interesseret i",
    }
)

#: Headings of the contact box that closes press releases.
CONTACT_HEADINGS = frozenset(
    {
        "kontakt",
        "kontakt os",
        "kontakter",
        "kontaktperson",
        "kontaktpersoner",
        "kontaktoplysninger",
        "pressekontakt",
        "pressekontakter",
        "pressevagt",
        "pressevagten",
        "presseansvarlig",
        "yderligere oplysninger",
        "yderligere information",
        "yderligere informationer",
        "for yderligere oplysninger",
        "for yderligere information",
        "hvis du vil vide mere",
        "vil du vide mere",
    }
)

#: Site navigation, players and ad labels that survive text extraction.
NAVIGATION_LINES = frozenset(
    {
        "menu",
        "luk",
        "luk menu",
        "åbn menu",
        "søg",
        "søg på siden",
        "forside",
        "til forsiden",
        "tilbage",
        "tilbage til forsiden",
        "tilbage til oversigten",
        "til toppen",
        "til top",
        "tilbage til toppen",
        "gå til toppen",
        "log ind",
        "english",
        "lyt til artiklen",
        "lyt",
        "læs op",
        "annonce",
        "reklame",
    }
)

#: Buttons and links of cookie-consent banners.
COOKIE_BUTTONS = frozenset(
    {
        "accepter",
        "accepter alle",
        "accepter alle cookies",
        "accepter cookies",
        "accepter valgte",
        "accepter nødvendige",
        "tillad alle",
        "tillad alle cookies",
        "tillad valgte",
        "tillad udvalgte",
        "tillad nødvendige",
        "tillad kun nødvendige",
        "kun nødvendige",
        "kun nødvendige cookies",
        "afvis",
        "afvis alle",
        "afvis alle cookies",
        "afvis cookies",
        "gem indstillinger",
        "gem valg",
        "gem mine valg",
        "indstillinger",
        "tilpas",
        "tilpas indstillinger",
        "vis detaljer",
        "skjul detaljer",
        "jeg accepterer",
        "jeg forstår",
        "ok",
        "ok, jeg forstår",
    }
)

#: A line made only of these words, with at least one of SHARE_ANCHORS, is a
#: share/print bar: "Del", "Del på Facebook", "Print", "Kopiér link", "Udskriv siden".
SHARE_ANCHORS = frozenset(
    {
        "del",
        "dele",
        "deling",
        "print",
        "udskriv",
        "kopier",
        "kopiér",
        "send",
        "tip",
        "facebook",
        "linkedin",
        "twitter",
        "x",
        "bluesky",
        "messenger",
        "whatsapp",
    }
)
SHARE_WORDS = SHARE_ANCHORS | frozenset(
    {
        "på",
        "via",
        "med",
        "til",
        "en",
        "ven",
        "og",
        "denne",
        "side",
        "siden",
        "artikel",
        "artiklen",
        "nyheden",
        "link",
        "linket",
        "e-mail",
        "email",
        "mail",
        "sms",
    }
)

# --- rule names, as logged ------------------------------------------------------------

SKIP_LINK = "skip-link"
READ_MORE = "read-more"
TEASER_HEADING = "teaser-heading"
RELATED_HEADING = "related-heading"
CONTACT_HEADING = "contact-heading"
NAVIGATION = "navigation"
COOKIE = "cookie"
SHARE = "share"
BREADCRUMB = "breadcrumb"
TRAILING = "trailing-section"
CONTACT_BLOCK = "contact-block"

# --- patterns -----------------------------------------------------------------------

#: A line's text from its first to its last letter or digit: "» Læs mere ›" -> "Læs mere".
_KEY_CORE = re.compile(r"[^\W_](?:.*[^\W_])?")
_WORD = re.compile(r"\w+(?:-\w+)*")
#: "Læs også: <headline>", "Læs mere om <topic>" as a lone link line.
_READ_MORE_PREFIX = re.compile(r"(?:læs|se) (?:mere|også)(?:\s*:|\s+(?:om|på|her|i|hos)\b)")
#: "Pressekontakt: Navn, tlf. ...", "Yderligere oplysninger: ..." opens the contact box.
_CONTACT_LABEL = re.compile(
    r"(?:pressekontakt|pressevagten|kontaktpersoner|kontaktperson|kontakt"
    r"|(?:for )?yderligere (?:oplysninger|information))\s*:"
)
#: A consent banner's opening sentence: "Vi bruger cookies ...", "Dette website anvender cookies".
_COOKIE_BANNER = re.compile(
    r"(?:vi|denne (?:hjemme|web)?side|dette (?:web)?site|hjemmesiden|websitet|siden|sitet)"
    r"\s+(?:bruger|anvender|benytter|sætter|indsamler)\s+(?:\w+\s+)?cookies\b"
)
_COOKIE_WORD = re.compile(r"\bcookie")
#: Breadcrumb separators: arrows anywhere, slashes between spaces; pipes only
#: after a root ("Forside | Nyheder"), because datelines use them too.
_CRUMB_SEPARATOR = re.compile(r"\s*[>›»→]\s*|\s+/\s+")
_CRUMB_SEPARATOR_AFTER_ROOT = re.compile(r"\s*[>›»→]\s*|\s+[/|]\s+")
_CRUMB_HINT = re.compile(r"[>›»→/|]")
_CRUMB_ROOTS = frozenset({"forside", "hjem", "home", "start"})
#: Danish phone numbers: 8 digits grouped 8, 4+4 or 2+2+2+2 (a +45 before is not needed).
_PHONE = re.compile(r"(?<![\d.,])\d\d(?:\d{6}|\d\d \d{4}| \d\d \d\d \d\d)(?!\d|[.,]\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[email\s*protected\]", re.IGNORECASE)
_BLANK_LINES = re.compile("\n\n\n+")
#: What ends a sentence (closing quotes and brackets are looked through).
_SENTENCE_END = frozenset(".!?…:;")
_CLOSERS = "\"'”’»«)]"

_MAX_CHROME_CHARS = 160  # a link, button or heading line is at most this long
_MAX_SHORT_WORDS = 15  # a headline, a teaser link or a contact line is at most this long
_MIN_BODY_WORDS = 8  # a line of article prose is at least this long
_MAX_CRUMB_WORDS = 6  # a breadcrumb step is at most this long
_MAX_NAME_WORDS = 8  # a name/title line above a phone number is at most this long


def strip_boilerplate(text: str) -> str:
    """Return ``text`` without the web-page chrome around its article.

    ``text`` must already be normalised by :func:`sundtext.clean` (stripped lines,
    at most one blank line in a row). See the module docstring for the rules.

    Examples
    --------
    >>> strip_boilerplate("Gå til indhold\\n\\nNy plan for psykiatrien\\n\\nDel\\n\\nRegionen "
    ...                   "vil ansætte flere psykiatere i de kommende år, siger formanden."
    ...                   "\\n\\nRelaterede nyheder\\n\\nFlere penge til akutklinikker")
    'Ny plan for psykiatrien\\n\\nRegionen vil ansætte flere psykiatere i de kommende år, siger formanden.'
    """
    lines = text.split("\n")
    rules = [classify_line(line) if line else None for line in lines]
    trailing_start = _article_end(lines, rules)
    end = _contact_block_start(lines, rules, trailing_start)
    kept = [line for line, rule in zip(lines[:end], rules[:end], strict=True) if rule is None]
    if logger.isEnabledFor(logging.DEBUG):
        _log_stripped(lines, rules, end, trailing_start)
    return _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip()


def classify_line(line: str) -> str | None:
    """Return the name of the chrome rule that ``line`` matches, or ``None``.

    Contact lines (phone numbers, e-mail addresses) are not chrome on their own:
    they are dropped only in the contact block at the end.

    Examples
    --------
    >>> classify_line("Del på Facebook")
    'share'
    >>> classify_line("Læs mere om ordningen i rapporten, der udkom i går.") is None
    True
    """
    short = len(line) <= _MAX_CHROME_CHARS
    # Links, buttons and headings are short; of a long line only the start can
    # be chrome ("Kontaktperson: ...", "Vi bruger cookies ..."), or a breadcrumb.
    key = _line_key(line if short else line[:_MAX_CHROME_CHARS])
    if not key:
        return None
    if short:
        if key in SKIP_LINKS:
            return SKIP_LINK
        if key in RELATED_HEADINGS:
            return RELATED_HEADING
        if key in CONTACT_HEADINGS:
            return CONTACT_HEADING
        if key in TEASER_HEADINGS:
            return TEASER_HEADING
        if key in READ_MORE_LINKS:
            return READ_MORE
        if key in NAVIGATION_LINES:
            return NAVIGATION
        if key in COOKIE_BUTTONS:
            return COOKIE
        if _is_share_bar(key):
            return SHARE
    if _CONTACT_LABEL.match(key):
        return CONTACT_HEADING
    if _READ_MORE_PREFIX.match(key) and _is_headline_like(line):
        return READ_MORE
    if "cookie" in key and _COOKIE_WORD.search(key) and _is_cookie_banner(line, short):
        return COOKIE
    if _is_breadcrumb(line):
        return BREADCRUMB
    return None


def _line_key(line: str) -> str:
    """The form a line is matched in: case-folded, without edge punctuation or arrows."""
    core = _KEY_CORE.search(line)
    return core[0].casefold() if core else ""


def _words(line: str) -> int:
    return len(line.split())


def _ends_sentence(line: str) -> bool:
    core = line.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _SENTENCE_END


def _is_headline_like(line: str) -> bool:
    """Short and not ending a sentence: a headline, a label or a link text."""
    return _words(line) <= _MAX_SHORT_WORDS and not _ends_sentence(line)


def _is_short(line: str) -> bool:
    """At most a heading's or a contact line's length, in words and characters."""
    return len(line) <= _MAX_CHROME_CHARS and _words(line) <= _MAX_SHORT_WORDS


def _is_name_like(line: str) -> bool:
    """A name or job-title line of a contact box: "Pressechef Hanne Holm"."""
    return _words(line) <= _MAX_NAME_WORDS and not _ends_sentence(line)


def _is_prose(line: str) -> bool:
    """A line of article body: long enough and ending a sentence."""
    return _words(line) >= _MIN_BODY_WORDS and _ends_sentence(line)


def _is_contact_line(line: str) -> bool:
    has_email = ("@" in line or "[email" in line) and _EMAIL.search(line) is not None
    return has_email or _PHONE.search(line) is not None


def _is_cookie_banner(line: str, short: bool) -> bool:
    if short and _words(line) <= _MIN_BODY_WORDS:
        return True  # a short line about cookies: a banner title or a settings link
    return bool(_COOKIE_BANNER.match(line[:_MAX_CHROME_CHARS].casefold()))


def _is_share_bar(key: str) -> bool:
    first = _WORD.match(key)
    if first is None or first[0] not in SHARE_WORDS:  # most lines: one cheap look
        return False
    words = _WORD.findall(key)
    return (
        0 < len(words) <= _MAX_SHORT_WORDS
        and SHARE_WORDS.issuperset(words)
        and not SHARE_ANCHORS.isdisjoint(words)
    )


def _is_breadcrumb(line: str) -> bool:
    """Whether ``line`` is a trail like "Forside > Nyheder > Psykiatri"."""
    if line[:9].casefold() == "du er her":
        return True
    if not _CRUMB_HINT.search(line):
        return False
    parts = _CRUMB_SEPARATOR_AFTER_ROOT.split(line)
    if len(parts) >= 2 and all(parts) and _line_key(parts[0]) in _CRUMB_ROOTS:
        return True
    parts = _CRUMB_SEPARATOR.split(line)
    return len(parts) >= 3 and all(
        part and _words(part) <= _MAX_CRUMB_WORDS and not _ends_sentence(part) for part in parts
    )


def _article_end(lines: Sequence[str], rules: Sequence[str | None]) -> int:
    """Index of the heading that opens the trailing section, or ``len(lines)``."""
    body_started = False
    for i, (line, rule) in enumerate(zip(lines, rules, strict=True)):
        if rule is None:
            body_started = body_started or _is_prose(line)
        elif body_started and (
            rule in (RELATED_HEADING, CONTACT_HEADING)
            or (rule == TEASER_HEADING and _looks_like_teasers(lines[i + 1 :], rules[i + 1 :]))
        ):
            return i
    return len(lines)


def _looks_like_teasers(lines: Sequence[str], rules: Sequence[str | None]) -> bool:
    """True if ``lines`` are a teaser list: headline (+ summary, date) + "Læs mere", ...

    Each teaser closed by a read-more link has at most three lines, one of them
    prose; lines after the last link must all be headlines. Body paragraphs
    (full sentences with no link after them) make it False.
    """
    teaser: list[str] = []
    for line, rule in zip(lines, rules, strict=True):
        if not line or (rule is not None and rule != READ_MORE):
            continue
        if rule == READ_MORE:
            if len(teaser) > 3 or sum(not _is_headline_like(t) for t in teaser) > 1:
                return False
            teaser = []
        else:
            teaser.append(line)
    return all(_is_headline_like(line) for line in teaser)


def _contact_block_start(lines: Sequence[str], rules: Sequence[str | None], end: int) -> int:
    """Index where the contact block before ``end`` starts, or ``end`` if there is none.

    A contact paragraph has short lines, one of them with a phone number or an
    e-mail address; the name and title paragraphs just above it belong to it.
    Only a block after the article body counts: a page of nothing but contact
    lines is left alone.
    """
    block_start = end
    found = False
    stop = end
    while stop > 0:
        start = stop
        while start > 0 and lines[start - 1]:
            start -= 1
        content = [
            line
            for line, rule in zip(lines[start:stop], rules[start:stop], strict=True)
            if rule is None
        ]
        if content:
            if all(map(_is_short, content)) and any(map(_is_contact_line, content)):
                found = True
            elif not (found and all(map(_is_name_like, content))):
                break
            block_start = start
        stop = start - 1
    if not found or not any(
        rule is None and _is_prose(line)
        for line, rule in zip(lines[:block_start], rules[:block_start], strict=True)
    ):
        return end
    return block_start


def _log_stripped(
    lines: Sequence[str], rules: Sequence[str | None], contact_start: int, trailing_start: int
) -> None:
    dropped = [
        f"{rule}: {line[:60]!r}"
        for line, rule in zip(lines[:contact_start], rules[:contact_start], strict=True)
        if rule is not None
    ]
    if contact_start < trailing_start:
        dropped.append(f"{CONTACT_BLOCK}: {trailing_start - contact_start} lines")
    if trailing_start < len(lines):
        dropped.append(f"{TRAILING} from {lines[trailing_start][:60]!r} to the end")
    if dropped:
        logger.debug("strip_boilerplate dropped %s", "; ".join(dropped))
