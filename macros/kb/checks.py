"""Rules the schema cannot express: references, uniqueness, consistency, languages and URLs."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Callable, Iterator

from . import model as m
from .checks_content import CONTENT_CHECKS
from .checks_values import VALUE_CHECKS, constraints, walk
from .freshness import check_dates
from .document import Document, JsonPath, describe
from .model import KnowledgeBase
from .problems import Problem
from macros.kb.rules import descriptions

# Rule name -> what it means; every rule has a failing fixture in tests/fixtures/invalid/.
RULES = descriptions("semantic")  # this layer's rules, from the registry (macros/kb/rules.py)
# The nine permanent method ids of CONTRACT.md section 3 (published URLs).
SPEC_METHOD_IDS = ("ssh-client", "putty", "rdp-client", "fleet-manager", "session-manager",
                   "ec2-instance-connect", "ec2-instance-connect-endpoint", "bastion-host",
                   "ec2-serial-console")
Check = Callable[[KnowledgeBase, Document, dt.date], Iterator[Problem]]


def _suggest(value: str, known: list[str], noun: str) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.75)
    if close:
        return f"use {close[0]!r}"
    return f"use one of the {noun}: {', '.join(known)}" if known else "define it first"


def check_duplicate_id(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """Ids of methods, sources, scenarios; keys of questions and of answers within a question."""
    groups = [(("methods",), [x.id for x in kb.methods], "id"),
              (("sources",), [x.id for x in kb.sources], "id"),
              (("scenarios",), [x.id for x in kb.scenarios], "id"),
              (("questions",), [x.key for x in kb.questions], "key")]
    groups += [(("questions", i, "answers"), [a.key for a in q.answers], "key")
               for i, q in enumerate(kb.questions)]
    for path, names, attr in groups:
        first: dict[str, int] = {}
        for index, name in enumerate(names):
            if name in first:
                yield doc.problem(path + (index, attr), "duplicate-id",
                                  f"must be unique; {name!r} is already used on line "
                                  f"{doc.locate(path + (first[name], attr))}",
                                  "rename one of them or merge the two entries")
            first.setdefault(name, index)


def check_unknown_source(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """Every `sources:` list below methods must name ids from the top-level `sources:`."""
    known = [s.id for s in kb.sources]
    for path, value in walk(kb.methods, ("methods",)):
        if path[-1] == "sources" and isinstance(value, tuple):
            for k, ref in enumerate(value):
                if ref not in known:
                    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.75)
                    yield doc.problem(path + (k,), "unknown-source",
                                      f"must name an entry of sources:; got {ref!r}",
                                      (f"use {close[0]!r}, or " if close else "")
                                      + f"add a source with id: {ref}")


def check_unknown_method(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """avoid_when.instead, ranking.order and scenario expectations must name methods."""
    known = [x.id for x in kb.methods]
    refs = [(("ranking", "order", k), mid) for k, mid in enumerate(kb.ranking.order)]
    for i, method in enumerate(kb.methods):
        refs += [(("methods", i, "avoid_when", j, "instead"), a.instead)
                 for j, a in enumerate(method.avoid_when) if a.instead is not None]
    for i, s in enumerate(kb.scenarios):
        base = ("scenarios", i, "expect")
        refs += [(base + (name, k), mid) for name in ("recommend", "exclude")
                 for k, mid in enumerate(getattr(s.expect, name))]
        refs += [(base + ("first",), s.expect.first)] if s.expect.first is not None else []
    for path, mid in refs:
        if mid not in known:
            yield doc.problem(path, "unknown-method", f"must name a method; got {mid!r}",
                              _suggest(mid, known, "method ids"))


def check_ranking_order(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """ranking.order lists every method exactly once (unknown ids are unknown-method's)."""
    order = list(kb.ranking.order)
    for method in kb.methods:
        if method.id not in order:
            yield doc.problem(("ranking", "order"), "ranking-order-complete",
                              f"must list every method exactly once; {method.id!r} is missing",
                              f"add {method.id} to ranking.order")
    for k, mid in enumerate(order):
        if mid in order[:k]:
            yield doc.problem(("ranking", "order", k), "ranking-order-complete",
                              f"must list every method exactly once; got {mid!r} again",
                              "remove the repeated entry")


def check_capability_names(kb: KnowledgeBase, doc: Document,
                           today: dt.date) -> Iterator[Problem]:
    """Constraints and ranking criteria name one of model.CAPABILITY_KINDS."""
    names = [(path + ("capability",), c.capability) for path, _, c in constraints(kb)]
    names += [(("ranking", "criteria", k, "capability"), c.capability)
              for k, c in enumerate(kb.ranking.criteria)]
    for path, name in names:
        if name not in m.CAPABILITY_KINDS:
            yield doc.problem(path, "unknown-capability", f"must name a capability; got {name!r}",
                              _suggest(name, list(m.CAPABILITY_KINDS), "capabilities"))


def check_scenario_answers(kb: KnowledgeBase, doc: Document,
                           today: dt.date) -> Iterator[Problem]:
    """unknown-question / unknown-answer in scenario answers and assumed, and in defaults."""
    questions = {q.key: [a.key for a in q.answers] for q in kb.questions}
    for i, q in enumerate(kb.questions):
        if q.default is not None and q.default not in questions[q.key]:
            yield _unknown_answer(doc, ("questions", i, "default"), q.key, q.default, questions)
    for i, s in enumerate(kb.scenarios):
        for part in ("answers", "assumed"):
            for key, answer in getattr(s, part).items():
                path = ("scenarios", i, part, key)
                if key not in questions:
                    yield doc.problem(path, "unknown-question", f"must be a question key; got "
                                      f"{key!r}", _suggest(key, list(questions), "question keys"))
                elif answer not in questions[key]:
                    yield _unknown_answer(doc, path, key, answer, questions)


def check_assumed_note(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """A scenario that assumes answers beyond its premise must say why (CONTRACT.md section 5.4)."""
    for i, s in enumerate(kb.scenarios):
        if s.assumed and s.assumed_note is None:
            yield doc.problem(("scenarios", i, "assumed"), "assumed-note",
                              "must be explained: assumed answers need an assumed_note",
                              "add assumed_note with en and ja saying why these answers fit "
                              "the scenario")


def _unknown_answer(doc: Document, path: JsonPath, key: str, answer: str,
                    questions: dict[str, list[str]]) -> Problem:
    keys = ", ".join(dict.fromkeys(questions[key]))  # duplicate-id reports repeated keys
    return doc.problem(path, "unknown-answer",
                       f"must be an answer of {key} ({keys}); got {describe(answer)}",
                       f"use one of {keys}")


def check_spec_method_ids(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """The nine method ids of the contract (CONTRACT.md) must all exist (their URLs are published)."""
    present = {x.id for x in kb.methods}
    for mid in SPEC_METHOD_IDS:
        if mid not in present:
            yield doc.problem(("methods",), "method-ids-spec",
                              f"must include the contract's method {mid!r}",
                              f"add a methods entry with id: {mid}; CONTRACT.md section 3 lists all nine")


def semantic_problems(kb: KnowledgeBase, doc: Document, *, today: dt.date,
                      require_spec_methods: bool = True) -> list[Problem]:
    """Run every semantic rule over a schema-clean knowledge base."""
    checks: list[Check] = [check_duplicate_id, check_unknown_source, check_unknown_method,
                           check_ranking_order, check_capability_names, check_scenario_answers,
                           check_assumed_note,
                           *VALUE_CHECKS, *CONTENT_CHECKS, check_dates]
    if require_spec_methods:
        checks.append(check_spec_method_ids)
    return [problem for check in checks for problem in check(kb, doc, today)]
