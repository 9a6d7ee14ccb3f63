"""Tests for sundtext.clean: Unicode repair, normalisation, HTML and boilerplate."""

from __future__ import annotations

import itertools
import logging
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sundtext.clean import clean, clean_html
from sundtext.errors import SundtextTypeError

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
PHONE = re.compile(r"\b\d{2} ?\d{2} ?\d{2} ?\d{2}\b")

# An invented press release, used to check that stripping keeps the article.
HEADLINE = "Regionen vil korte ventetiden i børne- og ungdomspsykiatrien"
LEAD = (
    "Regionsrådet har vedtaget en plan, der skal give børn og unge hurtigere hjælp "
    "i den psykiatriske behandling."
)
BODY = (
    "Planen rummer blandt andet flere ambulante pladser og et tættere samarbejde med "
    "de praktiserende læger i hele regionen."
)
QUOTE = (
    "- Vi kan ikke acceptere, at familier venter i månedsvis på en udredning, siger "
    "formanden for regionsrådet."
)
LAST = "Planen træder i kraft til sommer og bliver evalueret efter to år."
ARTICLE = (HEADLINE, LEAD, BODY, QUOTE, LAST)
ARTICLE_TEXT = "\n\n".join(ARTICLE)


def page(*blocks: str) -> str:
    return "\n\n".join(blocks)


def is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


# --- Unicode repair ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        pytest.param("sundhedsvÃ¦senet", "sundhedsvæsenet", id="ae-cp1252"),
        pytest.param("FÃ¸lg lÃ¦gens rÃ¥d", "Følg lægens råd", id="oe-aa-cp1252"),
        pytest.param("Ã†ldre og Ã˜konomi", "Ældre og Økonomi", id="capital-ae-oe"),
        pytest.param("Ã…rhus Universitetshospital", "Århus Universitetshospital", id="capital-aa"),
        pytest.param("i Ã¥r", "i år", id="aa-word-start"),
        pytest.param("Ã\x85rhus Sygehus", "Århus Sygehus", id="capital-aa-latin1-c1"),
        pytest.param("sundhedsv\xc3\xa6senet", "sundhedsvæsenet", id="latin1-escapes"),
        pytest.param("Vi venter\x85", "Vi venter…", id="c1-as-cp1252"),
        pytest.param("2024â€“2027", "2024–2027", id="en-dash"),
        pytest.param("Det er godt â€” og dyrt", "Det er godt — og dyrt", id="em-dash"),
        pytest.param("â€žNu skal vi handleâ€œ", "„Nu skal vi handle“", id="low-high-quotes"),
        pytest.param("regionens â€™planâ€™", "regionens ’plan’", id="apostrophes"),
        pytest.param("sundhedsvÃƒÂ¦senet", "sundhedsvæsenet", id="double-encoded"),
        pytest.param(
            "Ærø\nsygeplejersker pÃ¥ Ã†rø", "Ærø\nsygeplejersker på Ærø", id="mixed-lines"
        ),
    ],
)
def test_clean_repairs_mojibake(broken: str, expected: str) -> None:
    assert clean(broken) == expected


@pytest.mark.parametrize(
    "text",
    [
        "»Ældre borgere skal have bedre pleje«, siger ministeren.",
        "»Ældre",
        "„Det er et løft“, siger hun – og tilføjer: ”Endelig.”",
        "Økonomien i Aabenraa og Århus: 5 % mere, § 3, 20 °C og ½ år.",
        "Café, Müller, Jørgen, Åse, Ærø, Øresund • punkt … slut",
    ],
)
def test_clean_leaves_correct_danish_text_alone(text: str) -> None:
    assert clean(text) == text


@pytest.mark.parametrize(
    ("decomposed", "composed"),
    [
        ("bla\u030abær", "blåbær"),
        ("A\u030arhus", "Århus"),
        ("Cafe\u0301", "Café"),
    ],
)
def test_clean_composes_to_nfc(decomposed: str, composed: str) -> None:
    assert clean(decomposed) == composed
    assert unicodedata.is_normalized("NFC", clean(decomposed))


