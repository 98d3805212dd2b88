"""/decide/: the interactive widget's data, the whole tree as a readable outline, and the rules.

The widget (overrides/assets/javascripts/decide.js) only walks the tree computed here; without
JavaScript the outline below it is the same tree, written out, with every result linked.
"""

from __future__ import annotations

import json
import posixpath

from macros.decide import api, engine, tree as tree_mod
from macros.kb.kits import kits_of
from macros.kb.model import (AGENTS, CAPABILITY_KINDS, CLIENT_OSES, INSTANCE_OSES, INTERFACES,
                             REACHES, SESSION_LOGGING, SSH_KEYS, KnowledgeBase, Method, Text)
from macros.languages import LANGUAGES, language
from macros.render.context import Page
from macros.render.i18n import T
from macros.render.text import attr, code_block, esc

PAGE = "decide.md"
API_PAGE = "api.md"


def page_url(src: str) -> str:
    """The output URL path of source page `src` ('methods/x.md' -> 'methods/x/')."""
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def url_from(from_page: str, to_page: str) -> str:
    """Relative URL between two pages' outputs, for raw HTML and the widget (not checked by MkDocs)."""
    here = page_url(from_page) or "."
    return posixpath.relpath(page_url(to_page) or ".", here).rstrip("/") + "/"


def query(path: tuple[tuple[str, str], ...]) -> str:
    """The /decide/ query string for an answered path (CONTRACT.md 5.3)."""
    return "&".join(["v=1"] + [f"{q}={a}" for q, a in path])


def method_md(page: Page, method_id: str, anchor: str | None = None) -> str:
    """Markdown link from `page` to a method page, so MkDocs checks the target (and anchor)."""
    return page.method_link(page.kb.method(method_id), anchor)


# The answer that says the reader is replacing a bastion (its purposes: IAM control, central
# logs); results given with it link to the /bastion/ guide as a next step.
BASTION_ANSWER = ("iam_audit", "yes")


def why_labels(page: Page, result: engine.Result, method_id: str) -> list[str]:
    """Escaped reasons a recommended method ranks where it does: its job in a pair, then the
    ranking criteria it meets (the caveat is separate: see caveat_md)."""
    job = result.job(method_id)
    labels = [page.t(f"job.{job}")] if job else []
    return labels + [page.text(c.label) for c in engine.met(page.kb, method_id)]


def caveat_md(page: Page, method_id: str) -> str | None:
    """A method's main caveat with a link to its limitations, or None while it has none."""
    caveat = page.kb.method(method_id).caveat
    if caveat is None:
        return None
    mark = page.paren(page.t("mark.unconfirmed")) if caveat.unconfirmed else ""
    link = page.rel(f"methods/{method_id}.md", "limitations")
    return page.text(caveat.text) + mark + page.paren(f"[{page.t('r.limits')}]({link})")


def cost_text(page: Page, method: Method) -> str:
    """What a method costs, as plain text: the extra-cost value and its note."""
    cap = method.capabilities["extra_cost"]
    value = "true" if cap.value else "false"
    text = f"{page.t('cap.extra_cost')}: {page.t('val.extra_cost.' + value)}"
    if cap.unconfirmed:
        text += page.paren(page.t("mark.unconfirmed"))
    if cap.note is not None:
        stop = "." if page.lang == "en" else "。"
        text += page.t("sep.sentence").join([stop, cap.note.get(page.lang)])
    return text


def cost_md(page: Page, method: Method) -> str:
    """cost_text escaped as a whole for Markdown, its UI words included."""
    return esc(cost_text(page, method))


def tree_url(page: Page) -> str:
    """The address of /api/v1/decision-tree.json from this page (served once, at the site root)."""
    return posixpath.relpath("api/v1/decision-tree.json",
                             posixpath.join(language(page.lang).path, page_url(page.path)))


