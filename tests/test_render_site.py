"""The renderer's pages as MkDocs really builds them: anchors, row ids, no escaping artefacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_render_support import parse, real_kb

TABLES = ("os-and-ports", "prerequisites", "benefits", "limitations", "capabilities")
METHOD_ANCHORS = ("at-a-glance", "prerequisites", "benefits", "limitations", "how-to-connect",
                  "when-to-use", "changes", "sources")
LANG_DIRS = {"en": "", "ja": "ja/"}


def _page(site: Path, lang: str, path: str):
    html = (site / LANG_DIRS[lang] / path / "index.html").read_text(encoding="utf-8")
    article = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return article, parse(article)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_built_compare_has_every_anchor(built_site: Path, lang: str) -> None:
    """/compare/ carries the five table anchors and one row anchor per method and table."""
    kb = real_kb()
    _, page = _page(built_site, lang, "compare")
    for table in TABLES:
        assert table in page.ids
        for method in kb.methods:
            assert f"{table}-{method.id}" in page.ids


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_built_method_pages_have_their_anchors(built_site: Path, lang: str) -> None:
    """Every method page has the eight section anchors; Japanese pages cite /ja_jp/ URLs."""
    kb = real_kb()
    for method in kb.methods:
        _, page = _page(built_site, lang, f"methods/{method.id}")
        assert [i for i in page.ids if i in METHOD_ANCHORS] == list(METHOD_ANCHORS), method.id
        sources = [h for h in page.hrefs if h.startswith("https://docs.aws.amazon.com/")]
        assert sources
        assert all(("/ja_jp/" in h) == (lang == "ja") for h in sources), method.id


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_escaping_artefacts_in_built_pages(built_site: Path, lang: str) -> None:
    """No double-escaped entity, stray attr_list or template syntax reaches a reader."""
    kb = real_kb()
    paths = ["", "compare", "methods", "bastion"] + [f"methods/{m.id}" for m in kb.methods]
    for path in paths:
        article, page = _page(built_site, lang, path)
        assert "&amp;#" not in article, path
        prose = page.text
        for code in page.code:  # commands may legitimately hold braces
            prose = prose.replace(code, "")
        for needle in ("&#", "&lt;", "&gt;", "{ #", "{{", "}}", "{%"):
            assert needle not in prose, (path, needle)
