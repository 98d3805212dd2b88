"""/decide/: the interactive widget's data, the whole tree as a readable outline, and the rules.

The widget (overrides/assets/javascripts/decide.js) only walks the tree computed here; without
JavaScript the outline below it is the same tree, written out, with every result linked.
"""

from __future__ import annotations

import json
import posixpath

from macros import api, engine, tree as tree_mod
from macros.i18n import T, t
from macros.model import (AGENTS, CAPABILITY_KINDS, CLIENT_OSES, INSTANCE_OSES, INTERFACES,
                          REACHES, SESSION_LOGGING, SSH_KEYS, KnowledgeBase)
from macros.site import language
from macros.text import attr, code_block, esc, rel

PAGE = "decide.md"


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
    """The /decide/ query string for an answered path (product spec 5.3)."""
    return "&".join(["v=1"] + [f"{q}={a}" for q, a in path])


def method_md(kb: KnowledgeBase, page: str, method_id: str, lang: str, anchor: str | None = None) -> str:
    """Markdown link from `page` to a method page, so MkDocs checks the target (and anchor)."""
    name = esc(kb.method(method_id).name.get(lang))
    return f"[{name}]({rel(page, f'methods/{method_id}.md', anchor)})"


def widget_data(tr: tree_mod.Tree, lang: str, page: str = PAGE) -> dict:
    """The tree as the widget reads it: shared nodes, one language, links relative to `page`."""
    # nodes[0] is the root; an ask node maps each answer to [child index, exclusion indexes];
    # exclusions are numbered in "why not" order, so sorting the indexes gives the leaf's order.
    # reconsider maps the query of each path to an empty leaf ("broken=yes&ui=desktop") to
    # indexes into reconsider_entries: [question, answer given, [[other answer, [ids]], ...]].
    kb = tr.kb
    # One method excluded by several answers to one question ties on the "why not" key; the
    # answer's position breaks the tie, so the order never follows set iteration (which changes
    # with PYTHONHASHSEED) and two builds of one commit are identical.
    answer_at = {(q.key, a.key): i for q in kb.questions for i, a in enumerate(q.answers)}
    why_not = engine.exclusion_key(kb)
    all_ex = sorted({e for n in _unique(tr.root) for b in n.branches for e in b.excluded},
                    key=lambda e: (why_not(e), answer_at[e.question, e.answer]))
    ex_index = {e: i for i, e in enumerate(all_ex)}
    order = _unique(tr.root)
    index = {id(n): i for i, n in enumerate(order)}
    nodes = [{"ask": n.ask, "answers": {b.answer: [index[id(b.node)], [ex_index[e] for e in b.excluded]]
                                        for b in n.branches}}
             if n.ask else {"recommend": list(n.recommend)} for n in order]
    # What to reconsider depends on the whole path, so it is keyed by the path's query; the
    # entries themselves repeat from path to path and are stored once.
    entries: list = []
    index_of: dict[engine.Reconsider, int] = {}

    def entry(r: engine.Reconsider) -> int:
        """The index of `r` in entries, adding it the first time."""
        if r not in index_of:
            index_of[r] = len(entries)
            entries.append([r.question, r.answer, [[a, list(ids)] for a, ids in r.instead]])
        return index_of[r]

    reconsider = {query(path)[4:]: [entry(r) for r in result.reconsider]
                  for path, result in tree_mod.paths(tr) if not result.recommend}
    return {
        "version": api.VERSION,
        "questions": [{"key": q.key, "text": q.text.get(lang), "help": q.help.get(lang),
                       "answers": [[a.key, a.text.get(lang)] for a in q.answers]}
                      for q in kb.questions],
        "methods": {m.id: {"name": m.name.get(lang),
                           "url": url_from(page, f"methods/{m.id}.md")} for m in kb.methods},
        "exclusions": [[e.method, e.question, e.answer, e.reason.get(lang)] for e in all_ex],
        "nodes": nodes,
        "reconsider": reconsider,
        "reconsider_entries": entries,
        "ui": {key[2:]: text[lang] for key, text in T.items() if key.startswith("w.")},
    }