def widget_data(page: Page, tr: tree_mod.Tree) -> dict:
    """What the widget needs beside decision-tree.json: help texts, names, links, costs, UI words."""
    # The tree itself is /api/v1/decision-tree.json, fetched by decide.js: the widget walks the
    # published nodes (both languages, one file cached across pages) instead of a second copy in
    # the page. JSON, not Markdown: the texts stay unescaped (decide.js sets textContent only).
    kb, lang = tr.kb, page.lang
    return {
        "tree": tree_url(page),
        "lang": lang,
        "languages": [x.code for x in LANGUAGES],
        "help": {q.key: q.help.get(lang) for q in kb.questions},
        "info": {m.id: {"name": m.name.get(lang),
                        "url": url_from(page.path, f"methods/{m.id}.md"),
                        "cost": cost_text(page, m),
                        "caveat": None if m.caveat is None else api.caveat_id(kb, m.id),
                        "setup": kits_of(kb).kit(m.id) is not None}
                 for m in kb.methods},
        "bastion": {"url": url_from(page.path, "bastion.md"), "question": BASTION_ANSWER[0],
                    "answer": BASTION_ANSWER[1]},
        # The w.* strings, and the brackets the pages use (decide.js puts links where {text} is).
        "ui": {**{key[2:]: text[lang] for key, text in T.items() if key.startswith("w.")},
               "paren": page.t("paren")},
    }


def gap(name: str) -> str:
    """The space Japanese text leaves between a name and the particle after it ("PuTTY は")."""
    return " " if name[-1:].isascii() and name[-1:].isalnum() else ""


def _name_gap(page: Page, method_id: str) -> str:
    """gap() after a method's name as written (unescaped) in the page's language."""
    return gap(page.kb.method(method_id).name.get(page.lang))


def _exclusions(page: Page, excluded) -> list[str]:
    """['Rules out A and B: reason.', 'Rules out C: reason.'] for one answer of the outline: one
    line each (the reasons are whole sentences; in one line they ran on)."""
    groups: dict[str, tuple[Text, list[str]]] = {}  # by the reason's text: one line each
    for e in excluded:
        groups.setdefault(e.reason.get(page.lang), (e.reason, []))[1].append(e.method)
    return [page.t("outline.rules_out").format(
        names=page.t("sep.list").join(page.text(page.kb.method(m).name) for m in ids),
        gap=_name_gap(page, ids[-1]), reason=page.text(reason)) for reason, ids in groups.values()]


def _lines(first: str, more: list[str]) -> str:
    """Lines of one list item or paragraph, each after a line break."""
    return "<br>".join([first, *more])


def change_md(page: Page, r: engine.Reconsider) -> list[str]:
    """For an empty result: each other answer to r.question and the methods it would leave."""
    q = page.kb.question(r.question)
    return [page.t("outline.change").format(
        question=page.text(q.text), answer=page.text(q.answer(a).text),
        links=page.t("sep.list").join(method_md(page, m) for m in ids)) for a, ids in r.instead]


def _leaf_md(page: Page, result: engine.Result, pad: str) -> list[str]:
    """The outline lines of a leaf: the ranked methods (and the pair on a line of its own), or
    that nothing fits with each answer to change as an item of its own."""
    if result.recommend:
        links = page.t("sep.list").join(method_md(page, m) for m in result.recommend)
        line = page.t("outline.recommended").format(links=links)
        if result.pair:
            jobs = dict(result.pair)
            line = _lines(line, [page.fill(
                "outline.pair", admin=page.text(page.kb.method(jobs[engine.ADMINISTRATION]).name),
                bulk=page.text(page.kb.method(jobs[engine.BULK]).name))])
        return [f"{pad}- {line}"]
    changes = [line for r in result.reconsider for line in change_md(page, r)]
    return [f"{pad}- {page.t('outline.none')}", *(f"{pad}    - {c}" for c in changes)]


