"""Accessibility: axe-core finds no WCAG 2.0/2.1 level A or AA violation on any page type, in both
languages and both colour schemes (light and dark), on a desktop and on a touch screen, nor in the
states a reader opens: search results, the language menu, the navigation drawer, the decision widget
at a question, a result and a dead end.

The scheme comes from the browser's colour preference (on a first visit the header's script,
overrides/partials/javascripts/palette.html, picks the palette whose `media` matches), and each
test checks that the page really shows it.

axe-core 4.12.1 comes bundled with axe-playwright-python 0.1.8 (nothing is downloaded). Colours are
measured once transitions have ended. overrides/assets/stylesheets/site.css holds the fixes for what
stock Material fails; a failure prints each violation with its elements and axe's explanation.
"""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from macros.decide import api

from test_quality_support import LANG_ROOT, open_page, page_cases

# WCAG 2.1 A/AA, WCAG 2.2 AA (target size and the rest axe can test) and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"],
           # landmark-unique (best practice, not a WCAG criterion) is off: Material wraps each code
           # block's copy button, each nested nav section and search result tags in unnamed <nav>
           # elements from its own scripts and templates; naming them needs changes to Material's
           # bundle, and screen readers still list them by their visible headings.
           "rules": {"landmark-unique": {"enabled": False}}}
TOUCH_SCREEN = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2,
                "is_mobile": True, "has_touch": True}
# The browser's colour preference, and the Material scheme (mkdocs.yml theme.palette) it selects.
SCHEMES = {"light": "default", "dark": "slate"}


def settle(page) -> None:
    """Wait until no CSS transition or animation runs, so colours are measured as readers see them.

    A function, not an expression: Playwright polls an expression with eval(), which the site's
    Content-Security-Policy (no 'unsafe-eval') blocks."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')",
                           timeout=5000)


def report(violations: list[dict]) -> str:
    """axe's violations, one block per rule: its id, impact and help, then each element and why."""
    lines = []
    for rule in violations:
        criteria = ", ".join(tag for tag in rule["tags"] if tag.startswith("wcag"))
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']} [{criteria}]")
        for node in rule["nodes"]:
            html = " ".join(node["html"].split())[:160]
            lines.append(f"  at {' '.join(map(str, node['target']))}: {html}")
            for check in node["any"] + node["all"] + node["none"]:
                lines.append(f"    - {check['message']}")
    return "\n".join(lines)


class Audit:
    """Runs axe on a page and counts the runs, for the figures the README quotes."""

    def __init__(self):
        self.axe = Axe()
        self.runs = self.failed = 0

    def __call__(self, page, where: str, context: str | None = None) -> None:
        settle(page)
        results = self.axe.run(page, context=context, options=OPTIONS).response
        self.runs += 1
        assert results["testEngine"]["version"] == "4.12.1"
        assert results["toolOptions"]["runOnly"]["values"] == TAGS
        if results["violations"]:
            self.failed += 1
            pytest.fail(f"{where} ({page.url}): {len(results['violations'])} axe rule(s) violated\n"
                        + report(results["violations"]), pytrace=False)


@pytest.fixture(scope="module")
def audit():
    audit = Audit()
    yield audit
    print(f"\naxe-core 4.12.1 ({', '.join(TAGS)}): {audit.runs} runs, "
          f"{audit.failed} with violations")


@pytest.fixture(scope="module")
def screens(browser):
    """screens(device, scheme): a page in a browser context of that device ("desktop" or "touch")
    and colour preference, made once per module."""
    made = {}

    def screen(device: str, scheme: str):
        if (device, scheme) not in made:
            options = TOUCH_SCREEN if device == "touch" else {}
            context = browser.new_context(color_scheme=scheme, **options)
            made[device, scheme] = (context, context.new_page())
        return made[device, scheme][1]

    yield screen
    for context, _ in made.values():
        context.close()


@pytest.fixture(scope="module")
def desktop(screens):
    return screens("desktop", "light")


