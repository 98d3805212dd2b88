"""Benchmark the decision tree on knowledge bases 1×, 5× and 20× the real one (prints figures only).

    .venv/bin/python scripts/bench_tree.py [--scales 1 5 20] [--seed 7] [--growth families dense]

Two ways for the knowledge base to grow, one table each:

- families: k groups of methods (the real nine, then variants with mutated capabilities), each
  with its own copy of the ten questions, behind a first question that picks the group. Methods
  and questions both grow k times, as they would when the guide covers more kinds of targets.
- dense: k times the methods (mutated variants of the real nine) answering the same ten questions.

Columns: methods, questions, tree nodes built in memory (shared subtrees once), nodes and leaves of
the expanded tree (what a nested JSON would write out), nodes and bytes of /api/v1/decision-tree.json
(the contract's shared-node form: identical subtrees once, every reason text once), bytes of the
/decide/ widget's data in the page, in one language (help texts, names, links and costs,
attribute-escaped; the widget fetches the nodes from decision-tree.json), and seconds to build
the tree and to write the JSON. Timings vary by machine; nothing here asserts them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from macros.decide import api, tree as tree_mod  # noqa: E402

from macros.render import decide as render_decide  # noqa: E402
from macros.kb.load import load_kb  # noqa: E402
from macros.kb.model import (CAPABILITY_KINDS, INSTANCE_OSES, INTERFACES, Answer, Capability,  # noqa: E402
                          Constraint, KnowledgeBase, Method, Question, Ranking, Text)
from macros.render.context import Page  # noqa: E402
from macros.render.text import attr  # noqa: E402

VOCAB = {"instance_os": INSTANCE_OSES, "client_os": ("windows", "macos", "linux"),
         "reach": ("public", "private", "none"), "agent": ("none", "ssm-agent", "eic-package"),
         "session_logging": ("none", "commands", "recording"),
         "ssh_keys": ("required", "optional", "none")}
NA = "n/a"  # a capability a method of another family has: it passes that family's every question


def mutate(m: Method, suffix: str, rng: random.Random) -> Method:
    """A variant of `m` under a new id, each capability changed with some probability."""
    caps = dict(m.capabilities)
    for name, kind in CAPABILITY_KINDS.items():
        if rng.random() > 0.35 or name == "interfaces":
            continue
        if kind == "list":
            value = tuple(v for v in VOCAB[name] if rng.random() < 0.6) or VOCAB[name][:1]
        elif kind == "bool":
            value = not caps[name].value
        elif kind == "enum":
            value = rng.choice(VOCAB[name])
        else:
            continue
        caps[name] = dataclasses.replace(caps[name], value=value)
    oses = caps["instance_os"].value
    caps["interfaces"] = Capability(value={os_: tuple(i for i in INTERFACES if rng.random() < 0.6)
                                           or ("terminal",) for os_ in oses})
    name = Text(en=f"{m.name.en} {suffix}", ja=f"{m.name.ja} {suffix}")
    return dataclasses.replace(m, id=f"{m.id}-{suffix}", name=name, capabilities=caps)


def variants(kb: KnowledgeBase, count: int, rng: random.Random, tag: str) -> list[Method]:
    """The real methods first, then mutated variants, `count` methods in all."""
    out = list(kb.methods)
    while len(out) < count:
        base = kb.methods[len(out) % len(kb.methods)]
        out.append(mutate(base, f"{tag}{len(out)}", rng))
    return out[:count]


def dense(kb: KnowledgeBase, k: int, rng: random.Random) -> KnowledgeBase:
    """k times the methods, the same questions."""
    methods = variants(kb, k * len(kb.methods), rng, "v")
    return _with_methods(kb, methods, kb.questions)


def _scoped(c: Constraint, j: int) -> Constraint:
    """Constraint `c` on family j's copy of the capability; methods of other families pass it."""
    changes = {"capability": f"{c.capability}@{j}",
               "per": None if c.per is None else f"{c.per}_{j}"}
    if c.includes is None:
        allowed = c.one_of if c.one_of is not None else (c.equals,)
        changes.update(equals=None, one_of=tuple(allowed) + (NA,))
    return dataclasses.replace(c, **changes)


def _permissive(name: str, cap: Capability) -> Capability:
    kind = CAPABILITY_KINDS[name]
    if kind == "list":
        return Capability(value=VOCAB[name])
    if kind == "per-os":
        return Capability(value={os_: INTERFACES for os_ in INSTANCE_OSES})
    return Capability(value=NA)