@pytest.mark.parametrize(
    "invisible",
    [
        pytest.param("\u200b", id="zero-width-space"),
        pytest.param("\u200c", id="zero-width-non-joiner"),
        pytest.param("\u200d", id="zero-width-joiner"),
        pytest.param("\u2060", id="word-joiner"),
        pytest.param("\ufeff", id="bom"),
        pytest.param("\u00ad", id="soft-hyphen"),
        pytest.param("\u200e", id="left-to-right-mark"),
        pytest.param("\x00", id="nul"),
        pytest.param("\x07", id="bell"),
        pytest.param("\x1b", id="escape"),
        pytest.param("\x7f", id="delete"),
    ],
)
def test_clean_removes_invisible_and_control_characters(invisible: str) -> None:
    text = f"{invisible}Sund{invisible}heds{invisible}væsenet{invisible}"
    assert clean(text) == "Sundhedsvæsenet"


# --- whitespace ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("læge  og\t\tsygeplejerske", "læge og sygeplejerske", id="space-runs"),
        pytest.param("20\u00a0mio.\u202fkr.", "20 mio. kr.", id="no-break-spaces"),
        pytest.param("første linje   \nanden linje", "første linje\nanden linje", id="trailing"),
        pytest.param("første\r\nanden\rtredje", "første\nanden\ntredje", id="crlf-and-cr"),
        pytest.param("afsnit et\r\n\r\nafsnit to", "afsnit et\n\nafsnit to", id="crlf-paragraph"),
        pytest.param("afsnit et\n\n\n\n\nafsnit to", "afsnit et\n\nafsnit to", id="blank-runs"),
        pytest.param("afsnit et\n \t \n\u00a0\nafsnit to", "afsnit et\n\nafsnit to", id="blankish"),
        pytest.param("\n\n  Overskrift \n\n", "Overskrift", id="edges"),
        pytest.param(
            "linje\u2028ny linje\u2029nyt afsnit", "linje\nny linje\nnyt afsnit", id="u2028"
        ),
        pytest.param("", "", id="empty"),
        pytest.param(" \n\t\u00a0\u200b ", "", id="only-whitespace"),
    ],
)
def test_clean_normalises_whitespace(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_clean_keeps_paragraphs_and_single_line_breaks() -> None:
    text = "Overskrift\n\nFørste afsnit.\nSamme afsnit, ny linje.\n\nAndet afsnit."
    assert clean(text) == text


def test_every_unicode_space_becomes_a_plain_space_or_line_break() -> None:
    # U+0085 is left out: ftfy reads C1 characters as cp1252 mojibake ("\x85" -> "…").
    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace() and chr(c) not in " \n\x85"]
    assert len(spaces) > 20
    for space in spaces:
        assert clean(f"a{space}b") in ("a b", "a\nb"), repr(space)


# --- HTML ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<!DOCTYPE html><html><body><p>Nyt sygehus</p></body></html>", id="doctype"),
        pytest.param("\ufeff  <html lang='da'><p>Nyt sygehus</p></html>", id="html-after-bom"),
        pytest.param("<p>Nyt sygehus</p><p>Åbner i maj.</p>", id="block-tags"),
        pytest.param("Nyt sygehus<br>Åbner i maj.<br/>", id="br-tags"),
    ],
)
def test_clean_sends_html_through_clean_html(html: str) -> None:
    assert "<" not in clean(html)
    assert clean(html).startswith("Nyt sygehus")


@pytest.mark.parametrize(
    "text",
    [
        "Ventetiden skal være < 30 dage og > 2 uger.",
        "Tagget <p> markerer et afsnit i HTML.",
        "Brug <b>fed</b> skrift til overskrifter.",
    ],
)
def test_clean_keeps_text_that_only_mentions_markup(text: str) -> None:
    assert clean(text) == text


