"""The public JSON under /api/v1/: decision-tree.json and methods.json (CONTRACT.md section 6).

Output is deterministic: objects keep a deliberate key order (data order where the data orders
things, the contract's order otherwise), non-ASCII stays readable, and each file ends with a newline.
Shapes are pinned by data/api/*.schema.json, published beside the files. decision-tree.json is
the shared-node form of CONTRACT.md section 6: identical subtrees are one node and every reason
text is written once, so its size follows the number of distinct nodes, not of paths.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping

from macros.decide import engine, tree as tree_mod
from macros.decide.engine import Result
from macros.kb.model import CAPABILITY_KINDS, Capability, KnowledgeBase, Method, Source, Text

VERSION = 1


def _dump(obj: Any, indent: int | None) -> str:
    seps = (",", ":") if indent is None else (",", ": ")
    return json.dumps(obj, ensure_ascii=False, indent=indent, separators=seps) + "\n"


def questions_json(kb: KnowledgeBase) -> list[dict]:
    """Every question with its texts, answers and default, in the order the tree asks them."""
    out = []
    for q in kb.questions:
        item = {"key": q.key, "text": q.text.to_json(),
                "answers": [{"key": a.key, "text": a.text.to_json()} for a in q.answers]}
        if q.default is not None:
            item["default"] = q.default  # what a walk uses where the answers give none
        out.append(item)
    return out


# Reason ids: c<n> the n-th ranking criterion, k<n> the caveat of the n-th method, j-<job> a job of
# a pair, x<n> the n-th distinct exclusion reason (numbered in question, answer, rank order).
def criterion_id(n: int) -> str:
    """The reason id of ranking criterion number `n` (from 1)."""
    return f"c{n}"


def caveat_id(kb: KnowledgeBase, method_id: str) -> str:
    """The reason id of a method's main caveat."""
    return f"k{[m.id for m in kb.methods].index(method_id) + 1}"


def job_id(job: str) -> str:
    """The reason id of a job of a pair (administration, bulk)."""
    return f"j-{job}"


def why(kb: KnowledgeBase, result: Result, method_id: str) -> list[str]:
    """Reason ids for a recommended method: its job in a pair, the criteria it meets, its caveat."""
    met = set(engine.met(kb, method_id))
    ids = [job_id(result.job(method_id))] if result.job(method_id) else []
    ids += [criterion_id(n) for n, c in enumerate(kb.ranking.criteria, 1) if c in met]
    if kb.method(method_id).caveat is not None:
        ids.append(caveat_id(kb, method_id))
    return ids


@dataclass(frozen=True, slots=True)
class Compact:
    """The decision tree as the contract's shared-node document, before it is turned into JSON.

    `nodes[i]` is ("ask", question key, ((answer, child index), ...)) or ("leaf", Result); the
    root is the last node (children come first). Identical subtrees are one node: the leaf
    content (recommendations, pair, exclusions, what to reconsider) decides identity.
    """

    kb: KnowledgeBase
    nodes: tuple[tuple, ...]
    root: int


def compact(t: tree_mod.Tree) -> Compact:
    """Fold the expanded tree into distinct nodes without writing any path out."""
    kb = t.kb
    index: dict[tuple, int] = {}
    nodes: list[tuple] = []
    empty_below: dict[int, bool] = {}

    def has_empty(node: tree_mod.Node) -> bool:
        """Whether an empty result lies below `node` (its reconsider list reads the whole path)."""
        if id(node) not in empty_below:
            empty_below[id(node)] = (not node.recommend if node.ask is None
                                     else any(has_empty(b.node) for b in node.branches))
        return empty_below[id(node)]

    def add(key: tuple, content: tuple) -> int:
        if key not in index:
            index[key] = len(nodes)
            nodes.append(content)
        return index[key]

    memo: dict[tuple, int] = {}

    def visit(node: tree_mod.Node, path: tuple, excluded: tuple) -> int:
        answers = dict(path)
        # What the subtree's content can depend on besides the node: the exclusions so far, the
        # pair answer, and (only above an empty result) every answer on the path.
        context = path if has_empty(node) else answers.get(engine.PAIR_QUESTION)
        key = (id(node), excluded, context)
        if key not in memo:
            if node.ask is None:
                result = tree_mod.leaf_result(t, path, node, excluded)
                again = tuple(r.question for r in result.reconsider)
                content = ("leaf", result.recommend, result.pair, result.excluded, again)
                memo[key] = add(content, ("leaf", result))
            else:
                kids = tuple((b.answer, visit(b.node, path + ((node.ask, b.answer),),
                                              excluded + b.excluded)) for b in node.branches)
                memo[key] = add(("ask", node.ask, kids), ("ask", node.ask, kids))
        return memo[key]

    root = visit(t.root, (), ())
    return Compact(kb=kb, nodes=tuple(nodes), root=root)


