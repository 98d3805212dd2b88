"""The Content-Security-Policy of every page (CONTRACT.md 9, issue 13): in the built HTML, and in
Chromium on every page type in both languages, with search, instant navigation, the decision widget
and the colour toggle in use.

GitHub Pages sends no headers, so each page carries its policy in a <meta http-equiv>, written by
hooks/mkdocs_glue.py after the page is rendered: scripts and styles from the site only, each inline
script allowed by its SHA-256 hash, no 'unsafe-inline' for scripts. A violation in the browser is
caught twice: as a `securitypolicyviolation` event (recorded by an init script) and as Chromium's
console error, which tests/test_quality_support.Watch reports.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from test_quality_support import LANG_ROOT, Watch, open_page, page_cases

RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  + (e.sample ? ` (${e.sample})` : "")));
"""
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
REQUIRED = ["default-src 'self'", "style-src 'self'", "img-src 'self' data:", "object-src 'none'",
            "base-uri 'self'", "form-action 'self'"]


def _policy(html: str) -> str | None:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    return found.group(1) if found else None


def test_every_built_page_carries_a_strict_policy_before_any_script(built_site):
    problems = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20, f"only {len(pages)} HTML files in {built_site}"
    for path in pages:
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(built_site)
        if 'http-equiv="refresh"' in html:
            continue  # a redirect page of mkdocs-redirects: nothing to protect, leaves at once
        policy = _policy(html)
        if policy is None:
            problems.append(f"{where}: no Content-Security-Policy <meta> (hooks/mkdocs_glue.py with_csp)")
            continue
        head = html[: html.index("</head>")]
        if head.index("Content-Security-Policy") > head.find("<script") > -1:
            problems.append(f"{where}: a <script> comes before the policy in <head>")
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        script_src = directives.get("script-src", "")
        if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
            problems.append(f"{where}: script-src allows unsafe code: {script_src}")
        problems += [f"{where}: policy lacks {rule!r}" for rule in REQUIRED if rule not in policy]
        for attrs, body in SCRIPT.findall(html):
            if re.search(r"(^|\s)src\s*=", attrs) or "application/json" in attrs:
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            if f"'sha256-{digest}'" not in script_src:
                problems.append(f"{where}: inline script not allowed by hash: {body[:80]!r}")
        if re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I):
            problems.append(f"{where}: an inline event handler (on...=) that the policy blocks")
        if re.search(r"<[a-z][^>]*\sstyle\s*=", html, re.I):
            problems.append(f"{where}: a style attribute, which style-src 'self' blocks: use a class")
    assert problems == [], "\n".join(problems)


@pytest.fixture(scope="module")
def context(browser, site_url):
    context = browser.new_context()
    context.add_init_script(RECORD)
    context.watch = Watch(context, site_url)
    yield context
    context.close()


@pytest.fixture(scope="module")
def page(context):
    page = context.new_page()
    yield page
    page.close()


def _violations(page) -> list[str]:
    return page.evaluate("window.__csp || []")


@pytest.mark.parametrize("kind, lang", page_cases())
def test_no_violation_on_any_page_type(page, context, site_url, built_site, kind, lang):
    context.watch.take()
    open_page(page, site_url, built_site, kind, lang)
    page.wait_for_timeout(200)  # late work of the bundle (tooltips, search worker) has run
    assert _violations(page) == [], f"{kind} page, {lang}: CSP violations"
    assert context.watch.take() == []


@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_search_works_under_the_policy(page, context, site_url, lang):
    # Material's search runs in a worker (a same-origin script; Japanese loads lunr.ja in it).
    context.watch.take()
    page.goto(site_url + LANG_ROOT[lang], wait_until="networkidle")
    box = "input.md-search__input"
    page.fill(box, "Session Manager")
    page.press(box, "End")
    page.wait_for_selector(".md-search-result__item")
    assert _violations(page) == []
    assert context.watch.take() == []


@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_instant_navigation_widget_and_colour_toggle_under_the_policy(page, context, site_url, lang):
    # Instant navigation runs the next page's content scripts under the first page's policy too.
    context.watch.take()
    root = site_url + LANG_ROOT[lang]
    # Material navigates instantly only to URLs of sitemap.xml, written for SITE_URL (port 8000 by
    # default): serve the sitemaps as if the site had been built for this server's port.
    page.route("**/sitemap.xml", lambda route: route.fulfill(
        response=(response := route.fetch()),
        body=response.text().replace("http://127.0.0.1:8000/", site_url)))
    # Start from the home page: /compare/ hides its sidebars to give the tables the full width.
    page.goto(root, wait_until="networkidle")
    page.evaluate("window.__firstDocument = true")
    steps = [("article a[href$='/compare/']", "compare/"),
             ("article a[href$='/methods/session-manager/']", "methods/session-manager/"),
             (".md-sidebar--primary a[href$='/bastion/']", "bastion/"),
             (".md-sidebar--primary a[href$='/decide/']", "decide/")]
    for link, target in steps:
        page.locator(link).first.click()
        page.wait_for_function("u => location.href === u", arg=root + target)
        page.wait_for_selector("article h1")
    # Still the first document: every step was an instant navigation, not a page load.
    assert page.evaluate("window.__firstDocument === true"), "a step reloaded the page"
    page.wait_for_selector(".decide[data-ready] .decide__question button[data-answer]")
    page.click(".decide__question button[data-answer]")  # the widget renders the next step
    page.click("form[data-kb-palette] label:not([hidden])")  # light <-> dark
    page.wait_for_timeout(200)
    page.unroute_all(behavior="ignoreErrors")
    assert _violations(page) == []
    assert context.watch.take() == []


def test_the_policy_blocks_an_injected_inline_script(page, context, site_url):
    # The control: were the policy missing or lax, the tests above would pass for nothing.
    context.watch.take()
    page.goto(site_url + "compare/", wait_until="networkidle")
    page.evaluate("""() => { const s = document.createElement("script");
                             s.textContent = "window.__ran = true"; document.body.append(s); }""")
    page.wait_for_function("() => window.__csp.length > 0")
    assert page.evaluate("window.__ran") is None
    assert "script-src-elem blocked inline" in _violations(page)[0]
    assert any("Content Security Policy" in problem for problem in context.watch.take())