def test_clean_html_keeps_the_article_and_drops_page_furniture() -> None:
    html = f"""<!doctype html>
    <html><head><title>Nyhed | Regionen</title><style>p {{ color: red }}</style></head>
    <body>
      <a class="skip-link" href="#main">Gå til indhold</a>
      <header class="site-header"><nav><ul><li>Forside</li><li>Nyheder</li></ul></nav></header>
      <div id="CybotCookiebotDialog">Vi bruger cookies. <button>Accepter alle</button></div>
      <ol class="breadcrumb"><li>Forside</li><li>Nyheder</li></ol>
      <main>
        <article>
          <h1>{HEADLINE}</h1>
          <p>{LEAD}</p>
          <script>var tracker = "hemmeligt";</script>
          <p>{BODY}</p>
          <div class="c-share__buttons"><a>Del på Facebook</a><a>Print</a></div>
          <blockquote>{QUOTE}</blockquote>
          <!-- en kommentar -->
          <p>{LAST}</p>
        </article>
        <aside><h2>Relaterede nyheder</h2><p>En anden nyhed</p></aside>
      </main>
      <footer>Regionen · Tlf. 12 34 56 78</footer>
      <noscript>Slå JavaScript til</noscript>
    </body></html>"""
    assert clean_html(html) == ARTICLE_TEXT


def test_clean_html_keeps_the_headline_outside_the_article() -> None:
    html = (
        f"<body><div class='page-title'><h1>{HEADLINE}</h1></div>"
        f"<article><p>{LEAD}</p><p>{BODY}</p></article></body>"
    )
    assert clean_html(html) == page(HEADLINE, LEAD, BODY)


def test_clean_html_keeps_a_headline_in_the_article_header() -> None:
    html = f"<article><header><h1>{HEADLINE}</h1></header><p>{LEAD}</p></article>"
    assert clean_html(html) == page(HEADLINE, LEAD)


def test_clean_html_prefers_main_over_a_small_teaser_article() -> None:
    html = (
        f"<main><h1>{HEADLINE}</h1><p>{LEAD}</p><p>{BODY}</p>"
        "<article><p>Kort teaser</p></article></main>"
    )
    assert clean_html(html) == page(HEADLINE, LEAD, BODY, "Kort teaser")


def test_clean_html_decodes_entities() -> None:
    html = "<p>Sundhedsv&aelig;senet i S&oslash;nderborg f&aring;r 20&nbsp;mio.&#160;kr. &amp; mere</p>"
    assert clean_html(html) == "Sundhedsvæsenet i Sønderborg får 20 mio. kr. & mere"


def test_clean_html_breaks_blocks_but_not_inline_elements() -> None:
    html = (
        "<div><h2>Fakta</h2><p>Der er <b>tre</b> <a href='#'>nye</a> "
        "klinik<em>ker</em>.</p><ul><li>Aalborg</li><li>Vejle</li></ul>"
        "<p>Første linje<br>anden linje</p><table><tr><td>Region</td><td>Pladser</td></tr>"
        "<tr><td>Syd</td><td>12</td></tr></table></div>"
    )
    assert clean_html(html) == (
        "Fakta\n\nDer er tre nye klinikker.\n\nAalborg\nVejle\n\n"
        "Første linje\nanden linje\n\nRegion Pladser\nSyd 12"
    )


