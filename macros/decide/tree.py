"""The decision tree, computed once at build time from the questions and the method capabilities.

At each node the first remaining question (in data order) whose answers would change the
candidates is asked; a node where no question would is a leaf. Identical subtrees are built once
(memoised on the candidate set, the next question and the answers `per` lookups depend on), so the
tree lives in memory as a DAG; the JSON and the page outline expand it on the way out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator, Mapping

from macros.decide import engine
from macros.decide.engine import Exclusion, Result
from macros.kb.model import KnowledgeBase, Question


@dataclass(frozen=True, slots=True)
class Branch:
    """One answer at a node: the methods it rules out there, and where it leads."""

    answer: str
    excluded: tuple[Exclusion, ...]
    node: "Node"


@dataclass(frozen=True, slots=True)
class Node:
    """A question (`ask` with branches) or a leaf (`ask` is None, recommend in rank order)."""

    ask: str | None
    branches: tuple[Branch, ...] = ()
    recommend: tuple[str, ...] = ()

    def branch(self, answer: str) -> Branch | None:
        """The branch for `answer`, or None when the question has no such answer."""
        return next((b for b in self.branches if b.answer == answer), None)


@dataclass(frozen=True, slots=True)
class Tree:
    """The root node, the knowledge base it was built from, and its in-memory (shared) size."""

    kb: KnowledgeBase
    root: Node
    unique_nodes: int


@dataclass(frozen=True, slots=True)
class Walk:
    """Where a set of answers leads: the answered path, and the result or the missing question."""

    path: tuple[tuple[str, str], ...]
    missing: str | None  # the question the walk stopped at for want of an answer
    result: Result | None  # set when the walk reached a leaf


def _context_keys(kb: KnowledgeBase) -> frozenset[str]:
    """Questions whose answers change how other answers' constraints read (the `per` lookups)."""
    order = {q.key: i for i, q in enumerate(kb.questions)}
    keys = set()
    for q in kb.questions:
        for a in q.answers:
            for c in a.requires:
                if c.per is not None:
                    keys.add(c.per)
                    # A question answered before the one it looks up must be re-read later.
                    if order.get(c.per, -1) > order[q.key]:
                        keys.add(q.key)
    return frozenset(keys)


def _may_exclude(kb: KnowledgeBase, q: Question) -> frozenset[str]:
    """Methods some answer to `q` rules out in some context (any `per` answer, or none)."""
    out = set()
    for a in q.answers:
        for c in a.requires:
            contexts = [{}]
            if c.per is not None and any(p.key == c.per for p in kb.questions):
                contexts += [{c.per: x.key} for x in kb.question(c.per).answers]
            out.update(m.id for m in kb.methods
                       if any(not engine.satisfies(m, c, ctx) for ctx in contexts))
    return frozenset(out)


