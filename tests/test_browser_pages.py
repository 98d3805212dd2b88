"""Every page type in Chromium, in both languages: loads cleanly and from this server only, reads
without JavaScript, switches language by keyboard, and is found by Material's search.

Uses the session fixtures of tests/conftest.py (the built site served on 127.0.0.1, Debian's
Chromium driven by Playwright); skipped, with the reason, where /usr/bin/chromium is missing.
What other files already prove is not repeated here: tests/test_site_build.py checks every page's
switcher link and switching by mouse (with a query, a section, a path prefix and instant
navigation); tests/test_decide_browser.py checks the decision widget, its outline without
JavaScript and a keyboard-only walk to a result.
"""

from __future__ import annotations

import functools
import json

import pytest
import yaml

from macros.decide import api
from test_quality_support import (LANG_ROOT, PAGE_TYPES, PROJECT_DIR, Watch, arrive, open_page,
                                  page_cases, page_path, site_kb)

PERMALINKS = PROJECT_DIR / "data" / "permalinks.yaml"


@functools.lru_cache(maxsize=1)
def permalink_anchors() -> dict[str, list[str]]:
    """The #anchors data/permalinks.yaml publishes, by page path ('/ja/compare/': [...])."""
    anchors: dict[str, list[str]] = {}
    for url in yaml.safe_load(PERMALINKS.read_text(encoding="utf-8"))["urls"]:
        path, _, anchor = url.partition("#")
        if anchor:
            anchors.setdefault(path, []).append(anchor)
    return anchors


@pytest.fixture(scope="module")
def context(browser, site_url):
    """One browser context for the module, watched for foreign requests and script errors."""
    context = browser.new_context()
    context.watch = Watch(context, site_url)
    yield context
    context.close()


@pytest.fixture(scope="module")
def page(context):
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture(scope="module")
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind, lang", page_cases())
def test_page_loads_from_this_server_only_without_errors(page, context, site_url, built_site,
                                                         kind, lang):
    context.watch.take()
    loaded = len(context.watch.requests)
    response = open_page(page, site_url, built_site, kind, lang)
    assert response.status == (404 if kind == "404" else 200)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("article h1").first.is_visible()
    # The scripts ran: Material's bundle starts search, which loads this language's index.
    requested = context.watch.requests[loaded:]
    assert f"{site_url}{LANG_ROOT[lang]}search/search_index.json" in requested
    assert context.watch.take() == []


def _extra_content(kind: str) -> list[str]:
    """Selectors of what a `kind` page shows besides its published anchors."""
    kb = site_kb()
    return {
        "home": ["article a[href$='decide/']", "article a[href$='compare/']"],
        "decide": ["details.decide-outline"],  # its content: tests/test_decide_browser.py
        "compare": ["article table"],
        "methods": [f"article table a[href$='{m.id}/']" for m in kb.methods],
        "method": ["article div.highlight pre"],
        "bastion": ["article h2", "article table"],
        "scenarios": [f"article table a[href$='{s.id}/']" for s in kb.scenarios],
        "scenario": ["article h2", "article a[href*='decide/?']"],
        "api": ["article pre", "article a[href$='v1/decision-tree.json']"],
        "404": ["article h1"],
    }[kind]


@pytest.mark.parametrize("kind, lang", page_cases())
def test_without_javascript_the_content_shows(no_js_page, site_url, built_site, kind, lang):
    page = no_js_page
    open_page(page, site_url, built_site, kind, lang, wait_until="load")
    # Every heading, table and code block outside a closed <details> is on screen, but for the
    # /decide/ widget, whose buttons need the script (its <noscript> note says so).
    hidden = page.eval_on_selector_all(
        "article :is(h1, h2, h3, h4, table, pre)",
        """els => els.filter(e => !e.closest('details:not([open]), .decide'))
                     .filter(e => !e.checkVisibility({visibilityProperty: true}))
                     .map(e => e.outerHTML.slice(0, 120))""")
    assert hidden == []
    # So is every section and table row the site publishes a link to (an empty anchor <span>
    # counts as its cell), and what this kind of page is for.
    anchors = permalink_anchors().get("/" + page_path(kind, lang), [])
    assert (kind in ("compare", "method")) <= bool(anchors)
    missing = page.evaluate(
        """ids => ids.filter(id => {
             const e = document.getElementById(id);
             const box = e && (e.textContent.trim() ? e : e.parentElement);
             return !box || !box.checkVisibility({visibilityProperty: true});
           })""", anchors)
    assert missing == []
    assert [s for s in _extra_content(kind) if not page.locator(s).first.is_visible()] == []


