"""Helpers for the renderer tests: both knowledge bases, Markdown to HTML, parsed HTML.

No tests live here; tests/test_render_*.py import these helpers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

import markdown
import pytest
import yaml

from macros.kb.load import load_kb
from macros.kb.model import KnowledgeBase
from macros.pages import page_type, rendered

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "render_kb.yaml"
REAL_KB = ROOT / "data" / "kb.yaml"
GOLDEN = ROOT / "tests" / "golden"
LANGS = ("en", "ja")
# The Markdown extensions the site enables that change how our output is parsed.
EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "admonition", "pymdownx.superfences"]


def fixture_kb() -> KnowledgeBase:
    """The hand-made knowledge base with hostile strings."""
    return KnowledgeBase.from_data(yaml.safe_load(FIXTURE.read_text(encoding="utf-8")))


def real_kb() -> KnowledgeBase:
    """data/kb.yaml, loaded and validated as the site loads it; skipped while it has no methods."""
    kb = _load_real()
    if not kb.methods:
        pytest.skip("data/kb.yaml has no methods yet")
    return kb


@functools.lru_cache(maxsize=1)
def _load_real() -> KnowledgeBase:
    return load_kb(REAL_KB)


# Page types pinned elsewhere: /decide/, /api/ and the scenario pages by tests/test_tree_page.py
# and tests/test_scenarios.py (their output follows the tree, which those tests compute).
NOT_GOLDEN = frozenset({"decide", "api", "scenarios-index", "scenario"})


def pages(kb: KnowledgeBase) -> dict[str, Callable[[str], str]]:
    """Every page of the registry (macros/pages.py) pinned by a golden file: stem -> function(lang)."""
    return {stem: render for stem, render in rendered(kb).items()
            if not any(stem == key or (page_type(key).generated and stem.startswith(f"{key}-"))
                       for key in NOT_GOLDEN)}


def to_html(text: str) -> str:
    """Render page Markdown the way the site's Markdown extensions would."""
    return markdown.markdown(text, extensions=EXTENSIONS)


@dataclass
class Cell:
    """One table cell: its visible text without footnote/source markers, and what it links to."""

    text: str = ""
    marker_links: list[str] = field(default_factory=list)  # hrefs inside <sup>
    links: list[str] = field(default_factory=list)  # other hrefs
    ids: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=lambda: [""])  # text split at <br>


@dataclass
class Page:
    """What the tests look at in a rendered page."""

    tags: list[tuple[str, dict]] = field(default_factory=list)
    text: str = ""
    ids: list[str] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)
    tables: list[list[list[Cell]]] = field(default_factory=list)  # tables -> rows -> cells
    code: list[str] = field(default_factory=list)
    list_items: list[Cell] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.cell: Cell | None = None
        self.item_stack: list[Cell] = []
        self.sup = 0
        self.in_code = False
        self.in_script = 0  # <script> and <style> hold no text a reader sees

    def _targets(self) -> list[Cell]:
        return ([self.cell] if self.cell else []) + self.item_stack

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.page.tags.append((tag, attrs))
        if "id" in attrs:
            self.page.ids.append(attrs["id"])
            for target in self._targets():
                target.ids.append(attrs["id"])
        if tag in ("script", "style"):
            self.in_script += 1
        elif tag == "table":
            self.page.tables.append([])
        elif tag == "tr":
            self.page.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = Cell()
            self.page.tables[-1][-1].append(self.cell)
        elif tag == "li":
            self.item_stack.append(Cell())
        elif tag == "sup":
            self.sup += 1
        elif tag == "br":
            for target in self._targets():
                target.lines.append("")
        elif tag == "code":
            self.in_code = True
            self.page.code.append("")
        elif tag == "a" and "href" in attrs:
            self.page.hrefs.append(attrs["href"])
            for target in self._targets():
                (target.marker_links if self.sup else target.links).append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.in_script -= 1
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "li" and self.item_stack:
            self.page.list_items.append(self.item_stack.pop())
        elif tag == "sup":
            self.sup -= 1
        elif tag == "code":
            self.in_code = False

    def handle_data(self, data):
        if self.in_script:
            return
        self.page.text += data
        if self.in_code:
            self.page.code[-1] += data
        if self.sup:
            return
        for target in self._targets():
            target.text += data
            target.lines[-1] += data


def parse(html: str) -> Page:
    """Parse rendered HTML into a Page."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def render(text: str) -> Page:
    """Markdown -> HTML -> Page."""
    return parse(to_html(text))


def clean(text: str) -> str:
    """Collapse whitespace, as a browser shows it."""
    return " ".join(text.split())
