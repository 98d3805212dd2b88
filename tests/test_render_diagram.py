"""Connection-path diagrams (macros/render/diagram.py): escaping, structure, language, real data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from macros.render import diagram as render_diagram
from macros.render.context import Page
from macros.render.i18n import fill
from test_render_support import LANGS, fixture_kb, real_kb

SVG_NS = "{http://www.w3.org/2000/svg}"
KANA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _page(kb, method, lang: str) -> Page:
    return Page(kb, lang, f"methods/{method.id}.md")


def _svg(kb, method, lang: str) -> ET.Element:
    drawing = render_diagram.drawing(_page(kb, method, lang), method)
    text = render_diagram.svg(drawing, f"path-{method.id}")
    # Numeric references from esc() are valid HTML and XML; parse as XML to check well-formedness.
    return ET.fromstring(text)


@pytest.mark.parametrize("lang", LANGS)
def test_fixture_svg_is_well_formed_and_labelled(lang: str) -> None:
    """Hostile fixture text stays text: the SVG parses, has role=img, title and desc ids."""
    kb = fixture_kb()
    for method in kb.methods:
        root = _svg(kb, method, lang)
        assert root.get("role") == "img", f"{method.id}: the svg needs role=img"
        title, desc = root.find(f"{SVG_NS}title"), root.find(f"{SVG_NS}desc")
        assert title is not None and desc is not None, f"{method.id}: missing <title> or <desc>"
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert all(el.tag != f"{SVG_NS}script" for el in root.iter()), f"{method.id}: script"
        assert root.get("width", "").endswith("em"), f"{method.id}: size the svg in em"


def test_every_real_method_has_a_path() -> None:
    """data/kb.yaml: every method carries `path:` with one leg per neighbouring pair of hops."""
    for method in real_kb().methods:
        assert method.path is not None, (
            f"data/kb.yaml: method {method.id} has no path: add `path:` (hops and legs) before "
            "`connect:`; see the schema's `path` definition")
        assert len(method.path.legs) == len(method.path.hops) - 1, (
            f"data/kb.yaml: method {method.id}: path has {len(method.path.hops)} hops and "
            f"{len(method.path.legs)} legs; give one leg per neighbouring pair of hops")


@pytest.mark.parametrize("lang", LANGS)
def test_real_diagram_titles_are_in_the_page_language(lang: str) -> None:
    """Each diagram's <title> is the page language's title; Japanese titles contain Japanese."""
    kb = real_kb()
    for method in kb.methods:
        title = _svg(kb, method, lang).find(f"{SVG_NS}title").text
        want = fill("diagram.title", lang, name=method.name.get(lang))
        assert title == want, f"data/kb.yaml: method {method.id}: title {title!r}, want {want!r}"
        if lang == "ja":
            assert KANA.search(title), f"method {method.id}: the Japanese title has no Japanese"


def test_figure_has_text_list_for_each_hop_and_leg() -> None:
    """The text equivalent lists every hop and every leg, in order."""
    kb = fixture_kb()
    for method in kb.methods:
        html = render_diagram.diagram(_page(kb, method, "en"), method)
        items = html.count("<li>")
        want = len(method.path.hops) + len(method.path.legs)
        assert items == want, f"fixture {method.id}: {items} list items, want {want}"
        assert "\n\n" not in html, f"fixture {method.id}: a blank line would end the raw HTML block"


def test_method_without_path_renders_nothing() -> None:
    """`path:` is optional: no figure at all without it."""
    kb = fixture_kb()
    method = kb.methods[0]
    import dataclasses
    assert render_diagram.diagram(_page(kb, method, "en"),
                                  dataclasses.replace(method, path=None)) == ""


def test_wrap_keeps_lines_within_width() -> None:
    """Wrapped lines fit the width (a single over-long word may not) in both scripts."""
    for text in ("The internet or your own private network", "インターネットまたは独自のプライベート接続"):
        for line in render_diagram.wrap(text, 120):
            assert render_diagram.text_width(line) <= 120 or " " not in line, line