@pytest.mark.parametrize(
    ("html", "words"),
    [
        pytest.param(
            "<p>Uafsluttet afsnit <b>fed tekst", "Uafsluttet afsnit fed tekst", id="unclosed"
        ),
        pytest.param("</div></p>Tekst efter løse sluttags</span>", "Tekst efter", id="stray-ends"),
        pytest.param("<p class='x>Citat uden slut<p>Næste", "Næste", id="broken-attribute"),
        pytest.param("<![CDATA[ x <!-- <p>Tekst</p> <!", "Tekst", id="broken-declarations"),
        pytest.param("<div>" * 5000 + "Dybt nede" + "</div>" * 10, "Dybt nede", id="deep-nesting"),
        pytest.param("<table><tr><td>Celle<li>Punkt</table></p>", "Celle", id="misnested"),
        pytest.param(
            "<noscript><iframe><script>x</script></iframe></noscript>Tekst",
            "Tekst",
            id="junk-in-junk",
        ),
        pytest.param("<", "<", id="lone-bracket"),
        pytest.param("", "", id="empty"),
    ],
)
def test_clean_html_tolerates_broken_markup(html: str, words: str) -> None:
    text = clean_html(html)
    assert words in text
    assert clean_html(html) == text


@pytest.mark.parametrize(
    "chrome",
    [
        pytest.param("<div class='newsletter-signup'><p>Tilmeld dig</p></div>", id="newsletter"),
        pytest.param("<section class='related-content'><p>Anden nyhed</p></section>", id="related"),
        pytest.param("<ul class='social-links'><li>Facebook</li></ul>", id="social"),
        pytest.param("<div role='navigation'><a>Nyheder</a></div>", id="role-navigation"),
        pytest.param("<div class='c-breadcrumb__list'>Forside / Nyheder</div>", id="bem-class"),
        pytest.param("<div hidden><p>Skjult tekst</p></div>", id="hidden"),
        pytest.param("<form action='/soeg'><p>Søg på siden</p><input></form>", id="search-form"),
        pytest.param("<iframe src='x'></iframe><svg><text>Ikon</text></svg>", id="iframe-svg"),
    ],
)
def test_clean_html_drops_elements_marked_as_chrome(chrome: str) -> None:
    html = f"<body><h1>{HEADLINE}</h1>{chrome}<p>{LEAD}</p></body>"
    assert clean_html(html) == page(HEADLINE, LEAD)


def test_clean_html_keeps_a_page_wrapped_in_a_form() -> None:
    html = f"<body><form id='aspnetForm'><h1>{HEADLINE}</h1><p>{LEAD}</p></form></body>"
    assert clean_html(html) == page(HEADLINE, LEAD)


def test_clean_html_takes_the_role_main_element() -> None:
    html = f"<body><div>Logo og menu</div><div role='main'><p>{LEAD}</p></div></body>"
    assert clean_html(html) == LEAD


def test_clean_of_html_equals_clean_html_with_stripping() -> None:
    html = f"<html><body><main><h1>{HEADLINE}</h1><p>Del</p><p>{LEAD}</p></main></body></html>"
    assert clean(html, strip_boilerplate=True) == clean_html(html) == page(HEADLINE, LEAD)


def test_clean_unwraps_html_that_was_escaped_twice() -> None:
    html = "<p>&lt;p&gt;Første afsnit&lt;/p&gt;&lt;p&gt;Andet afsnit&lt;/p&gt;</p>"
    assert clean(html) == "Første afsnit\n\nAndet afsnit"


def test_clean_sees_html_behind_zero_width_characters() -> None:
    html = "<\u200bp>Første afsnit</p><p\u200b>Andet afsnit</p>"
    assert clean(html) == "Første afsnit\n\nAndet afsnit"


def test_clean_html_strips_chrome_left_in_the_text() -> None:
    html = f"<article><h1>{HEADLINE}</h1><p>{LEAD}</p><p><a>Læs mere</a></p></article>"
    assert clean_html(html) == page(HEADLINE, LEAD)
    assert clean_html(html, strip_boilerplate=False) == page(HEADLINE, LEAD, "Læs mere")