def _focus(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_keyboard_switches_language_and_keeps_the_section_read(page, context, site_url):
    # The section is reached inside the page, after it loaded, and the language is chosen with the
    # keyboard alone: the switcher must follow the address as it is now.
    scenario = f"scenarios/{site_kb().scenarios[0].id}/"
    context.watch.take()
    page.goto(site_url + scenario)
    section = page.get_attribute("article h2[id='why-not']", "id")
    for here, there in (("en", "ja"), ("ja", "en")):
        assert page.url.startswith(site_url + LANG_ROOT[here] + scenario)
        page.click(f".md-sidebar--secondary a[href$='#{section}']")
        page.wait_for_function("id => location.hash === '#' + id", arg=section)
        _focus(page, f"a.md-select__link[hreflang={there}]")
        arrive(page, f"{site_url}{LANG_ROOT[there]}{scenario}#{section}",
               lambda: page.keyboard.press("Enter"))
    assert context.watch.take() == []


# (language, what a reader types, the method page it must find among the first results)
SEARCHES = [
    ("en", "Session Manager", "session-manager"),
    ("en", "endpoint", "ec2-instance-connect-endpoint"),
    ("en", "bastion", "bastion-host"),
    ("en", "serial console", "ec2-serial-console"),
    ("en", "PuTTY", "putty"),
    ("ja", "Session Manager", "session-manager"),
    ("ja", "エンドポイント", "ec2-instance-connect-endpoint"),
    ("ja", "踏み台", "bastion-host"),
    ("ja", "踏み台サーバー", "bastion-host"),
    ("ja", "シリアルコンソール", "ec2-serial-console"),
    ("ja", "ポートフォワーディング", "session-manager"),
]
TOP = 3  # a reader looks at the first few results


def _search(page, query: str) -> list[str]:
    """Type `query` into Material's search; returns the result pages' paths, best first."""
    box = "input.md-search__input"
    meta = ".md-search-result__meta"
    page.fill(box, "")
    page.press(box, "End")
    page.wait_for_selector(".md-search-result__item", state="detached")
    placeholder = page.inner_text(meta)
    # fill() sets the value without the key events Material listens to, and keyboard.type() cannot
    # enter Japanese: fill, then press a key that changes nothing.
    page.fill(box, query)
    page.press(box, "End")
    page.wait_for_function("([sel, text]) => document.querySelector(sel).innerText !== text",
                           arg=[meta, placeholder])
    hrefs = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link",
                                      "els => els.map(e => new URL(e.href).pathname)")
    return list(dict.fromkeys(hrefs))


@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_search_finds_method_pages_in_each_language(page, context, site_url, lang):
    context.watch.take()
    page.goto(site_url + LANG_ROOT[lang], wait_until="networkidle")
    root = "/" + LANG_ROOT[lang]
    missed = {}
    for query_lang, query, method in SEARCHES:
        if query_lang != lang:
            continue
        found = _search(page, query)
        assert found and all(path.startswith(root) for path in found), (query, found)
        if lang == "en":
            assert not any(path.startswith("/ja/") for path in found), (query, found)
        if f"{root}methods/{method}/" not in found[:TOP]:
            missed[query] = found[:TOP + 2]
    assert missed == {}
    assert context.watch.take() == []


def _asked(page) -> str | None:
    """The key of the question the decision widget shows, or None at a result."""
    return page.evaluate("document.querySelector('.decide__question')?.dataset.question ?? null")