def first_question_html(page: Page, tr: tree_mod.Tree) -> str:
    """The widget's first screen in the HTML the server sends, in the markup decide.js renders
    (Widget.renderQuestion, first widget on the page: ids "decide-1-..."), so the script takes
    over without moving anything. Empty when the tree asks nothing."""
    if tr.root.ask is None:
        return '<div class="decide__body"></div>'
    q = tr.kb.question(tr.root.ask)
    buttons = "".join(f'<button type="button" data-answer="{attr(a.key)}" class="md-button">'
                      f"{page.text(a.text)}</button>" for a in q.answers)
    return ('<div class="decide__body"><fieldset class="decide__question" '
            f'data-question="{attr(q.key)}" aria-describedby="decide-1-help"><legend>'
            f'<h2 tabindex="-1" data-focus="">{page.text(q.text)}</h2></legend>'
            f'<p id="decide-1-help" class="decide__help">{page.text(q.help)}</p>'
            f'<div class="decide__answers">{buttons}</div></fieldset></div>')


def folded_outline(page: Page, tr: tree_mod.Tree) -> list[str]:
    """The outline folded by branch: one closed <details> per answer to the first question, so a
    reader opens only the branch of their first answer (the whole tree is tens of thousands of
    pixels tall)."""
    kb, root = tr.kb, tr.root
    if root.ask is None:
        return [outline(page, tr), ""]
    q, out = kb.question(root.ask), []
    for b in root.branches:
        summary = page.t("outline.branch").format(question=page.text(q.text),
                                                  answer=page.text(q.answer(b.answer).text))
        sub = tree_mod.Tree(kb=kb, root=b.node, unique_nodes=tr.unique_nodes)
        body = outline_from(page, sub, ((root.ask, b.answer),), b.excluded)
        # The answer's exclusions open the branch, under the summary (a summary stays short).
        ruled_out = _exclusions(page, b.excluded)
        lead = [_lines(ruled_out[0], ruled_out[1:]), ""] if ruled_out else []
        # Every path repeats the same names: kept out of the search index, which would drown in it.
        out += ['<details class="decide-outline" markdown="1" data-search-exclude>',
                f'<summary markdown="span">{summary}</summary>',
                "", *lead, body, "", "</details>", ""]
    return out


def outline(page: Page, tr: tree_mod.Tree) -> str:
    """The whole tree as nested Markdown lists: one item per answer, each leaf's result inside."""
    return outline_from(page, tr, (), ())


def outline_from(page: Page, tr: tree_mod.Tree, start_path: tuple, start_excluded: tuple) -> str:
    """The subtree at tr.root as nested Markdown lists, reached by `start_path` with the
    exclusions `start_excluded` on the way."""
    kb, lines = tr.kb, []

    def visit(node, depth, path, excluded):
        """Append the lines of `node`'s subtree, indented `depth` levels."""
        pad = "    " * depth
        if node.ask is None:
            result = tree_mod.leaf_result(tr, path, node, excluded)
            lines.extend(_leaf_md(page, result, pad))
            return
        q = kb.question(node.ask)
        for b in node.branches:
            answer = page.text(q.answer(b.answer).text)
            lines.append(f"{pad}- " + _lines(f"{page.text(q.text)} **{answer}**",
                                             _exclusions(page, b.excluded)))
            visit(b.node, depth + 1, path + ((node.ask, b.answer),), excluded + b.excluded)

    visit(tr.root, 0, start_path, start_excluded)
    return "\n".join(lines)


def _ranking_md(page: Page) -> list[str]:
    kb = page.kb
    criteria = [f"{i}. {page.text(c.label)}" for i, c in enumerate(kb.ranking.criteria, 1)]
    order = [f"{i}. {method_md(page, m)}" for i, m in enumerate(kb.ranking.order, 1)]
    rows = [f"| {page.t('r.col.method')} | {page.t('ranking.col.meets')} | "
            f"{page.t('r.caveat')} | {page.t('r.cost')} |", "|---|---|---|---|"]
    for mid in engine.rank(kb, (m.id for m in kb.methods)):
        met = [str(n) for n, c in enumerate(kb.ranking.criteria, 1) if c in engine.met(kb, mid)]
        rows.append(f"| {method_md(page, mid)} | {', '.join(met) or '—'} | "
                    f"{caveat_md(page, mid) or '—'} | {cost_md(page, kb.method(mid))} |")
    return [f"## {page.t('ranking.title')} {{ #ranking }}", "", page.text(kb.ranking.explanation),
            "", *criteria, "", page.t("ranking.order"), "", *order, "",
            page.t("ranking.table.lead"), "", *rows, ""]