# --- boilerplate ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chrome",
    [
        pytest.param(["Gå til indhold"], id="skip-link"),
        pytest.param(["Spring til indhold"], id="skip-link-spring"),
        pytest.param(["Gå til hovedindhold"], id="skip-link-main"),
        pytest.param(["Skip to main content"], id="skip-link-english"),
        pytest.param(["Forside > Nyheder > Psykiatri"], id="breadcrumb"),
        pytest.param(["Du er her: Forside / Sundhed"], id="breadcrumb-du-er-her"),
        pytest.param(
            ["Vi bruger cookies til statistik og til at forbedre din oplevelse.", "Accepter alle"],
            id="cookie-banner",
        ),
        pytest.param(["Menu", "Søg"], id="navigation"),
    ],
)
def test_strip_boilerplate_drops_chrome_above_the_article(chrome: list[str]) -> None:
    assert clean(page(*chrome, *ARTICLE), strip_boilerplate=True) == ARTICLE_TEXT


@pytest.mark.parametrize(
    "chrome",
    [
        "Del",
        "Del på Facebook",
        "Del på LinkedIn",
        "Print",
        "Udskriv",
        "Del artiklen",
        "Kopier link",
        "Kopiér link",
        "Læs mere",
        "Læs mere ›",
        "Læs også",
        "Se også",
        "Læs også: Ny aftale giver flere sengepladser",
        "Lyt til artiklen",
        "Annonce",
    ],
)
def test_strip_boilerplate_drops_lone_chrome_lines_inside_the_article(chrome: str) -> None:
    text = page(HEADLINE, LEAD, chrome, BODY, QUOTE, LAST)
    assert clean(text, strip_boilerplate=True) == ARTICLE_TEXT


@pytest.mark.parametrize(
    "sentence",
    [
        "Borgerne kan gå ind og læs mere om ordningen på kommunens hjemmeside.",
        "Læs mere om den nye sundhedsreform i rapporten, som ministeriet udgav i går.",
        "Kontakt din egen læge, hvis symptomerne varer mere end tre dage.",
        "Del 2 af undersøgelsen handler om de ældre medicinske patienter.",
        "Regionen vil dele flere data med kommunerne om de ældre patienter.",
        "Patienter kan ringe på 70 11 31 31 mellem klokken 8 og 16, oplyser regionen.",
        "- Vi bruger cookies fra de sociale medier i vores kampagne, siger direktøren.",
        "Se også bort fra de første tal, som ikke var korrekte, siger analytikeren.",
    ],
)
def test_strip_boilerplate_keeps_sentences_that_contain_chrome_words(sentence: str) -> None:
    text = page(HEADLINE, LEAD, sentence, BODY, QUOTE, LAST)
    assert clean(text, strip_boilerplate=True) == clean(text)


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param(
            [
                "Hvis du vil vide mere",
                "Ring til kommunikationsafdelingen på 12 34 56 78 eller skriv til "
                "presse@region.example",
            ],
            id="contact-box",
        ),
        pytest.param(
            ["Kontakt", "Pressechef Hanne Holm", "Tlf. 87 65 43 21"], id="contact-heading"
        ),
        pytest.param(
            ["Pressekontakt: kommunikationschef Hanne Holm, tlf. 87 65 43 21"], id="contact-label"
        ),
        pytest.param(
            ["Kommunikationschef\nHanne Holm", "Tlf. 87654321\nhanne.holm@region.example"],
            id="contact-block-without-heading",
        ),
        pytest.param(
            [
                "Læs mere",
                "Relaterede nyheder",
                "Nye regler for private klinikker",
                "Sundhedsministeren vil stramme kravene til de private klinikker, der får patienter "
                "fra regionerne.",
                "Læs mere",
                "Flere sygeplejersker i hjemmeplejen",
                "Læs mere",
            ],
            id="related-news",
        ),
        pytest.param(
            ["Relaterede artikler\nFærre akutpladser på Fyn\nNy chef for sygehuset"],
            id="related-articles",
        ),
        pytest.param(
            [
                "Læs også",
                "Ventelisten til operationer vokser igen",
                "Regionen har brugt flere penge end forventet.",
                "Læs mere",
                "Jordemødre får ny overenskomst",
            ],
            id="read-also-teasers",
        ),
        pytest.param(["Mere om emnet", "Psykiatri", "Børn og unge"], id="more-on-topic"),
        pytest.param(["Seneste nyheder", "Andre nyheder", "Ny direktør"], id="latest-news"),
        pytest.param(["Del", "Print", "Kopier link"], id="share-bar"),
    ],
)
def test_strip_boilerplate_drops_the_trailing_section(tail: list[str]) -> None:
    assert clean(page(*ARTICLE, *tail), strip_boilerplate=True) == ARTICLE_TEXT