def test_decide_keyboard_changes_an_answer_and_starts_over(page, context, site_url, built_site):
    # tests/test_decide_browser.py walks to a result with Tab and Enter; here Space and Enter
    # change an earlier answer and start over, without the mouse.
    tree = json.loads((built_site / "api/v1/decision-tree.json").read_text(encoding="utf-8"))
    root = tree["nodes"][tree["root"]]
    first, answers = root["ask"], list(root["answers"])
    path = [(first, answers[0])]
    node = tree["nodes"][root["answers"][answers[0]]]
    while "ask" in node:  # follow each question's first answer down to a result
        answer = next(iter(node["answers"]))
        path.append((node["ask"], answer))
        node = tree["nodes"][node["answers"][answer]]
    context.watch.take()
    page.goto(site_url + "decide/?" + "&".join(["v=1"] + [f"{k}={v}" for k, v in path]))
    page.wait_for_selector(".decide[data-ready] .decide__result")
    # Change the first answer: its "Change" button, pressed with Space.
    _focus(page, f".decide__path li[data-question='{first}'] button")
    page.keyboard.press("Space")
    page.wait_for_selector(f".decide__question[data-question='{first}']")
    assert page.evaluate("document.activeElement.hasAttribute('data-focus')")
    # Pick another answer with Tab and Enter, then answer whatever the new path asks with Space.
    _focus(page, f".decide__question button[data-answer='{answers[1]}']")
    page.keyboard.press("Enter")
    given = dict(path) | {first: answers[1]}
    while (asked := _asked(page)) is not None:
        assert page.evaluate("document.activeElement.hasAttribute('data-focus')")
        _focus(page, ".decide__question button[data-answer]")
        given[asked] = page.evaluate("document.activeElement.dataset.answer")
        page.keyboard.press("Space")
    leaf = api.walk_json(tree, given, defaults=False)
    shown = page.eval_on_selector_all(".decide__result > .decide__method, .decide__recommend > li",
                                      "els => els.map(e => e.dataset.method)")
    assert leaf is not None and sorted(shown) == sorted(leaf["recommend"])
    assert f"{first}={answers[1]}" in page.url
    # Start over: the restart button, pressed with Enter, goes back to the first question.
    _focus(page, ".decide__restart button")
    page.keyboard.press("Enter")
    page.wait_for_selector(f".decide__question[data-question='{first}']")
    assert "?" not in page.url
    assert page.evaluate("document.activeElement.hasAttribute('data-focus')")
    assert context.watch.take() == []


def test_the_page_types_cover_every_folder_of_the_build(built_site):
    # A new kind of page (a new top-level folder) must be added to PAGE_TYPES to be checked.
    folders = {path.relative_to(built_site).parts[0] for path in built_site.rglob("*.html")
               if path.parent != built_site} - {"ja"}
    covered = {page_path(kind, "en").split("/")[0] for kind in PAGE_TYPES}
    assert "methods" in folders and folders <= covered, folders - covered


NOT_FOUND = {"en": "Page not found", "ja": "ページが見つかりません"}


@pytest.mark.parametrize("javascript", [True, False], ids=["scripts", "no-scripts"])
def test_root_not_found_page_speaks_the_readers_language(browser, site_url, built_site,
                                                         javascript):
    # GitHub Pages answers every missing address with the root 404.html, under /ja/ too: that page
    # turns Japanese there (overrides/404.html); without scripts it shows both short messages.
    body = (built_site / "404.html").read_bytes()
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.route("**/no-such-page/**", lambda route: route.fulfill(
        status=404, body=body, content_type="text/html; charset=utf-8"))
    for lang, path in (("ja", "ja/no-such-page/at/some/depth/"), ("en", "no-such-page/x/")):
        page.goto(site_url + path)
        shown = page.eval_on_selector_all(
            "article h1", "els => els.filter(e => e.checkVisibility()).map(e => e.textContent)")
        if not javascript:
            assert shown == [NOT_FOUND["en"], NOT_FOUND["ja"]], (path, shown)
            continue
        assert shown == [NOT_FOUND[lang]], (path, shown)
        assert page.locator("html").get_attribute("lang") == lang
        assert page.title().startswith(NOT_FOUND[lang])
        links = page.eval_on_selector_all(
            f"article [data-not-found='{lang}'] a", "els => els.map(e => new URL(e.href).pathname)")
        assert links and all(link.startswith("/ja/") == (lang == "ja") for link in links), links
        if lang == "ja":
            home = page.eval_on_selector("a.md-logo", "e => new URL(e.href).pathname")
            assert home == "/ja/", home
    context.close()


# Records every change to <body>'s attributes from the first script on (the scheme lives there).
BODY_CHANGES = """
window.__body = [];
new MutationObserver(function (list) {
  list.forEach(function (r) { window.__body.push(r.attributeName); });
}).observe(document, {attributes: true, subtree: true, attributeFilter: [
  "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent", "data-md-color-media",
  "data-md-color-switching"]});
"""
SCHEME = "document.body.dataset.mdColorScheme"


