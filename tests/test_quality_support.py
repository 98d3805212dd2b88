"""Helpers for the quality tests: page types, a watched browser context, settling, arriving.

No tests live here; tests/test_browser_pages.py, test_a11y.py, test_links.py and test_site_build.py
import them.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from macros.kb.model import KnowledgeBase
from macros.site import LANGUAGES, load_site_kb

PROJECT_DIR = Path(__file__).resolve().parent.parent

# One page of each kind the site publishes (CONTRACT.md, section 2), in every language.
PAGE_TYPES = ("home", "decide", "compare", "methods", "method", "bastion", "scenarios", "scenario",
              "api", "404")
# The method page every example of the contract (CONTRACT.md) uses; its id is permanent.
METHOD = "session-manager"
LANG_ROOT = {lang.code: lang.path for lang in LANGUAGES}
# Where a reader meets the 404 page: any missing address. GitHub Pages answers it with 404.html
# and status 404 at any depth, which is why that page links its assets by absolute paths.
MISSING = "no-such-page/at/some/depth/"


@functools.lru_cache(maxsize=1)
def site_kb() -> KnowledgeBase:
    """The knowledge base the site is built from."""
    return load_site_kb(PROJECT_DIR)


def page_path(kind: str, lang: str) -> str:
    """Path of the `kind` page in `lang`, relative to the site root ('' is the English home)."""
    paths = {"home": "", "decide": "decide/", "compare": "compare/", "methods": "methods/",
             "method": f"methods/{METHOD}/", "bastion": "bastion/", "scenarios": "scenarios/",
             "scenario": f"scenarios/{site_kb().scenarios[0].id}/", "api": "api/",
             "404": "404.html"}
    return LANG_ROOT[lang] + paths[kind]


def page_url(site_url: str, kind: str, lang: str) -> str:
    """Address at which a reader sees the `kind` page in `lang`."""
    if kind == "404":
        return site_url + LANG_ROOT[lang] + MISSING
    return site_url + page_path(kind, lang)


def open_page(page, site_url: str, built_site: Path, kind: str, lang: str,
              wait_until: str = "networkidle"):
    """Load the `kind` page in `lang`; the 404 page comes, with status 404, at a missing address."""
    url = page_url(site_url, kind, lang)
    if kind != "404":
        return page.goto(url, wait_until=wait_until)
    body = (built_site / page_path("404", lang)).read_bytes()

    def answer(route):
        route.fulfill(status=404, body=body, content_type="text/html; charset=utf-8")

    page.route(url, answer)
    try:
        return page.goto(url, wait_until=wait_until)
    finally:
        page.unroute(url, answer)


def page_cases() -> list:
    """pytest parameters (kind, lang) for every page type in every language."""
    return [pytest.param(kind, lang.code, id=f"{kind}-{lang.code}")
            for lang in LANGUAGES for kind in PAGE_TYPES]


class Watch:
    """Records, for every page of a browser context, what a clean page never does: a request to a
    host other than the test server, a failed or unsuccessful request, a console error, an
    uncaught script error."""

    def __init__(self, context, site_url: str):
        self.netloc = urlsplit(site_url).netloc
        self.requests: list[str] = []
        self.problems: list[str] = []
        context.on("request", self._request)
        context.on("requestfailed", self._failed)
        context.on("response", self._response)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.problems.append(f"page error: {error.error}"))

    def _request(self, request) -> None:
        self.requests.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob"):
            return  # made inside the page; nothing leaves the browser
        if parts.scheme != "http" or parts.netloc != self.netloc:
            self.problems.append(f"request to another host: {request.url}")

    def _failed(self, request) -> None:
        # ERR_ABORTED is the browser cancelling what a page still loaded when the test moved on.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400 and MISSING not in response.url:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _console(self, message) -> None:
        where = message.location.get("url", "")
        if message.type != "error" or (MISSING in where and "status of 404" in message.text):
            return  # Chromium logs the 404 page's own status; what it loads is checked
        self.problems.append(f"console error: {message.text} at {where}")

    def take(self) -> list[str]:
        """The problems recorded since the last call."""
        found, self.problems = self.problems, []
        return found


def settle(page) -> None:
    """Wait until no CSS transition or animation runs, so colours are measured as readers see them."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')",
                           timeout=5000)


def arrive(page, url: str, act) -> None:
    """Do `act()` (a click, a key) and wait until the page has loaded `url`.

    Not `page.expect_navigation()`: Material's instant navigation records the scroll position with
    history.replaceState 100 ms after the page scrolls, a same-document navigation that Playwright
    may report before the one the action starts (a CI run saw the old address that way).
    """
    act()
    try:
        page.wait_for_url(lambda address: address == url, timeout=15000)
    except PlaywrightTimeout:  # the comparison below shows where the page went instead
        pass
    assert page.url == url
