"""Home page: the question, the three entry points, every method, the latest check date."""

from __future__ import annotations

import re

import pytest

from macros.render.home import home_page
from test_render_support import LANGS, clean, fixture_kb, pages, real_kb, render


@pytest.fixture(params=[pytest.param(fixture_kb, id="fixture"), pytest.param(real_kb, id="real")])
def kb(request):
    return request.param()


@pytest.mark.parametrize("lang", LANGS)
def test_entry_points_and_methods(kb, lang: str) -> None:
    """Links to the tree, the comparison, the bastion guide, the index and every method."""
    page = render(home_page(kb, lang))
    for target in ("decide.md", "compare.md", "bastion.md", "methods/index.md"):
        assert target in page.hrefs
    methods = [h for h in page.hrefs if h.startswith("methods/") and h != "methods/index.md"]
    assert methods == [f"methods/{m.id}.md" for m in kb.methods]
    text = clean(page.text)
    for method in kb.methods:
        assert clean(method.summary.get(lang)) in text


def test_latest_verified_date() -> None:
    """The date shown is the latest check date among methods and sources."""
    kb = fixture_kb()
    assert "the facts were last checked on 2026-11-28." in clean(render(home_page(kb, "en")).text)
    assert "最終確認日は 2026 年 11 月 28 日です。" in clean(render(home_page(kb, "ja")).text)


@pytest.mark.parametrize("lang", LANGS)
def test_no_placeholder_text_on_any_page(lang: str) -> None:
    """No TODO, TBD, lorem ipsum or unfilled {placeholder} on any page this helper renders."""
    for name, render_page in pages(fixture_kb()).items():
        text = render(render_page(lang)).text
        assert not re.search(r"\bTODO\b|\bTBD\b|lorem ipsum|\{[a-z_]+\}", text, re.I), name
