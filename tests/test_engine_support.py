"""Helpers for the decision tests (engine, tree, API, /decide/, scenarios). No tests live here.

The knowledge bases are loaded once per session: the real data/kb.yaml, and the same questions,
scenarios and ranking with tests/fixtures/engine_methods.yaml (the brief's capability table) as
methods, so the engine's behaviour is pinned to the decided capabilities as well as to the data.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import yaml

from macros.decide import tree as tree_mod
from macros.kb.model import KnowledgeBase, Text

ROOT = Path(__file__).resolve().parent.parent
REAL_KB = ROOT / "data" / "kb.yaml"
FIXTURE_METHODS = ROOT / "tests" / "fixtures" / "engine_methods.yaml"
SCHEMAS = ROOT / "data" / "api"
LANGS = ("en", "ja")
HOSTILE = '<script>alert(1)</script> **bold** {{ x }} & "q" \'s'


@functools.lru_cache(maxsize=None)
def _raw() -> dict:
    return yaml.safe_load(REAL_KB.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def real_kb() -> KnowledgeBase:
    """data/kb.yaml as records."""
    return KnowledgeBase.from_data(_raw())


@functools.lru_cache(maxsize=None)
def fixture_kb() -> KnowledgeBase:
    """data/kb.yaml's questions, scenarios and ranking with the brief's table as the methods."""
    methods = yaml.safe_load(FIXTURE_METHODS.read_text(encoding="utf-8"))["methods"]
    return KnowledgeBase.from_data({**_raw(), "methods": methods})


@functools.lru_cache(maxsize=None)
def real_tree() -> tree_mod.Tree:
    """The decision tree of the real knowledge base."""
    return tree_mod.build(real_kb())


def all_paths(tr: tree_mod.Tree) -> list:
    """Every (path, result) of the expanded tree."""
    return list(tree_mod.paths(tr))


def hostile_kb() -> KnowledgeBase:
    """The real KB with markup in a question, an answer, a method name, a reason and a note."""
    kb = real_kb()
    bad = Text(en="EN " + HOSTILE, ja="JA " + HOSTILE)
    os_q = kb.question("os")
    linux = dataclasses.replace(os_q.answer("linux"), text=bad, requires=tuple(
        dataclasses.replace(c, reason=bad) for c in os_q.answer("linux").requires))
    os_q = dataclasses.replace(os_q, text=bad, answers=(linux,) + os_q.answers[1:])
    questions = tuple(os_q if q.key == "os" else q for q in kb.questions)
    rdp = kb.method("rdp-client")
    caps = dict(rdp.capabilities)
    caps["instance_os"] = dataclasses.replace(caps["instance_os"], note=bad)
    rdp = dataclasses.replace(rdp, name=bad, capabilities=caps)
    methods = tuple(rdp if m.id == "rdp-client" else m for m in kb.methods)
    return dataclasses.replace(kb, questions=questions, methods=methods)


@functools.lru_cache(maxsize=None)
def _real_document():
    from macros.kb.loader import load_document
    return load_document(REAL_KB)


def data_problem(path: tuple, rule: str, message: str, fix: str) -> str:
    """A test failure about data/kb.yaml in the validator's grammar: file:line: field: what is
    wrong [rule] (fix: ...). `path` is the YAML path, list indexes 0-based; the message shows
    items by id, or by 1-based position."""
    doc = _real_document()
    return doc.problem(path, rule, message, fix).format()


def method_path(method_id: str, *rest) -> tuple:
    """The YAML path of a method of data/kb.yaml (or of `methods` if it has no such method)."""
    ids = [m.id for m in real_kb().methods]
    return ("methods", ids.index(method_id), *rest) if method_id in ids else ("methods",)


def restricted(kb: KnowledgeBase, method_ids) -> KnowledgeBase:
    """`kb` with only the methods `method_ids` (in data order), ranking.order narrowed to match:
    tests that pin results read only the methods they name, so a new method cannot change them."""
    keep = set(method_ids)
    return dataclasses.replace(
        kb, methods=tuple(m for m in kb.methods if m.id in keep),
        ranking=dataclasses.replace(kb.ranking,
                                    order=tuple(i for i in kb.ranking.order if i in keep)))


@functools.lru_cache(maxsize=None)
def pinned_kb() -> KnowledgeBase:
    """The brief's table (fixture methods) with data/kb.yaml's questions, narrowed to those
    methods: the knowledge base for tests that pin exact recommendations."""
    kb = fixture_kb()
    return restricted(kb, [m.id for m in kb.methods])