def _exclusion_ids(c: Compact) -> dict[Text, str]:
    """Each distinct exclusion reason's id, numbered in question, answer and rank order."""
    kb = c.kb
    answer_at = {(q.key, a.key): i for q in kb.questions for i, a in enumerate(q.answers)}
    order = engine.exclusion_key(kb)
    first: dict[Text, tuple] = {}
    for node in c.nodes:
        if node[0] == "leaf":
            for e in node[1].excluded:
                k = (order(e), answer_at[e.question, e.answer])
                if e.reason not in first or k < first[e.reason]:
                    first[e.reason] = k
    ranked = sorted(first, key=lambda r: (first[r], r.en, r.ja))
    return {r: f"x{i}" for i, r in enumerate(ranked, 1)}


def _reasons(c: Compact, exclusions: dict[Text, str]) -> dict[str, dict]:
    """The reasons table: every reason id a node uses, with its text in both languages."""
    from macros.render.i18n import T  # the job labels are interface strings

    kb, out = c.kb, {}
    used = {r for node in c.nodes if node[0] == "leaf" for mid in node[1].recommend
            for r in why(kb, node[1], mid)}
    for n, crit in enumerate(kb.ranking.criteria, 1):
        if criterion_id(n) in used:
            out[criterion_id(n)] = crit.label.to_json()
    for m in kb.methods:
        if m.caveat is not None and caveat_id(kb, m.id) in used:
            out[caveat_id(kb, m.id)] = m.caveat.text.to_json()
    for job in (engine.ADMINISTRATION, engine.BULK):
        if job_id(job) in used:
            out[job_id(job)] = dict(T[f"job.{job}"])
    out.update({rid: r.to_json() for r, rid in exclusions.items()})
    return out


def node_ids(c: Compact) -> list[str]:
    """The id of each node of `c`: the root is "0", then every node in reverse build order."""
    return [str(len(c.nodes) - 1 - i) for i in range(len(c.nodes))]


def leaf_json(c: Compact, result: Result, exclusions: dict[Text, str]) -> dict:
    """The contract's leaf NODE for `result`."""
    out: dict[str, Any] = {"recommend": list(result.recommend),
                           "why": {mid: why(c.kb, result, mid) for mid in result.recommend}}
    if result.pair:
        out["pair"] = [{"job": job, "method": mid} for job, mid in result.pair]
    out["excluded"] = [{"method": e.method, "question": e.question, "answer": e.answer,
                        "reason": exclusions[e.reason]} for e in result.excluded]
    if not result.recommend:
        out["reconsider"] = [r.question for r in result.reconsider]
    return out


# The document of each tree (by its root node): one build asks for it several times (the JSON file,
# the API page and the /decide/ widget in each language), and it is language-independent.
_DOCS: list[tuple[tree_mod.Tree, dict]] = []


def decision_tree(kb: KnowledgeBase, t: tree_mod.Tree | None = None) -> dict:
    """The decision-tree document (CONTRACT.md section 6, version 1) as a Python mapping.

    Computed once per tree and shared by every caller: read it, never change it.
    """
    t = tree_mod.of(kb) if t is None else t
    for seen, doc in _DOCS:
        if seen.root is t.root and seen.kb.methods is kb.methods and seen.kb.questions is kb.questions:
            return doc
    if len(_DOCS) >= 4:
        _DOCS.clear()
    doc = _decision_tree(kb, t)
    _DOCS.append((t, doc))
    return doc


def _decision_tree(kb: KnowledgeBase, t: tree_mod.Tree) -> dict:
    c = compact(t)
    exclusions = _exclusion_ids(c)
    ids = node_ids(c)
    nodes = {}
    for i in reversed(range(len(c.nodes))):  # the root first, then by id
        node = c.nodes[i]
        if node[0] == "ask":
            nodes[ids[i]] = {"ask": node[1], "answers": {a: ids[k] for a, k in node[2]}}
        else:
            nodes[ids[i]] = leaf_json(c, node[1], exclusions)
    return {"version": VERSION, "methods": [m.id for m in kb.methods],
            "questions": questions_json(kb), "reasons": _reasons(c, exclusions),
            "root": ids[c.root], "nodes": nodes}


def decision_tree_json(kb: KnowledgeBase, t: tree_mod.Tree | None = None) -> str:
    """/api/v1/decision-tree.json: compact; one line, every node and reason written once."""
    return _dump(decision_tree(kb, t), None)


def walk_json(doc: dict, answers: Mapping[str, str], defaults: bool = True) -> dict | None:
    """Walk a decision-tree.json document with `answers` (and each question's default, unless
    `defaults` is false); the leaf, or None where the walk needs an answer it does not have."""
    fallback = {q["key"]: q["default"] for q in doc["questions"] if "default" in q} if defaults else {}
    node = doc["nodes"][doc["root"]]
    while "ask" in node:
        child = node["answers"].get(answers.get(node["ask"], fallback.get(node["ask"], "")))
        if child is None:
            return None
        node = doc["nodes"][child]
    return node


def leaves_json(doc: dict):
    """Every (path, leaf) of a decision-tree.json document, depth first in answer order."""
    stack = [(doc["root"], ())]
    while stack:
        nid, path = stack.pop()
        node = doc["nodes"][nid]
        if "ask" not in node:
            yield path, node
            continue
        for answer, child in reversed(list(node["answers"].items())):
            stack.append((child, path + ((node["ask"], answer),)))


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