def test_strip_boilerplate_keeps_body_after_an_inline_read_also() -> None:
    text = page(HEADLINE, LEAD, "Læs også", "Et helt andet emne", BODY, QUOTE, LAST)
    expected = page(HEADLINE, LEAD, "Et helt andet emne", BODY, QUOTE, LAST)
    assert clean(text, strip_boilerplate=True) == expected


def test_strip_boilerplate_only_drops_a_contact_heading_before_the_body() -> None:
    text = page("Forside", "Kontakt", *ARTICLE)
    assert clean(text, strip_boilerplate=True) == ARTICLE_TEXT


def test_strip_boilerplate_keeps_dash_quotes_and_leaves_clean_alone() -> None:
    text = page(*ARTICLE, "Relaterede nyheder", "Anden nyhed")
    stripped = clean(text, strip_boilerplate=True)
    assert QUOTE in stripped.split("\n\n")
    assert clean(text) == text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Tlf. 12 34 56 78\nmail@region.example", id="contact-page"),
        pytest.param(page("7.6.2024 | Region Midt | Pressemeddelelse", *ARTICLE), id="dateline"),
        pytest.param(page(*ARTICLE, "Kilde: Sundhedsdatastyrelsen"), id="source-line"),
        pytest.param(page("»Ventetiden er for lang«", *ARTICLE), id="danish-quote"),
    ],
)
def test_strip_boilerplate_leaves_lines_that_are_not_chrome(text: str) -> None:
    assert clean(text, strip_boilerplate=True) == text


def test_strip_boilerplate_logs_what_it_dropped(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="sundtext"):
        clean(page("Gå til indhold", *ARTICLE, "Relaterede nyheder", "X"), strip_boilerplate=True)
    assert "skip-link" in caplog.text
    assert "Relaterede nyheder" in caplog.text


def test_clean_does_not_log_without_debug(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="sundtext"):
        clean(page("Gå til indhold", *ARTICLE), strip_boilerplate=True)
    assert caplog.records == []


# --- the real seed article -----------------------------------------------------------------------


def seed_texts() -> list[str]:
    if not SEED_DIR.is_dir():
        pytest.skip(f"no seed articles at {SEED_DIR}")
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEED_DIR.glob("*.txt"))]
    if not texts:
        pytest.skip(f"no seed articles in {SEED_DIR}")
    return texts


def test_strip_boilerplate_keeps_the_seed_article_and_drops_its_chrome() -> None:
    for raw in seed_texts():
        paragraphs = clean(raw).split("\n\n")
        contact = next(
            i for i, p in enumerate(paragraphs) if p in ("Hvis du vil vide mere", "Kontakt")
        )
        body = [p for p in paragraphs[:contact] if p != "Gå til indhold"]
        headings = list(itertools.takewhile(lambda p: not p.endswith("."), body))
        last_quote = [p for p in body if p.startswith("- ")][-1]

        stripped = clean(raw, strip_boilerplate=True)
        kept = stripped.split("\n\n")

        assert headings
        assert kept[: len(headings)] == headings
        assert kept[-1] == body[-1]
        assert last_quote in kept
        assert kept == body
        assert "Gå til indhold" not in stripped
        assert "Relaterede nyheder" not in stripped
        assert "Læs mere" not in stripped
        assert "@" not in stripped
        assert PHONE.search(stripped) is None, "a phone number is left"
        assert clean(stripped, strip_boilerplate=True) == stripped


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        (b"sundhedsv\xc3\xa6senet", "decode"),
        (bytearray(b"tekst"), "decode"),
        (None, "''"),
        (42, "int"),
        (3.5, "float"),
        (["liste"], "list"),
    ],
)
@pytest.mark.parametrize("function", [clean, clean_html])
def test_non_str_input_raises_type_error_that_names_the_fix(
    function: Callable[[object], str], value: object, hint: str
) -> None:
    with pytest.raises(SundtextTypeError, match="must be a str") as info:
        function(value)
    assert hint in str(info.value)
    assert isinstance(info.value, TypeError)


