"""/methods/<id>/ and /methods/: fixed anchors, cited sources, commands, links to other pages."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from macros.kb.kits import attach, kits_of, load_kits
from macros.kb.model import KnowledgeBase, Method
from macros.render.context import Page
from macros.render.kits import kit_links
from macros.render.method import method_page, methods_index
from test_render_support import GOLDEN, clean, fixture_kb, real_kb, render

ANCHORS = ("at-a-glance", "prerequisites", "benefits", "limitations", "how-to-connect",
           "set-up", "when-to-use", "changes", "sources")


@pytest.fixture(params=[pytest.param(fixture_kb, id="fixture"), pytest.param(real_kb, id="real")])
def kb(request) -> KnowledgeBase:
    return request.param()


def cited(kb: KnowledgeBase, method: Method) -> list[str]:
    """Every source id the page for `method` cites, without duplicates."""
    ids = list(method.sources)
    for cap in method.capabilities.values():
        ids += cap.sources
    for fact in (*method.prerequisites, *method.benefits, *method.limitations, *method.changes):
        ids += fact.sources
    for item in (*method.connect, *method.footnotes):
        ids += item.sources
    kit = kits_of(kb).kit(method.id)
    for item in kit.files if kit else ():
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
        assert sorted(ids) == sorted(cited(kb, method)), (method.id, lang)
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
        blocks = [c.rstrip("\n") for c in page.code if c.endswith("\n")]  # not inline code
        kit = kits_of(kb).kit(method.id)
        assert blocks == [s.command for s in method.connect] + \
            [f.text.rstrip("\n") for f in (kit.files if kit else ())], (method.id, lang)
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
        marker = "(unconfirmed)" if lang == "en" else "（未確認）"
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
    assert rows["最大セッション時間"] == "1 時間（3,600 秒）"
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


# ---- the set-up section (macros/render/kits.py) and each step's shell -------------------------

KIT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kits"


def kit_kb() -> KnowledgeBase:
    """The fixture knowledge base with the small kit of tests/fixtures/kits/render/ attached."""
    kb = fixture_kb()
    kits, problems = load_kits(KIT_FIXTURES / "render", kb)
    assert not problems, [p.format() for p in problems]
    return attach(kb, kits)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_set_up_section_matches_golden(lang: str) -> None:
    """The page of a method with a kit, byte for byte (regenerate with UPDATE_GOLDEN=1)."""
    rendered = method_page(kit_kb(), "ec2-instance-connect-endpoint", lang)
    path = GOLDEN / f"method-kit-ec2-instance-connect-endpoint.{lang}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8"), f"{path.name} differs: review and update it"


@pytest.mark.parametrize(("lang", "up"), [("en", "../../"), ("ja", "../../../")])
def test_kit_files_link_to_the_root_copy_in_both_languages(lang: str, up: str) -> None:
    """Each kit file: a heading with a stable anchor, what to adapt, its text in a code block
    and a download link to /kits/<method id>/<file> relative to the page (under /ja/ too)."""
    page = render(method_page(kit_kb(), "ec2-instance-connect-endpoint", lang))
    base = up + "kits/ec2-instance-connect-endpoint/"
    assert [h for h in page.hrefs if "kits/" in h] == [base + "connect-policy.json",
                                                       base + "ssh-config"]
    assert "kit-connect-policy-json" in page.ids and "kit-ssh-config" in page.ids
    title = "Policy <b>to connect</b>" if lang == "en" else "接続用のポリシー <b>太字</b>"
    assert title in page.text and all(tag != "b" for tag, _ in page.tags)  # shown, never markup
    adapt = "Replace 111122223333 with your account ID." if lang == "en" else \
        "111122223333 をアカウント ID に置き換えます。"
    assert any(clean(i.text) == adapt for i in page.list_items)


def test_a_method_without_kit_says_so() -> None:
    """The set-up anchor exists on every page; without a kit it says there are no files."""
    page = render(method_page(kit_kb(), "session-manager", "en"))
    assert "set-up" in page.ids
    assert "This guide publishes no set-up files for this method." in clean(page.text)


def test_kit_links_for_other_pages() -> None:
    """kit_links lists a method's kit files from any page; nothing for a method without a kit."""
    kb = kit_kb()
    assert kit_links(Page(kb, "ja", "bastion.md"), "ec2-instance-connect-endpoint").split("\n") == [
        '- <a href="../../kits/ec2-instance-connect-endpoint/connect-policy.json" download>'
        "接続用のポリシー &lt;b&gt;太字&lt;/b&gt;</a> (<code>connect-policy.json</code>)",
        '- <a href="../../kits/ec2-instance-connect-endpoint/ssh-config" download>SSH の設定</a> '
        "(<code>ssh-config</code>)"]
    assert kit_links(Page(kb, "en", "decide.md"), "bastion-host") == ""


@pytest.mark.parametrize(("shell", "label", "language"), [
    ("posix", "Linux and macOS (bash, zsh)", "bash"),
    ("powershell", "Windows (PowerShell)", "powershell"),
    ("cmd", "Windows (Command Prompt)", "text"),
    ("ssh-config", "~/.ssh/config", "ssh-config"),
    ("any", None, "bash"),
])
def test_step_shell_label_and_code_language(shell: str, label: str | None, language: str) -> None:
    """A step's shell becomes a label above its code block and the block's language."""
    kb = fixture_kb()
    method = kb.method("ec2-instance-connect-endpoint")
    step = dataclasses.replace(method.connect[0], shell=shell)
    kb = dataclasses.replace(kb, methods=tuple(
        dataclasses.replace(m, connect=(step,)) if m is method else m for m in kb.methods))
    text = method_page(kb, method.id, "en")
    section = text[text.index("{ #connect-1 }"):text.index("{ #set-up }")]
    fence = f"```{language}\n{step.command}\n```"
    assert fence in section, section
    assert ("**" in section) == (label is not None), section
    if label is not None:
        assert clean(render(section).text).count(label) == 1, section