def families(kb: KnowledgeBase, k: int, rng: random.Random) -> KnowledgeBase:
    """k families of methods, each with its own copy of the questions, behind a family question."""
    if k == 1:
        return kb
    groups = [[mutate(m, f"f{j}", rng) for m in kb.methods] if j else list(kb.methods)
              for j in range(k)]
    pick = Question(key="family", text=Text(en="Which family?", ja="どのファミリーですか?"),
                    help=Text(en="Synthetic.", ja="合成データです。"), answers=tuple(
        Answer(key=f"f{j}", text=Text(en=f"Family {j}", ja=f"ファミリー {j}"), requires=(
            Constraint(capability="family", equals=f"f{j}",
                       reason=Text(en="It belongs to another family.", ja="別のファミリーです。")),))
        for j in range(k)))
    questions = [pick] + [
        dataclasses.replace(q, key=f"{q.key}_{j}", answers=tuple(
            dataclasses.replace(a, requires=tuple(_scoped(c, j) for c in a.requires))
            for a in q.answers))
        for j in range(k) for q in kb.questions]
    methods = []
    for j, group in enumerate(groups):
        for m in group:
            caps = dict(m.capabilities, family=Capability(value=f"f{j}"))
            for i in range(k):
                for name, cap in m.capabilities.items():
                    caps[f"{name}@{i}"] = cap if i == j else _permissive(name, cap)
            methods.append(dataclasses.replace(m, capabilities=caps))
    return _with_methods(kb, methods, tuple(questions))


def _with_methods(kb: KnowledgeBase, methods: list[Method], questions) -> KnowledgeBase:
    ranking = Ranking(explanation=kb.ranking.explanation, criteria=kb.ranking.criteria,
                      order=tuple(m.id for m in methods))
    return dataclasses.replace(kb, methods=tuple(methods), questions=tuple(questions),
                               ranking=ranking, scenarios=())


def expanded_size(root: tree_mod.Node) -> tuple[int, int]:
    """(nodes, leaves) of the expanded tree, counted over the shared one."""
    memo: dict[int, tuple[int, int]] = {}

    def size(node):
        """(nodes, leaves) below and including `node`."""
        if id(node) not in memo:
            parts = [size(b.node) for b in node.branches]
            memo[id(node)] = (1 + sum(n for n, _ in parts), sum(l for _, l in parts) or 1)
        return memo[id(node)]

    return size(root)


def measure(kb: KnowledgeBase) -> dict:
    """Build the tree and its outputs once; return the figures."""
    start = time.perf_counter()
    tr = tree_mod.build(kb)
    built = time.perf_counter() - start
    nodes, leaves = expanded_size(tr.root)
    start = time.perf_counter()
    text = api.decision_tree_json(kb, tr)
    written = time.perf_counter() - start
    size = len(text.encode())
    json_nodes = len(json.loads(text)["nodes"])
    page = Page(kb, "en", render_decide.PAGE)
    widget = attr(json.dumps(render_decide.widget_data(page, tr), ensure_ascii=False,
                             separators=(",", ":")))
    return {"methods": len(kb.methods), "questions": len(kb.questions), "unique": tr.unique_nodes,
            "nodes": nodes, "leaves": leaves, "json_nodes": json_nodes, "json": size,
            "widget": len(widget.encode()), "build": built, "write": written}


COLUMNS = (("scale", "{:>5}"), ("methods", "{:>7}"), ("questions", "{:>9}"), ("unique", "{:>7}"),
           ("nodes", "{:>9,}"), ("leaves", "{:>9,}"), ("json_nodes", "{:>10,}"), ("json", "{:>12,}"),
           ("widget", "{:>10,}"), ("build", "{:>7.2f}"), ("write", "{:>7.2f}"))
HEADERS = ("scale", "methods", "questions", "in-mem", "expanded", "paths", "JSON nodes",
           "JSON bytes", "widget B", "build s", "JSON s")


def main(argv: list[str] | None = None) -> int:
    """Print one table per growth model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--growth", nargs="+", default=["families", "dense"],
                        choices=["families", "dense"])
    args = parser.parse_args(argv)
    kb = load_kb(PROJECT_DIR / "data" / "kb.yaml")
    grow = {"families": families, "dense": dense}
    for model in args.growth:
        print(f"\n{model}:")
        widths = [len(fmt.format(0 if key not in ("build", "write") else 0.0)) for key, fmt in COLUMNS]
        widths = [max(w, len(h)) for w, h in zip(widths, HEADERS)]
        print("  ".join(h.rjust(w) for h, w in zip(HEADERS, widths)))
        for k in args.scales:
            row = {"scale": f"{k}x", **measure(grow[model](kb, k, random.Random(args.seed)))}
            print("  ".join(fmt.format(row[key]).rjust(w) for (key, fmt), w in zip(COLUMNS, widths)),
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