def in_scheme(page, scheme: str) -> str:
    """Check the page shows `scheme`; returns the label for failure messages."""
    shown = page.evaluate("document.body.dataset.mdColorScheme")
    assert shown == SCHEMES[scheme], (f"{page.url}: the {scheme} preference shows Material's "
                                      f"{shown!r} scheme; mkdocs.yml theme.palette has its media")
    return f"{scheme} scheme"


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("kind, lang", page_cases())
def test_page_on_a_desktop(screens, audit, site_url, built_site, kind, lang, scheme):
    page = screens("desktop", scheme)
    open_page(page, site_url, built_site, kind, lang, wait_until="load")
    audit(page, f"{kind} page, {lang}, desktop, {in_scheme(page, scheme)}")


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("kind, lang", page_cases())
def test_page_on_a_touch_screen(screens, audit, site_url, built_site, kind, lang, scheme):
    page = screens("touch", scheme)
    open_page(page, site_url, built_site, kind, lang, wait_until="load")
    audit(page, f"{kind} page, {lang}, touch screen, {in_scheme(page, scheme)}")


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_search_results(screens, audit, site_url, lang, scheme):
    desktop = screens("desktop", scheme)
    desktop.goto(site_url + LANG_ROOT[lang], wait_until="networkidle")
    box = "input.md-search__input"
    desktop.fill(box, "Session Manager")
    desktop.press(box, "End")  # fill() alone does not start Material's search
    desktop.wait_for_selector(".md-search-result__item")
    audit(desktop, f"search results, {lang}, {in_scheme(desktop, scheme)}")


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_language_menu_opened_by_keyboard(screens, audit, site_url, lang, scheme):
    desktop = screens("desktop", scheme)
    desktop.goto(site_url + LANG_ROOT[lang] + "compare/")
    for _ in range(20):
        desktop.keyboard.press("Tab")
        if desktop.evaluate("document.activeElement.matches('a.md-select__link')"):
            break
    assert desktop.locator("a.md-select__link").first.is_visible()
    # The open menu covers the page's edit button by design: that button's target size is
    # checked, uncovered, on every page type above.
    audit(desktop, f"language menu with focus on a language, {lang}, {in_scheme(desktop, scheme)}",
          {"exclude": [[".md-content__button"]]})


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_navigation_drawer_on_a_touch_screen(screens, audit, site_url, lang, scheme):
    touch = screens("touch", scheme)
    touch.goto(site_url + LANG_ROOT[lang] + "methods/")
    touch.click("label.md-header__button[for='__drawer']")
    assert touch.locator(".md-sidebar--primary a[href$='decide/']").first.is_visible()
    audit(touch, f"navigation drawer, {lang}, {in_scheme(touch, scheme)}")


def _leaves(doc):
    """Every (path, leaf) of decision-tree.json (shared nodes, walked from the root)."""
    return api.leaves_json(doc)


def _query(path) -> str:
    return "?" + "&".join(["v=1"] + [f"{key}={answer}" for key, answer in path])


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_decision_widget_states(screens, audit, site_url, built_site, lang, scheme):
    desktop = screens("desktop", scheme)
    tree = json.loads((built_site / "api/v1/decision-tree.json").read_text(encoding="utf-8"))
    leaves = list(_leaves(tree))
    result = next(path for path, leaf in leaves if len(leaf["recommend"]) > 1 and leaf["excluded"])
    dead_end = next(path for path, leaf in leaves if not leaf["recommend"])
    states = {"a question half-way": (result[: len(result) // 2], ".decide__question"),
              "a result with exclusions": (result, ".decide__why-not"),
              "a dead end with answers to reconsider": (dead_end, ".decide__reconsider button")}
    decide = site_url + LANG_ROOT[lang] + "decide/"
    for state, (path, shown) in states.items():
        desktop.goto(decide + _query(path))
        desktop.wait_for_selector(shown)
        # The rest of the page is the decide page checked above; the widget is what changed.
        audit(desktop, f"decision widget at {state}, {lang}, {in_scheme(desktop, scheme)}",
              context=".decide")
    desktop.click("details.decide-outline > summary")  # the whole tree, as an outline
    assert desktop.locator("details.decide-outline li").first.is_visible()
    # The outline repeats one pattern for every path (some 800 items, 15 s of axe): its summary
    # and first branch hold every kind of element and text the other branches use.
    outline = {"include": [["details.decide-outline > summary"],
                           ["details.decide-outline > ul > li:first-child"]]}
    audit(desktop, f"decision outline opened, {lang}, {scheme} scheme", context=outline)


def test_footer_copyright_if_one_is_configured(desktop, audit, site_url):
    # No `copyright:` is set today, so Material's footer line is empty. Material's grey for it fails
    # color-contrast on the dark footer; site.css must keep the line readable once one is set. The
    # markup is Material's partials/copyright.html with a copyright and its generator notice.
    desktop.goto(site_url + "compare/")
    assert desktop.inner_text(".md-copyright").strip() == ""
    desktop.eval_on_selector(".md-copyright", """el => el.innerHTML =
        '<div class="md-copyright__highlight">Copyright &copy; 2026 The authors</div>'
        + 'Made with <a href="https://squidfunk.github.io/mkdocs-material/" target="_blank"'
        + ' rel="noopener">Material for MkDocs</a>'""")
    audit(desktop, "footer with a copyright line", context=".md-footer")
