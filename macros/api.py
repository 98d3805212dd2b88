"""The public JSON under /api/v1/: decision-tree.json and methods.json (product spec section 6).

Output is deterministic: objects keep a deliberate key order (data order where the data orders
things, the spec's order otherwise), non-ASCII stays readable, and each file ends with a newline.
Shapes are pinned by data/api/*.schema.json.
"""

from __future__ import annotations

import json
from typing import Any

from macros import tree as tree_mod
from macros.engine import Exclusion, Reconsider
from macros.model import CAPABILITY_KINDS, Capability, KnowledgeBase, Method, Source

VERSION = 1


def _dump(obj: Any, indent: int | None) -> str:
    seps = (",", ":") if indent is None else (",", ": ")
    return json.dumps(obj, ensure_ascii=False, indent=indent, separators=seps) + "\n"


def exclusion_json(e: Exclusion) -> dict:
    """One "why not" entry of a leaf."""
    return {"method": e.method, "question": e.question, "answer": e.answer,
            "reason": e.reason.to_json()}


def reconsider_json(r: Reconsider) -> dict:
    """One answer to reconsider at an empty leaf, with what each other answer would recommend."""
    return {"question": r.question, "answer": r.answer,
            "instead": [{"answer": a, "recommend": list(ids)} for a, ids in r.instead]}


def node_json(t: tree_mod.Tree, node: tree_mod.Node | None = None, path: tuple = (),
              excluded: tuple = ()) -> dict:
    """The spec's NODE for `node` (the root by default), fully expanded: every path written out."""
    node = t.root if node is None else node
    if node.ask is not None:
        return {"ask": node.ask, "answers": {
            b.answer: node_json(t, b.node, path + ((node.ask, b.answer),), excluded + b.excluded)
            for b in node.branches}}
    result = tree_mod.leaf_result(t, path, node, excluded)
    out = {"recommend": list(result.recommend),
           "excluded": [exclusion_json(e) for e in result.excluded]}
    if result.reconsider:
        out["reconsider"] = [reconsider_json(r) for r in result.reconsider]
    return out


def questions_json(kb: KnowledgeBase) -> list[dict]:
    """Every question with its texts and answers, in the order the tree asks them."""
    return [{"key": q.key, "text": q.text.to_json(),
             "answers": [{"key": a.key, "text": a.text.to_json()} for a in q.answers]}
            for q in kb.questions]


def decision_tree(kb: KnowledgeBase, t: tree_mod.Tree | None = None) -> dict:
    """The decision-tree document as a Python mapping."""
    t = tree_mod.build(kb) if t is None else t
    return {"version": VERSION, "methods": [m.id for m in kb.methods],
            "questions": questions_json(kb), "tree": node_json(t)}


def _compact(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _node_chunks(t: tree_mod.Tree, node: tree_mod.Node, path: tuple, excluded: tuple):
    if node.ask is None:
        yield _compact(node_json(t, node, path, excluded))
        return
    yield '{"ask":' + _compact(node.ask) + ',"answers":{'
    for i, b in enumerate(node.branches):
        yield ("," if i else "") + _compact(b.answer) + ":"
        yield from _node_chunks(t, b.node, path + ((node.ask, b.answer),), excluded + b.excluded)
    yield "}}"


def decision_tree_chunks(kb: KnowledgeBase, t: tree_mod.Tree | None = None):
    """The text of decision-tree.json piece by piece (equal to json.dumps of decision_tree)."""
    # Every path is written out, so at scale the expanded tree must never sit in memory as objects.
    t = tree_mod.build(kb) if t is None else t
    head = {"version": VERSION, "methods": [m.id for m in kb.methods],
            "questions": questions_json(kb)}
    yield _compact(head)[:-1] + ',"tree":'
    yield from _node_chunks(t, t.root, (), ())
    yield "}\n"


def decision_tree_json(kb: KnowledgeBase) -> str:
    """/api/v1/decision-tree.json: compact, because the expanded tree is the bulk of it."""
    return "".join(decision_tree_chunks(kb))


def _capability_json(name: str, cap: Capability) -> dict:
    value = cap.value
    if CAPABILITY_KINDS[name] == "list":
        value = list(value)
    elif CAPABILITY_KINDS[name] == "per-os":
        value = {os_: list(items) for os_, items in value.items()}
    return {"value": value, "note": None if cap.note is None else cap.note.to_json(),
            "unconfirmed": cap.unconfirmed, "sources": list(cap.sources)}


def _source_json(s: Source) -> dict:
    return {"id": s.id, "title": s.title.to_json(), "url": {"en": s.url_en, "ja": s.url_ja},
            "verified": s.verified.isoformat()}


def _cited(m: Method) -> list[str]:
    """The method's own sources in order, then any other source a capability cites."""
    ids = list(m.sources)
    for name in CAPABILITY_KINDS:
        ids += [s for s in m.capabilities[name].sources if s not in ids]
    return ids


def method_json(kb: KnowledgeBase, m: Method) -> dict:
    """One method: names, typed capabilities, the sources they cite, the last-verified date."""
    return {"id": m.id, "name": m.name.to_json(), "summary": m.summary.to_json(),
            "capabilities": {name: _capability_json(name, m.capabilities[name])
                             for name in CAPABILITY_KINDS},
            "sources": [_source_json(kb.source(s)) for s in _cited(m)],
            "verified": m.verified.isoformat()}


def methods_doc(kb: KnowledgeBase) -> dict:
    """The methods document as a Python mapping."""
    return {"version": VERSION, "methods": [method_json(kb, m) for m in kb.methods]}


def methods_json(kb: KnowledgeBase) -> str:
    """/api/v1/methods.json: indented, since people read it as often as programs do."""
    return _dump(methods_doc(kb), 2)


def walk_json(node: dict, answers: dict[str, str]) -> dict | None:
    """Walk a decision-tree.json NODE with `answers`; the leaf, or None if an answer is missing."""
    while "ask" in node:
        node = node["answers"].get(answers.get(node["ask"], ""))
        if node is None:
            return None
    return node
