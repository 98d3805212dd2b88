"""/decide/: the widget's embedded tree is the JSON tree, the outline is the whole tree, all escaped."""

from __future__ import annotations

import html
import json
import re

import markdown
import pytest

from macros import api, render_decide, tree as tree_mod
from test_engine_support import HOSTILE, LANGS, all_paths, hostile_kb, real_kb, real_tree

DATA_TREE = re.compile(r'<div class="decide" data-decide data-tree="([^"]*)" hidden></div>')


def expand(data, lang_index, index=0, excluded=(), path=()):
    """Turn the widget's shared nodes back into the spec's NODE, texts in the page's language."""
    node = data["nodes"][index]
    if "ask" in node:
        return {"ask": node["ask"], "answers": {
            a: expand(data, lang_index, child, excluded + tuple(ex), path + (f"{node['ask']}={a}",))
            for a, (child, ex) in node["answers"].items()}}
    out = {"recommend": node["recommend"], "excluded": [
        {"method": m, "question": q, "answer": a, "reason": r}
        for m, q, a, r in (data["exclusions"][i] for i in sorted(excluded))]}
    if not node["recommend"]:
        out["reconsider"] = [{"question": q, "answer": a, "instead": [
            {"answer": b, "recommend": ids} for b, ids in instead]}
            for q, a, instead in (data["reconsider_entries"][i]
                                  for i in data["reconsider"]["&".join(path)])]
    return out


def in_language(node, lang):
    """The spec NODE with every reason reduced to one language."""
    if "ask" in node:
        return {"ask": node["ask"], "answers": {k: in_language(v, lang) for k, v in node["answers"].items()}}
    return {**node, "excluded": [{**e, "reason": e["reason"][lang]} for e in node["excluded"]]}


@pytest.fixture(scope="module", params=LANGS)
def page(request):
    return request.param, render_decide.decide_page(real_kb(), request.param)


def test_the_embedded_tree_is_the_json_tree(page):
    lang, text = page
    (raw,) = DATA_TREE.findall(text)
    data = json.loads(html.unescape(raw))
    assert data == render_decide.widget_data(real_tree(), lang)
    assert expand(data, lang) == in_language(api.decision_tree(real_kb())["tree"], lang)
    kb = real_kb()
    assert [q["key"] for q in data["questions"]] == [q.key for q in kb.questions]
    assert data["methods"]["session-manager"] == {
        "name": kb.method("session-manager").name.get(lang), "url": "../methods/session-manager/"}
    assert set(data["ui"]) >= {"change", "start_over", "why_not", "announce", "none"}


def test_the_outline_has_every_path_and_links_every_result(page):
    lang, text = page
    kb, paths = real_kb(), all_paths(real_tree())
    outline = text.split('<details class="decide-outline" open markdown="1" data-search-exclude>', 1)[1]
    label = {"en": "**Recommended:**", "ja": "**おすすめ:**"}[lang]
    results = [line for line in outline.splitlines() if label in line]
    assert len(results) == sum(1 for _, r in paths if r.recommend)
    assert len(re.findall(r"^\s*- .*\*\*.*\*\*", outline, re.M)) >= len(paths)
    for (path, result), line in zip([p for p in paths if p[1].recommend], results):
        links = re.findall(r"\]\(methods/([a-z0-9-]+)\.md\)", line)
        assert links == list(result.recommend), path
        assert line.index("- ") == 4 * len(path)


def test_the_page_explains_ranking_and_links(page):
    lang, text = page
    kb = real_kb()
    for c in kb.ranking.criteria:
        assert c.label.get(lang).replace("(", "&#40;").replace(")", "&#41;") in text
    assert "{ #ranking }" in text and "{ #links }" in text and "{ #whole-tree }" in text
    walked = tree_mod.walk(real_tree(), kb.scenarios[0].all_answers(kb.questions))
    assert f"](decide.md?{render_decide.query(walked.path)})" in text
    for q in kb.questions:
        assert f"| <code>{q.key.replace('_', '&#95;')}</code> |" in text


def test_the_page_renders_as_html_with_the_outline_in_details(page):
    lang, text = page
    body = markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables", "toc"])
    assert body.count('<details class="decide-outline" data-search-exclude="data-search-exclude" '
                      'open="open">') == 1
    assert '<div class="decide" data-decide data-tree="' in body
    assert 'href="methods/ec2-serial-console.md"' in body
    assert "<script" not in body


def test_data_text_is_escaped_everywhere():
    kb = hostile_kb()
    for lang in LANGS:
        text = render_decide.decide_page(kb, lang)
        (raw,) = DATA_TREE.findall(text)
        assert "<script>" not in raw and '"' not in raw
        # Outside the raw-HTML attribute (which Markdown and macros leave alone), no live markup.
        rest = text.replace(raw, "")
        assert "<script>" not in rest and "{{" not in rest and "**bold**" not in rest
        data = json.loads(html.unescape(raw))
        # In the widget's data the text is intact: decide.js only ever sets textContent.
        assert data["methods"]["rdp-client"]["name"].endswith(HOSTILE)
        assert any(e[3].endswith(HOSTILE) for e in data["exclusions"])
        body = markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables", "toc"])
        assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        api_text = render_decide.api_page(kb, lang)
        assert "<script>" not in api_text.split("```")[0]


def test_urls_between_pages():
    assert render_decide.page_url("decide.md") == "decide/"
    assert render_decide.page_url("methods/index.md") == "methods/"
    assert render_decide.url_from("decide.md", "methods/ssh-client.md") == "../methods/ssh-client/"
    assert render_decide.url_from("scenarios/x.md", "decide.md") == "../../decide/"
    assert render_decide.query((("os", "linux"), ("ui", "terminal"))) == "v=1&os=linux&ui=terminal"