# --- the fast path past ftfy ---------------------------------------------------------------------


def test_every_character_ftfy_decodes_from_sends_text_to_ftfy() -> None:
    """Text skips ftfy only if made of characters ftfy's code pages cannot produce."""
    from ftfy.chardata import CHARMAP_ENCODINGS

    from sundtext.clean import _DANISH_LETTERS, _DANISH_PUNCTUATION, _MAYBE_MOJIBAKE

    decoded = {
        char
        for encoding in CHARMAP_ENCODINGS
        for char in bytes(range(0x80, 0x100)).decode(encoding, errors="ignore")
    }
    missed = sorted(
        char
        for char in decoded - set(_DANISH_LETTERS + _DANISH_PUNCTUATION)
        if not _MAYBE_MOJIBAKE.search(char)
    )
    assert missed == []


@pytest.mark.parametrize("pair", ["Ã¦", "Ã¸", "Ã¥", "Ã˜", "Ã…", "â€“", "Å’", "Ã\xa0", "æ€", "Ø»"])
def test_utf8_pairs_of_danish_characters_send_text_to_ftfy(pair: str) -> None:
    from sundtext.clean import _MAYBE_MOJIBAKE

    assert _MAYBE_MOJIBAKE.search(f"Tekst med {pair} midt i")


# --- properties -----------------------------------------------------------------------------------

#: Characters that make mojibake, whitespace and chrome interact.
TRICKY = st.sampled_from(
    [
        *"ÃÂâ€¦¥˜…†™Ø»«Åæøå\xa0\xad\u200b\u0301\u030a\r\n\t -.:<>pbr/",
        *("Læs mere", "Kontakt", "Del", "Relaterede nyheder", "12 34 56 78", "a@b.dk"),
        *("<p>", "&lt;p&gt;", "\n\n"),
    ]
)
ANY_TEXT = st.one_of(
    st.text(),
    st.text(st.characters(codec=None, exclude_categories=())),
    st.lists(TRICKY, max_size=40).map("".join),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT, strip=st.booleans())
def test_clean_never_raises_and_is_idempotent(text: str, strip: bool) -> None:
    once = clean(text, strip_boilerplate=strip)
    assert clean(once, strip_boilerplate=strip) == once


@settings(max_examples=300)
@given(text=ANY_TEXT, strip=st.booleans())
def test_clean_output_is_normalised(text: str, strip: bool) -> None:
    out = clean(text, strip_boilerplate=strip)
    assert not any(is_control(char) for char in out if char != "\n")
    assert "\n\n\n" not in out
    assert out == out.strip()
    assert unicodedata.is_normalized("NFC", out)
    out.encode("utf-8")


@settings(max_examples=200)
@given(text=ANY_TEXT)
def test_clean_html_never_raises(text: str) -> None:
    out = clean_html(text)
    assert "\n\n\n" not in out


# --- import cost --------------------------------------------------------------------------------


def test_importing_clean_does_not_import_ftfy_or_bs4() -> None:
    code = (
        "import sys, sundtext, sundtext.clean; print('ftfy' in sys.modules, 'bs4' in sys.modules)"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.split() == ["False", "False"]