def _links_md(page: Page, tr: tree_mod.Tree) -> list[str]:
    kb = page.kb
    rows = [f"| {page.t('links.col.key')} | {page.t('links.col.question')} | "
            f"{page.t('links.col.values')} |", "|---|---|---|"]
    for q in kb.questions:
        # One value a line: an answer's text often has brackets of its own.
        values = "<br>".join(page.fill("links.value", value=f"<code>{esc(a.key)}</code>",
                                       text=page.text(a.text)) for a in q.answers)
        rows.append(f"| <code>{esc(q.key)}</code> | {page.text(q.text)} | {values} |")
    out = [f"## {page.t('links.title')} {{ #links }}", "", page.t("links.body"), ""]
    if kb.scenarios:
        s = kb.scenarios[0]
        path = tree_mod.walk(tr, s.all_answers(kb.questions)).path
        href = page.rel(PAGE, query=query(path))
        out += [page.t("links.example").format(
            link=f"[{page.text(s.title)}]({href})", query=f"<code>?{esc(query(path))}</code>"), ""]
    return out + rows + [""]


def decide_page(kb: KnowledgeBase, lang: str) -> str:
    """The whole /decide/ page body: title, widget, ranking rule, link format and the outline."""
    page, tr = Page(kb, lang, PAGE), tree_mod.of(kb)
    data = json.dumps(widget_data(page, tr), ensure_ascii=False, separators=(",", ":"))
    scenarios = page.rel("scenarios/index.md")
    lines = [
        f"# {page.t('decide.title')}", "",
        page.t("decide.intro"), "",
        page.t("decide.scenarios").format(link=scenarios), "",
        # The widget's first question is in the HTML, in decide.js's markup: the script takes over
        # without moving the page. Its data rides in a data attribute (instant navigation keeps it;
        # it re-creates inline <script> elements without their type, so a JSON data block would run).
        f'<div class="decide" data-decide data-widget="{attr(data)}">{first_question_html(page, tr)}'
        '<p class="decide__status" role="status" aria-live="polite"></p></div>', "",
        "<noscript markdown=\"1\">", "",
        page.t("decide.noscript").format(link=scenarios), "",
        "</noscript>", "",
        *_ranking_md(page),
        *_links_md(page, tr),
        f"## {page.t('outline.title')} {{ #whole-tree }}", "",
        page.t("outline.intro"), "",
        *folded_outline(page, tr),
    ]
    return "\n".join(lines)


def _table(page: Page, rows: list[tuple[str, str]],
           cols=("api.col.field", "api.col.meaning")) -> list[str]:
    out = [f"| {page.t(cols[0])} | {page.t(cols[1])} |", "|---|---|"]
    return out + [f"| {a} | {b} |" for a, b in rows] + [""]


def _json_block(obj) -> str:
    return code_block(json.dumps(obj, ensure_ascii=False, indent=2), "json")


def _api_files(page: Page) -> list[str]:
    # The JSON is served once at the site root; from /ja/api/ that is two levels up.
    base = posixpath.relpath("api", posixpath.join(language(page.lang).path, "api"))
    return [f'- <a href="{attr(base)}/v1/{name}"><code>/api/v1/{name}</code></a>: {page.t(key)} '
            f'(<a href="{attr(base)}/v1/{name[:-5]}.schema.json">JSON Schema</a>)'
            for name, key in (("decision-tree.json", "api.file.tree"),
                              ("methods.json", "api.file.methods"))] + [""]