class _Builder:
    """Builds the tree for one knowledge base; one instance per build (it holds the memo)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.methods = {m.id: m for m in kb.methods}
        self.context = _context_keys(kb)
        self.memo: dict[tuple, Node] = {}
        self.may_exclude = {q.key: _may_exclude(kb, q) for q in kb.questions}
        # For each question, the questions whose constraints look up its answer (`per`).
        self.lookups = {q.key: [(j, r) for j, r in enumerate(kb.questions)
                                if any(c.per == q.key for a in r.answers for c in a.requires)]
                        for q in kb.questions}

    def split(self, cands: tuple[str, ...], q: Question, a: str, ctx: Mapping[str, str]):
        """Candidates left by answer `a` to `q`, and the exclusions it makes here."""
        given = {**ctx, q.key: a}
        kept, out = [], []
        for mid in cands:
            m = self.methods[mid]
            if q.key in self.context:
                # The answer changes how earlier answers read: re-check all of them.
                ex = engine.exclusion(self.kb, m, given)
            else:
                c = engine.failing(m, q, a, given)
                ex = None if c is None else Exclusion(mid, q.key, a, engine.reason(m, c))
            (kept if ex is None else out).append(mid if ex is None else ex)
        return tuple(kept), tuple(out)

    def changes(self, cands: tuple[str, ...], i: int, ctx: Mapping[str, str]) -> bool:
        """True when some answer to question `i` changes the candidates, now or through a `per`."""
        q = self.kb.questions[i]
        present = set(cands)
        # Cheap test first: most questions cannot rule out any of these candidates at all.
        if (self.may_exclude[q.key].isdisjoint(present)
                and all(self.may_exclude[r.key].isdisjoint(present) for _, r in self.lookups[q.key])):
            return False
        if any(self.split(cands, q, a.key, ctx)[1] for a in q.answers):
            return True
        # Answering q changes what a later `per: q` constraint means for these candidates.
        for _, r in (pair for pair in self.lookups[q.key] if pair[0] > i):
            for b in r.answers:
                before = self.split(cands, r, b.key, ctx)[0]
                if any(self.split(cands, r, b.key, {**ctx, q.key: a.key})[0] != before
                       for a in q.answers):
                    return True
        return False

    def node(self, cands: tuple[str, ...], start: int, ctx: Mapping[str, str]) -> Node:
        """The (shared) subtree for these candidates, asking questions from index `start` on."""
        key = (cands, start, tuple(sorted(ctx.items())))
        if key not in self.memo:
            self.memo[key] = self._build(cands, start, ctx)
        return self.memo[key]

    def _build(self, cands: tuple[str, ...], start: int, ctx: Mapping[str, str]) -> Node:
        if not cands:
            return Node(ask=None)  # no answer can change an empty set
        for i in range(start, len(self.kb.questions)):
            if self.changes(cands, i, ctx):
                q = self.kb.questions[i]
                branches = []
                for a in q.answers:
                    kept, out = self.split(cands, q, a.key, ctx)
                    sub = {**ctx, q.key: a.key} if q.key in self.context else ctx
                    branches.append(Branch(a.key, out, self.node(kept, i + 1, sub)))
                return Node(ask=q.key, branches=tuple(branches))
        return Node(ask=None, recommend=cands)


def build(kb: KnowledgeBase) -> Tree:
    """Compute the decision tree for `kb`."""
    builder = _Builder(kb)
    root = builder.node(engine.candidates(kb, {}), 0, {})
    return Tree(kb=kb, root=root, unique_nodes=len(builder.memo))


# The tree of each knowledge base, by the records it is computed from. One build asks for it many
# times (the validator's scenario check, /decide/ and the API page in each language, every scenario
# page, /bastion/); the loader hands out copies that differ only in what the tree does not read (the
# set-up kits), and such copies share the same method, question and ranking records.
_TREES: list[Tree] = []


def of(kb: KnowledgeBase) -> Tree:
    """The decision tree of `kb`, computed once for its methods, questions and ranking.

    Language-independent: both languages of a build share it. The records are immutable, so a
    tree stays right for every knowledge base holding the same records (compared by identity:
    the records hold mappings and cannot be hashed).
    """
    for t in _TREES:
        if (t.kb.methods is kb.methods and t.kb.questions is kb.questions
                and t.kb.ranking is kb.ranking):
            return t if t.kb is kb else replace(t, kb=kb)
    if len(_TREES) >= 8:  # tests and the benchmarks make many knowledge bases
        _TREES.clear()
    t = build(kb)
    _TREES.append(t)
    return t


def leaf_result(tree: Tree, path: tuple[tuple[str, str], ...], node: Node,
                excluded: tuple[Exclusion, ...]) -> Result:
    """The result shown at a leaf: its ranking, its exclusions, and what to reconsider if empty."""
    ordered = tuple(sorted(excluded, key=engine.exclusion_key(tree.kb)))
    again = () if node.recommend else engine.reconsider(tree.kb, dict(path))
    return Result(recommend=node.recommend, excluded=ordered, reconsider=again,
                  pair=engine.pair(tree.kb, dict(path), node.recommend))


def walk(tree: Tree, answers: Mapping[str, str]) -> Walk:
    """Follow `answers` from the root; answers to questions not asked on the path are ignored."""
    node, path, excluded = tree.root, [], []
    while node.ask is not None:
        branch = node.branch(answers.get(node.ask, ""))
        if branch is None:
            return Walk(tuple(path), node.ask, None)
        path.append((node.ask, branch.answer))
        excluded.extend(branch.excluded)
        node = branch.node
    path = tuple(path)
    return Walk(path, None, leaf_result(tree, path, node, tuple(excluded)))


def paths(tree: Tree) -> Iterator[tuple[tuple[tuple[str, str], ...], Result]]:
    """Every root-to-leaf path of the expanded tree with its result, depth first in answer order."""
    stack = [(tree.root, (), ())]
    while stack:
        node, path, excluded = stack.pop()
        if node.ask is None:
            yield path, leaf_result(tree, path, node, excluded)
            continue
        for b in reversed(node.branches):
            stack.append((b.node, path + ((node.ask, b.answer),), excluded + b.excluded))