def _unique(root: tree_mod.Node) -> list[tree_mod.Node]:
    """Every distinct node object, depth first from the root (shared subtrees once)."""
    seen, out, stack = set(), [], [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        out.append(node)
        stack.extend(b.node for b in reversed(node.branches))
    return out


def gap(name: str) -> str:
    """The space Japanese text leaves between a name and the particle after it ("PuTTY は")."""
    return " " if name[-1:].isascii() and name[-1:].isalnum() else ""


def _exclusions_md(kb: KnowledgeBase, excluded, lang: str) -> str:
    """' — Rules out A and B: reason. Rules out C: reason.' for one answer of the outline."""
    groups: dict[str, list[str]] = {}
    for e in excluded:
        groups.setdefault(e.reason.get(lang), []).append(kb.method(e.method).name.get(lang))
    parts = [t("outline.rules_out", lang).format(
        names=t("sep.list", lang).join(esc(n) for n in names), gap=gap(names[-1]),
        reason=esc(reason)) for reason, names in groups.items()]
    return t("outline.dash", lang) + t("sep.sentence", lang).join(parts) if parts else ""


def change_md(kb: KnowledgeBase, page: str, r: engine.Reconsider, lang: str) -> list[str]:
    """For an empty result: each other answer to r.question and the methods it would leave."""
    q = kb.question(r.question)
    return [t("outline.change", lang).format(
        question=esc(q.text.get(lang)), answer=esc(q.answer(a).text.get(lang)),
        links=t("sep.list", lang).join(method_md(kb, page, m, lang) for m in ids),
        gap=gap(kb.method(ids[-1]).name.get(lang))) for a, ids in r.instead]


def _leaf_md(kb: KnowledgeBase, result: engine.Result, lang: str) -> str:
    """The outline line of a leaf: the ranked methods, or which answer to change."""
    if result.recommend:
        links = t("sep.list", lang).join(method_md(kb, PAGE, m, lang) for m in result.recommend)
        return t("outline.recommended", lang).format(links=links)
    changes = [line for r in result.reconsider for line in change_md(kb, PAGE, r, lang)]
    return t("outline.none", lang).format(changes=t("sep.sentence", lang).join(changes))


def outline(tr: tree_mod.Tree, lang: str) -> str:
    """The whole tree as nested Markdown lists: one item per answer, each leaf's result inside."""
    kb, lines = tr.kb, []

    def visit(node, depth, path, excluded):
        """Append the lines of `node`'s subtree, indented `depth` levels."""
        pad = "    " * depth
        if node.ask is None:
            result = tree_mod.leaf_result(tr, path, node, excluded)
            lines.append(f"{pad}- {_leaf_md(kb, result, lang)}")
            return
        q = kb.question(node.ask)
        for b in node.branches:
            answer = esc(q.answer(b.answer).text.get(lang))
            lines.append(f"{pad}- {esc(q.text.get(lang))} **{answer}**"
                         + _exclusions_md(kb, b.excluded, lang))
            visit(b.node, depth + 1, path + ((node.ask, b.answer),), excluded + b.excluded)

    visit(tr.root, 0, (), ())
    return "\n".join(lines)


def _ranking_md(kb: KnowledgeBase, lang: str) -> list[str]:
    criteria = [f"{i}. {esc(c.label.get(lang))}" for i, c in enumerate(kb.ranking.criteria, 1)]
    order = t("sep.list", lang).join(method_md(kb, PAGE, m, lang) for m in kb.ranking.order)
    return [f"## {t('ranking.title', lang)} {{ #ranking }}", "", esc(kb.ranking.explanation.get(lang)),
            "", *criteria, "", t("ranking.order", lang).format(order=order), ""]


def _links_md(kb: KnowledgeBase, tr: tree_mod.Tree, lang: str) -> list[str]:
    rows = [f"| {t('links.col.key', lang)} | {t('links.col.question', lang)} | "
            f"{t('links.col.values', lang)} |", "|---|---|---|"]
    for q in kb.questions:
        values = t("sep.list", lang).join(f"<code>{esc(a.key)}</code> ({esc(a.text.get(lang))})"
                                          for a in q.answers)
        rows.append(f"| <code>{esc(q.key)}</code> | {esc(q.text.get(lang))} | {values} |")
    out = [f"## {t('links.title', lang)} {{ #links }}", "", t("links.body", lang), ""]
    if kb.scenarios:
        s = kb.scenarios[0]
        path = tree_mod.walk(tr, s.all_answers(kb.questions)).path
        href = rel(PAGE, PAGE, query=query(path))
        out += [t("links.example", lang).format(
            link=f"[{esc(s.title.get(lang))}]({href})", query=f"<code>?{esc(query(path))}</code>"), ""]
    return out + rows + [""]


def decide_page(kb: KnowledgeBase, lang: str) -> str:
    """The whole /decide/ page body: title, widget, ranking rule, link format and the outline."""
    tr = tree_mod.build(kb)
    data = json.dumps(widget_data(tr, lang), ensure_ascii=False, separators=(",", ":"))
    scenarios = rel(PAGE, "scenarios/index.md")
    lines = [
        f"# {t('decide.title', lang)}", "",
        t("decide.intro", lang), "",
        t("decide.scenarios", lang).format(link=scenarios), "",
        # The widget fills this container; without JavaScript it stays hidden and the outline
        # below is the page. The tree rides in a data attribute (instant navigation keeps it).
        f'<div class="decide" data-decide data-tree="{attr(data)}" hidden></div>', "",
        *_ranking_md(kb, lang),
        *_links_md(kb, tr, lang),
        f"## {t('outline.title', lang)} {{ #whole-tree }}", "",
        t("outline.intro", lang), "",
        # Every path repeats the same names: kept out of the search index, which would drown in it.
        '<details class="decide-outline" open markdown="1" data-search-exclude>',
        f"<summary>{t('outline.summary', lang)}</summary>", "",
        outline(tr, lang), "",
        "</details>", "",
    ]
    return "\n".join(lines)


def _table(lang: str, rows: list[tuple[str, str]], cols=("api.col.field", "api.col.meaning")) -> list[str]:
    out = [f"| {t(cols[0], lang)} | {t(cols[1], lang)} |", "|---|---|"]
    return out + [f"| {a} | {b} |" for a, b in rows] + [""]


def _json_block(obj) -> str:
    return code_block(json.dumps(obj, ensure_ascii=False, indent=2), "json")


def _api_files(lang: str) -> list[str]:
    # The JSON is served once at the site root; from /ja/api/ that is two levels up.
    base = posixpath.relpath("api", posixpath.join(language(lang).path, "api"))
    return [f'- <a href="{attr(base)}/v1/{name}"><code>/api/v1/{name}</code></a>: {t(key, lang)}'
            for name, key in (("decision-tree.json", "api.file.tree"),
                              ("methods.json", "api.file.methods"))] + [""]


def _api_tree(kb: KnowledgeBase, lang: str) -> list[str]:
    tr = tree_mod.build(kb)
    doc = api.decision_tree(kb, tr)
    out = ["## decision-tree.json { #decision-tree }", "",
           *_table(lang, [(f"`{f}`", t(f"api.tree.{f}", lang))
                          for f in ("version", "methods", "questions", "tree")]),
           t("api.nodes", lang), "", f"- {t('api.node.ask', lang)}", f"- {t('api.node.leaf', lang)}",
           "", t("api.node.reconsider", lang), ""]
    if kb.scenarios:
        s = kb.scenarios[0]
        leaf = api.walk_json(doc["tree"], s.all_answers(kb.questions))
        link = f"[{esc(s.title.get(lang))}]({rel('api.md', f'scenarios/{s.id}.md')})"
        out += [t("api.example.leaf", lang).format(link=link), "", _json_block(leaf), ""]
    empty = next(((p, r) for p, r in tree_mod.paths(tr) if not r.recommend), None)
    if empty is not None:
        leaf = api.walk_json(doc["tree"], dict(empty[0]))
        out += [t("api.example.empty", lang).format(query=f"<code>{esc(query(empty[0]))}</code>"),
                "", _json_block(leaf), ""]
    return out


_WALK = """def walk(node, answers):
    while "ask" in node:
        node = node["answers"].get(answers.get(node["ask"]))
        if node is None:
            return None
    return node
"""


def _kind(name: str, lang: str) -> str:
    kind = CAPABILITY_KINDS[name]
    values = {"instance_os": INSTANCE_OSES, "client_os": CLIENT_OSES, "interfaces": INTERFACES,
              "reach": REACHES, "agent": AGENTS, "session_logging": SESSION_LOGGING,
              "ssh_keys": SSH_KEYS}.get(name, ())
    listed = t("sep.list", lang).join(f"`{v}`" for v in values)
    return t(f"api.kind.{kind}", lang).format(values=listed)


def _api_methods(kb: KnowledgeBase, lang: str) -> list[str]:
    out = ["## methods.json { #methods }", "",
           *_table(lang, [("`version`", t("api.methods.version", lang)),
                          ("`methods`", t("api.methods.methods", lang))]),
           t("api.methods.capabilities", lang), "",
           *_table(lang, [(f"`{n}`", _kind(n, lang)) for n in CAPABILITY_KINDS],
                   ("api.col.capability", "api.col.value")),
           t("api.methods.sources", lang), ""]
    if kb.methods:
        entry = api.method_json(kb, kb.methods[0])
        entry["capabilities"] = dict(list(entry["capabilities"].items())[:2])
        entry["sources"] = entry["sources"][:1]
        out += [t("api.example.method", lang), "", _json_block(entry), ""]
    return out


def api_page(kb: KnowledgeBase, lang: str) -> str:
    """The /api/ page: both JSON files, their fields, examples from the data, how to walk the tree."""
    lines = [f"# {t('api.title', lang)}", "", t("api.intro", lang), "", *_api_files(lang),
             t("api.schemas", lang), "", *_api_tree(kb, lang),
             f"## {t('api.walk.title', lang)} {{ #walking }}", "", t("api.walk.body", lang), "",
             code_block(_WALK, "python"), "", *_api_methods(kb, lang),
             f"## {t('api.versioning.title', lang)} {{ #versioning }}", "",
             t("api.versioning.body", lang), ""]
    return "\n".join(lines)