def _api_tree(page: Page) -> list[str]:
    kb = page.kb
    tr = tree_mod.of(kb)
    doc = api.decision_tree(kb, tr)
    out = ["## decision-tree.json { #decision-tree }", "",
           *_table(page, [(f"`{f}`", page.t(f"api.tree.{f}"))
                          for f in ("version", "methods", "questions", "reasons", "root", "nodes")]),
           page.t("api.nodes"), "", f"- {page.t('api.node.ask')}", f"- {page.t('api.node.leaf')}",
           "", page.t("api.node.reconsider"), ""]
    if kb.scenarios:
        s = next((x for x in kb.scenarios if tree_mod.walk(tr, x.all_answers(kb.questions)).result
                  and tree_mod.walk(tr, x.all_answers(kb.questions)).result.pair), kb.scenarios[0])
        leaf = api.walk_json(doc, s.all_answers(kb.questions))
        link = f"[{page.text(s.title)}]({page.rel(f'scenarios/{s.id}.md')})"
        out += [page.t("api.example.leaf").format(link=link), "", _json_block(leaf), ""]
    empty = next(((p, r) for p, r in tree_mod.paths(tr) if not r.recommend), None)
    if empty is not None:
        leaf = api.walk_json(doc, dict(empty[0]), defaults=False)
        out += [page.t("api.example.empty").format(query=f"<code>{esc(query(empty[0]))}</code>"),
                "", _json_block(leaf), ""]
    return out


_WALK = """def walk(doc, answers):
    defaults = {q["key"]: q["default"] for q in doc["questions"] if "default" in q}
    node = doc["nodes"][doc["root"]]
    while "ask" in node:
        child = node["answers"].get(answers.get(node["ask"], defaults.get(node["ask"])))
        if child is None:
            return None
        node = doc["nodes"][child]
    return node
"""


def _kind(page: Page, name: str) -> str:
    kind = CAPABILITY_KINDS[name]
    values = {"instance_os": INSTANCE_OSES, "client_os": CLIENT_OSES, "interfaces": INTERFACES,
              "reach": REACHES, "agent": AGENTS, "session_logging": SESSION_LOGGING,
              "ssh_keys": SSH_KEYS}.get(name, ())
    listed = page.t("sep.list").join(f"`{v}`" for v in values)
    return page.t(f"api.kind.{kind}").format(values=listed)


def _api_methods(page: Page) -> list[str]:
    kb = page.kb
    out = ["## methods.json { #methods }", "",
           *_table(page, [("`version`", page.t("api.methods.version")),
                          ("`methods`", page.t("api.methods.methods"))]),
           page.t("api.methods.capabilities"), "",
           *_table(page, [(f"`{n}`", _kind(page, n)) for n in CAPABILITY_KINDS],
                   ("api.col.capability", "api.col.value")),
           page.t("api.methods.sources"), ""]
    if kb.methods:
        entry = api.method_json(kb, kb.methods[0])
        entry["capabilities"] = dict(list(entry["capabilities"].items())[:2])
        entry["sources"] = entry["sources"][:1]
        out += [page.t("api.example.method"), "", _json_block(entry), ""]
    return out


def api_page(kb: KnowledgeBase, lang: str) -> str:
    """The /api/ page: both JSON files, their fields, examples from the data, how to walk the tree."""
    page = Page(kb, lang, API_PAGE)
    lines = [f"# {page.t('api.title')}", "", page.t("api.intro"), "", *_api_files(page),
             page.t("api.schemas"), "", *_api_tree(page),
             f"## {page.t('api.walk.title')} {{ #walking }}", "", page.t("api.walk.body"), "",
             code_block(_WALK, "python"), "", *_api_methods(page),
             f"## {page.t('api.versioning.title')} {{ #versioning }}", "",
             page.t("api.versioning.body"), ""]
    return "\n".join(lines)
