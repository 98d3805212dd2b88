"""/decide/: the widget walks the published JSON tree, the outline is the whole tree, all escaped."""

from __future__ import annotations

import html
import json
import re

import markdown
import pytest

from macros.decide import api, tree as tree_mod

from macros.kb.kits import kits_of
from macros.render import decide as render_decide
from macros.render.context import Page
from test_engine_support import HOSTILE, LANGS, all_paths, hostile_kb, real_kb, real_tree

DATA_WIDGET = re.compile(r'<div class="decide" data-decide data-widget="([^"]*)">')
# Where /api/v1/decision-tree.json is from /decide/ and from /ja/decide/ (served once, at the root).
TREE_URL = {"en": "../api/v1/decision-tree.json", "ja": "../../api/v1/decision-tree.json"}


@pytest.fixture(scope="module", params=LANGS)
def page(request):
    return request.param, render_decide.decide_page(real_kb(), request.param)


def test_the_widget_walks_the_published_tree(page):
    lang, text = page
    (raw,) = DATA_WIDGET.findall(text)
    data = json.loads(html.unescape(raw))
    assert data == render_decide.widget_data(Page(real_kb(), lang, render_decide.PAGE), real_tree())
    # decide.js fetches /api/v1/decision-tree.json and reads it in the page's language: no second
    # copy of the nodes in the page.
    assert data["tree"] == TREE_URL[lang]
    assert (data["lang"], data["languages"]) == (lang, list(LANGS))
    assert "nodes" not in data and "reasons" not in data
    kb = real_kb()
    assert data["help"] == {q.key: q.help.get(lang) for q in kb.questions}
    sm = kb.method("session-manager")
    assert data["info"]["session-manager"] == {
        "name": sm.name.get(lang), "url": "../methods/session-manager/",
        "cost": render_decide.cost_text(Page(kb, lang, render_decide.PAGE), sm),
        "caveat": None if sm.caveat is None else api.caveat_id(kb, sm.id),
        "setup": kits_of(kb).kit(sm.id) is not None}
    assert set(data["info"]) == {m.id for m in kb.methods}
    assert data["bastion"] == {"url": "../bastion/", "question": "iam_audit", "answer": "yes"}
    assert set(data["ui"]) >= {"change", "start_over", "why_not", "announce", "none", "stale",
                               "why", "caveat", "cost", "next", "for_administration", "for_bulk",
                               "setup", "by_default"}
    size = len(raw.encode())
    assert size < 20_000, f"the widget's data is {size:,} bytes in the page"


def test_the_outline_has_every_path_and_links_every_result(page):
    lang, text = page
    kb, paths = real_kb(), all_paths(real_tree())
    # Folded by branch: one closed <details> per answer to the first question, whose answer is
    # in the summary, so each list starts one level down.
    outline = text.split('<details class="decide-outline" markdown="1" data-search-exclude>', 1)[1]
    label = {"en": "**Recommended:**", "ja": "**おすすめ:**"}[lang]
    results = [line for line in outline.splitlines() if label in line]
    assert len(results) == sum(1 for _, r in paths if r.recommend)
    assert len(re.findall(r"^\s*- .*\*\*.*\*\*", outline, re.M)) >= len(paths)
    for (path, result), line in zip([p for p in paths if p[1].recommend], results):
        links = re.findall(r"\]\(methods/([a-z0-9-]+)\.md\)", line)
        assert links == list(result.recommend), path
        assert ({"en": "**Pair:**", "ja": "**使い分け:**"}[lang] in line) == bool(result.pair), path
        assert line.index("- ") == 4 * (len(path) - 1), path


def test_the_page_explains_ranking_and_links(page):
    lang, text = page
    kb = real_kb()
    for c in kb.ranking.criteria:
        assert c.label.get(lang).replace("(", "&#40;").replace(")", "&#41;") in text
    # Why each method ranks where it does, and its caveat, are on the page without JavaScript.
    ranking = text.split("{ #ranking }", 1)[1].split("{ #links }", 1)[0]
    for m in kb.methods:
        assert f"](methods/{m.id}.md)" in ranking, m.id
        if m.caveat is not None:
            assert render_decide.caveat_md(Page(kb, lang, "decide.md"), m.id) in ranking, m.id
    assert "{ #ranking }" in text and "{ #links }" in text and "{ #whole-tree }" in text
    walked = tree_mod.walk(real_tree(), kb.scenarios[0].all_answers(kb.questions))
    assert f"](decide.md?{render_decide.query(walked.path)})" in text
    for q in kb.questions:
        assert f"| <code>{q.key.replace('_', '&#95;')}</code> |" in text


def test_the_page_renders_as_html_with_the_outline_in_details(page):
    lang, text = page
    body = markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables", "toc"])
    folds = body.count('<details class="decide-outline" data-search-exclude="data-search-exclude">')
    assert folds == len(real_tree().root.branches), (
        f"/decide/: {folds} outline folds; want one closed <details> per answer to the first question")
    assert "<noscript>" in body, "/decide/: no <noscript> note for readers without JavaScript"
    assert '<div class="decide" data-decide data-widget="' in body
    assert 'href="methods/ec2-serial-console.md"' in body
    assert "<script" not in body


def test_data_text_is_escaped_everywhere():
    kb = hostile_kb()
    for lang in LANGS:
        text = render_decide.decide_page(kb, lang)
        (raw,) = DATA_WIDGET.findall(text)
        assert "<script>" not in raw and '"' not in raw
        # Outside the raw-HTML attribute (which Markdown and macros leave alone), no live markup.
        rest = text.replace(raw, "")
        assert "<script>" not in rest and "{{" not in rest and "**bold**" not in rest
        data = json.loads(html.unescape(raw))
        # In the widget's data the text is intact: decide.js only ever sets textContent.
        assert data["info"]["rdp-client"]["name"].endswith(HOSTILE)
        # ...and in the published tree it walks.
        assert any(r[lang].endswith(HOSTILE) for r in api.decision_tree(kb)["reasons"].values())
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
