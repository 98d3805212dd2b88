"""Print (CONTRACT.md 9.2, issue 13): a method page and a /decide/ result printed to PDF on A4 by
Chromium read as documents: no navigation, header, footer, search or widget controls; the page's
own address at the top; the address of every link to another site (the sources above all); the
decision result with its reasons.

overrides/assets/stylesheets/print.css does the work; overrides/main.html adds the address line and
partials/page-scripts.html keeps it equal to the address bar (/decide/?... included). The PDF text
is read with pypdf (requirements-dev.txt). URLs wrap across lines on paper, so texts are compared
with all white space removed.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata

import pytest
from pypdf import PdfReader

from macros.decide import api

from test_quality_support import LANG_ROOT, METHOD

A4_POINTS = (595.3, 841.9)
# Text only the site's chrome shows: its header, navigation, table of contents, search, footer.
CHROME = {"en": ["Skip to content", "Table of contents", "Edit this page", "Type to start searching"],
          "ja": ["コンテンツにスキップ", "目次", "このページを編集", "検索を初期化"]}
PRINTED_FROM = {"en": "Printed from", "ja": "印刷元"}


# Glyphs a CJK font shares between two code points, which PDF text reads back as the other one.
SAME_GLYPH = str.maketrans({"\u2015": "\u2014", "\u2027": "\u30fb"})


def _squash(text: str) -> str:
    # NFKC folds the ligatures ("ﬁ") and the Kangxi radicals ("⽉" for "月") of PDF text.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(SAME_GLYPH))


def _print(page) -> tuple[str, list[tuple[float, float]]]:
    """The page printed to PDF on A4: its text and each sheet's size in points."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    return "\n".join(p.extract_text() or "" for p in reader.pages), sizes


def _check_paper(page, text: str, sizes, lang: str, where: str) -> None:
    assert sizes, f"{where}: the PDF has no page"
    assert all(abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2 for w, h in sizes), \
        f"{where}: sheets are {sizes}, not A4 portrait"
    shown = [label for label in CHROME[lang] if label in text]
    assert shown == [], f"{where}: the site's header, navigation or footer printed: {shown}"
    page.emulate_media(media="print")
    try:
        visible = page.evaluate("""() => [".md-header", ".md-sidebar--primary",
            ".md-sidebar--secondary", ".md-footer", ".md-search", ".md-content__button"]
            .filter(s => [...document.querySelectorAll(s)].some(e => e.checkVisibility()))""")
        url_line = page.locator(".print-url").is_visible()
    finally:
        page.emulate_media(media="null")  # back to no emulation: page.pdf() uses print
    assert visible == [], f"{where}: still shown in print: {visible} (print.css)"
    assert url_line, f"{where}: the printed address line (.print-url) is hidden in print"
    assert PRINTED_FROM[lang] in text and _squash(page.url) in _squash(text), \
        f"{where}: the page's address {page.url} is not printed: {text[:200]!r}"


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_a_method_page_prints_as_a_document(page, site_url, lang):
    page.goto(f"{site_url}{LANG_ROOT[lang]}methods/{METHOD}/", wait_until="networkidle")
    text, sizes = _print(page)
    where = f"methods/{METHOD} ({lang})"
    _check_paper(page, text, sizes, lang, where)
    title = page.inner_text("article h1").replace("¶", "")
    assert _squash(title) in _squash(text), f"{where}: the title {title!r} did not print"
    # Every link to another site prints its address: the sources list above all.
    page.emulate_media(media="print")
    try:
        external = page.evaluate("""() => [...new Set([...document.querySelectorAll("article a")]
            .filter(a => a.hostname && a.hostname !== location.hostname && a.checkVisibility())
            .map(a => a.href))]""")
    finally:
        page.emulate_media(media="null")  # back to no emulation: page.pdf() uses print
    assert len(external) >= 3, f"{where}: expected the sources list's links, found {external}"
    squashed = _squash(text)
    missing = [href for href in external if _squash(href) not in squashed]
    assert missing == [], f"{where}: these link addresses did not print: {missing}"


def _a_result(tree) -> list[tuple[str, str]]:
    """The answers of a path that ends in a result with several methods and exclusions."""
    return next(path for path, leaf in api.leaves_json(tree)
                if len(leaf["recommend"]) > 1 and leaf["excluded"])


@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_a_decision_result_prints_with_its_reasons(page, site_url, built_site, lang):
    tree = json.loads((built_site / "api/v1/decision-tree.json").read_text(encoding="utf-8"))
    query = "&".join(["v=1"] + [f"{key}={answer}" for key, answer in _a_result(tree)])
    page.goto(f"{site_url}{LANG_ROOT[lang]}decide/?{query}", wait_until="networkidle")
    page.wait_for_selector(".decide[data-ready] .decide__recommend")
    where = f"/decide/ result ({lang})"
    # What the widget shows on paper: its text with print styles, controls left out.
    page.emulate_media(media="print")
    try:
        controls = page.evaluate("""() => [...document.querySelectorAll(
            ".decide button, .decide input, .decide select")].filter(e => e.checkVisibility())
            .map(e => e.outerHTML.slice(0, 80))""")
        shown = page.inner_text(".decide")
    finally:
        page.emulate_media(media="null")  # back to no emulation: page.pdf() uses print
    assert controls == [], f"{where}: widget controls print: {controls}"
    text, sizes = _print(page)
    _check_paper(page, text, sizes, lang, where)
    # The page's text; the link addresses print.css adds after links are not in innerText.
    squashed = re.sub(r"<https?://[^>]*>", "", _squash(text))
    lines = [line for line in shown.splitlines() if len(line.strip()) >= 12]
    assert len(lines) >= 3, f"{where}: the result shows little text: {shown[:300]!r}"
    missing = [line for line in lines if _squash(line) not in squashed]
    assert missing == [], f"{where}: the result's text did not print: {missing}"
    # The reasons: each method the result names, recommended or not, prints with its name.
    names = page.eval_on_selector_all(".decide [data-method]", "els => els.map(e => e.innerText)")
    assert names and all(_squash(name.splitlines()[0]) in squashed for name in names), where