@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_colour_scheme_switches_and_is_remembered(browser, site_url, lang):
    # mkdocs.yml theme.palette: the first visit follows the system (light here), the header's
    # toggle switches, and the choice is kept for the next page and the next visit.
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site_url + LANG_ROOT[lang] + "compare/")
    assert page.evaluate(SCHEME) == "default"
    toggle = page.locator("form[data-kb-palette] label:not([hidden])")
    assert toggle.get_attribute("title"), "the colour toggle has no name (mkdocs.yml toggle.name)"
    toggle.click()
    page.wait_for_function(f"() => {SCHEME} === 'slate'")
    page.goto(site_url + LANG_ROOT[lang] + "methods/")
    assert page.evaluate(SCHEME) == "slate"
    # By keyboard: the focused toggle's Enter moves to the next scheme, and the focus stays on it.
    _focus(page, "form[data-kb-palette] input:checked")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => {SCHEME} === 'default'")
    assert page.evaluate("document.activeElement.matches('form[data-kb-palette] input:checked')")
    page.goto(site_url + LANG_ROOT[lang] + "bastion/")
    assert page.evaluate(SCHEME) == "default"
    context.close()


@pytest.mark.parametrize("preference", ["light", "dark"])
def test_the_scheme_is_set_before_the_page_loads_and_not_again(browser, site_url, preference):
    # The scheme is applied while the header is parsed, from the system's preference: a dark-mode
    # reader never sees the light page, and loading changes nothing on <body> afterwards (each
    # change of those attributes restyles the whole page; Material's palette component made two).
    context = browser.new_context(color_scheme=preference)
    context.add_init_script(BODY_CHANGES)
    page = context.new_page()
    page.goto(site_url + "compare/", wait_until="networkidle")
    expected = {"light": "default", "dark": "slate"}[preference]
    assert page.evaluate(SCHEME) == expected
    assert page.evaluate("document.querySelector('form[data-kb-palette] input:checked')"
                         ".dataset.mdColorScheme") == expected
    # Only the header's script wrote them, once each (Material's component wrote them again, with
    # data-md-color-switching set and removed around).
    assert page.evaluate("window.__body") == ["data-md-color-media", "data-md-color-scheme",
                                              "data-md-color-primary", "data-md-color-accent"]
    context.close()


# Every layout shift the page makes while it loads, summed as CLS sums them (shifts right after a
# reader's input do not count). Installed before the page's own scripts run.
LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) {
    if (!e.hadRecentInput) window.__shifts.push({value: e.value, moved: e.sources.map(function (s) {
      return s.node ? s.node.nodeName + "." + (s.node.className || "") : "?"; })});
  });
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture(scope="module", params=[("phone", {"width": 412, "height": 823}, True),
                                        ("desktop", {"width": 1350, "height": 940}, False)],
                ids=lambda p: p[0])
def shift_page(browser, request):
    """A page in a phone-sized (Lighthouse's) or desktop window that records layout shifts."""
    _, viewport, mobile = request.param
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile)
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    yield page
    context.close()


def _shifts_on_load(page, site_url, built_site, kind, lang) -> list[dict]:
    open_page(page, site_url, built_site, kind, lang)
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    page.wait_for_timeout(300)  # a shift is reported in the frame after it happens
    return page.evaluate("window.__shifts")


@pytest.mark.parametrize("kind, lang", page_cases())
def test_nothing_moves_while_the_page_loads(shift_page, site_url, built_site, kind, lang):
    # Material's bundle runs last and mounts the search box and the /decide/ widget takes over the
    # first question: neither may move what is already on the screen (Lighthouse's CLS 0). On a
    # machine busy with other tests Chromium may paint a header it has parsed only in part (the
    # search box after the language menu not yet there) and see that part move: a shift that
    # comes back on the next load is the page's, one that does not is the parser's timing.
    shifts = _shifts_on_load(shift_page, site_url, built_site, kind, lang)
    if shifts:
        shifts = _shifts_on_load(shift_page, site_url, built_site, kind, lang)
    assert shifts == [], (f"{page_path(kind, lang)}: the layout shifts while loading "
                          f"(CLS {sum(s['value'] for s in shifts):.4f}): {shifts}")
