"""/methods/<id>/ and /methods/: fixed anchors, cited sources, commands, links to other pages."""

from __future__ import annotations

import re

import pytest

from macros.model import KnowledgeBase, Method
from macros.render_method import method_page, methods_index
from test_render_support import clean, fixture_kb, real_kb, render

ANCHORS = ("at-a-glance", "prerequisites", "benefits", "limitations", "how-to-connect",
           "when-to-use", "changes", "sources")


@pytest.fixture(params=[pytest.param(fixture_kb, id="fixture"), pytest.param(real_kb, id="real")])
def kb(request) -> KnowledgeBase:
    return request.param()


def cited(method: Method) -> list[str]:
    """Every source id the page for `method` cites, without duplicates."""
    ids = list(method.sources)
    for cap in method.capabilities.values():
        ids += cap.sources
    for fact in (*method.prerequisites, *method.benefits, *method.limitations, *method.changes):
        ids += fact.sources
    for item in (*method.connect, *method.footnotes):
        ids += item.sources
    return list(dict.fromkeys(ids))


def _pages(kb: KnowledgeBase):
    for method in kb.methods:
        for lang in ("en", "ja"):
            yield method, lang, render(method_page(kb, method.id, lang))


def test_anchors_in_order(kb: KnowledgeBase) -> None:
    """The eight section anchors exist, in the contract's order, in both languages."""
    for method, lang, page in _pages(kb):
        found = [i for i in page.ids if i in ANCHORS]
        assert found == list(ANCHORS), (method.id, lang)


def test_sources_list_every_cited_source_in_the_page_language(kb: KnowledgeBase) -> None:
    """The Sources list holds every cited source, linked in the page's language, numbered so
    that each small marker number points to the same URL as the list entry with that number."""
    for method, lang, page in _pages(kb):
        entries = [item for item in page.list_items
                   if any(i.startswith("source-") for i in item.ids)]
        ids = [next(i for i in item.ids if i.startswith("source-"))[7:] for item in entries]
        assert sorted(ids) == sorted(cited(method)), (method.id, lang)
        assert ids[:len(method.sources)] == list(method.sources)
        urls = [item.links[0] for item in entries]
        assert urls == [kb.source(i).url(lang) for i in ids]
        if lang == "ja":
            assert all(u == kb.source(i).url_ja for u, i in zip(urls, ids))
        numbered = dict(enumerate(urls, start=1))
        html_markers = re.findall(r'<sup>(.*?)</sup>', method_page(kb, method.id, lang))
        for sup in html_markers:
            for url, number in re.findall(r'<a href="([^"]+)"[^>]*>(\d+)</a>', sup):
                assert numbered[int(number)] == url.replace("&amp;", "&")


def test_commands_and_steps(kb: KnowledgeBase) -> None:
    """Each step is an H3 with a stable anchor followed by its command, verbatim."""
    for method, lang, page in _pages(kb):
        assert [c.rstrip("\n") for c in page.code] == [s.command for s in method.connect]
        for number in range(1, len(method.connect) + 1):
            assert f"connect-{number}" in page.ids


def test_links_to_compare_decide_and_alternatives(kb: KnowledgeBase) -> None:
    """The page links to its compare row, the decision tree, and each avoid_when alternative."""
    for method, lang, page in _pages(kb):
        assert f"../compare.md#capabilities-{method.id}" in page.hrefs
        assert "../decide.md" in page.hrefs
        for alt in method.avoid_when:
            if alt.instead:
                assert f"{alt.instead}.md" in page.hrefs


def test_unconfirmed_facts_are_labelled(kb: KnowledgeBase) -> None:
    """Every unconfirmed fact carries the marker, and the page explains the marker."""
    for method, lang, page in _pages(kb):
        marker = "(unconfirmed)" if lang == "en" else "(未確認)"
        facts = [f for f in (*method.prerequisites, *method.benefits, *method.limitations,
                             *method.changes) if f.unconfirmed]
        for fact in facts:
            item = next(i for i in page.list_items if clean(fact.text.get(lang)) in clean(i.text))
            assert marker in clean(item.text)
        any_marked = facts or any(c.unconfirmed for c in method.capabilities.values())
        assert ("unconfirmed" in page.ids) == bool(any_marked)


def test_changes_section_says_when_nothing_changed() -> None:
    """A method without changes says so explicitly, with its check date."""
    kb = fixture_kb()
    page = render(method_page(kb, "ec2-instance-connect-endpoint", "en"))
    assert "Nothing has changed for this method since the article was written (checked on " \
           "2026-11-28)." in clean(page.text)
    page = render(method_page(kb, "session-manager", "ja"))
    assert "2024 <i>以降:" in clean(page.text)


def test_at_a_glance_shows_verified_date_and_capabilities() -> None:
    """The glance table has OS, client, port, tools and every capability row; the date follows."""
    kb = fixture_kb()
    page = render(method_page(kb, "ec2-instance-connect-endpoint", "ja"))
    rows = {clean(r[0].text): clean(r[1].text) for r in page.tables[0][1:]}
    assert rows["インスタンスの OS"] == "Linux、Windows"
    assert rows["最大セッション時間"] == "1 時間 (3,600 秒)"
    assert rows["大量データ転送"] == "向かない大量のデータ転送はスロットリングされます"
    assert len(rows) == 4 + 14
    assert "このページの内容は 2026 年 11 月 28 日に AWS ドキュメントと照合しました。" in clean(page.text)


def test_unknown_method_fails_loudly() -> None:
    """An id not in the knowledge base raises KeyError naming it."""
    with pytest.raises(KeyError, match="no-such-method"):
        method_page(fixture_kb(), "no-such-method", "en")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_methods_index_lists_every_method(kb: KnowledgeBase, lang: str) -> None:
    """/methods/ has one row per method: link to its page, instance OS, summary."""
    page = render(methods_index(kb, lang))
    rows = page.tables[0][1:]
    assert [r[0].links for r in rows] == [[f"{m.id}.md"] for m in kb.methods]
    assert [clean(r[2].text) for r in rows] == [clean(m.summary.get(lang)) for m in kb.methods]
    sep = ", " if lang == "en" else "、"
    names = {"linux": "Linux", "windows": "Windows", "macos": "macOS"}
    assert [clean(r[1].text) for r in rows] == \
        [sep.join(names[o] for o in m.cap("instance_os")) for m in kb.methods]
    assert str(len(kb.methods)) in page.text
