"""The scenario rules of the validator: each named scenario must reach a result, and the one it expects.

Run by macros/kb/load.py once the knowledge base is otherwise consistent. Walks the tree built by
macros/decide/tree.py over the engine of macros/decide/engine.py.
"""

from __future__ import annotations

from typing import Callable

from macros.decide import tree
from macros.decide.engine import Result
from macros.kb.model import KnowledgeBase
from macros.kb.problems import Problem
from macros.kb.rules import descriptions

RULES = descriptions("scenario")  # this layer's rules, from the registry (macros/kb/rules.py)

KB_FILE = "data/kb.yaml"


def _line(locate: Callable[[tuple], int | None], *path) -> int | None:
    """The line of the most specific node of `path` that `locate` knows."""
    for end in range(len(path), 0, -1):
        line = locate(tuple(path[:end]))
        if line:
            return line
    return None


def _unknown_answers(kb: KnowledgeBase, i: int, s, locate, file: str) -> list[Problem]:
    """Answers of scenario `s` that name no question, or no answer of their question."""
    keys = {q.key: q for q in kb.questions}
    out = []
    for part in ("answers", "assumed"):
        for key, given in getattr(s, part).items():
            where = dict(file=file, line=_line(locate, "scenarios", i, part, key), item=s.id,
                         field=f"scenarios[{s.id}].{part}.{key}")
            if key not in keys:
                out.append(Problem(**where, rule="scenario-unknown-question",
                                   message=f"must name a question; got {key!r}",
                                   fix="use one of " + ", ".join(keys)))
            elif not any(a.key == given for a in keys[key].answers):
                allowed = ", ".join(a.key for a in keys[key].answers)
                out.append(Problem(**where, rule="scenario-unknown-answer",
                                   message=f"must be an answer of '{key}' ({allowed}); got {given!r}",
                                   fix=f"use one of {allowed}"))
    return out


def _expectation(kb: KnowledgeBase, i: int, s, result: Result, locate, file: str) -> list[Problem]:
    """One problem per part of `s.expect` that the computed result does not meet."""
    got = ", ".join(result.recommend) or "nothing"
    why = {e.method: f"the answer {e.question}={e.answer} excludes it" for e in result.excluded}
    failures = []
    for mid in s.expect.recommend:
        if mid not in result.recommend:
            cause = why.get(mid, f"'{mid}' is not a method id")
            failures.append(("recommend", f"must recommend '{mid}', but {cause}; the tree recommends {got}"))
    if s.expect.first and result.recommend[:1] != (s.expect.first,):
        failures.append(("first", f"must recommend '{s.expect.first}' first; the tree recommends {got}"))
    for mid in s.expect.exclude:
        if mid not in why:
            cause = "the tree recommends it" if mid in result.recommend else f"'{mid}' is not a method id"
            failures.append(("exclude", f"must exclude '{mid}', but {cause}; the tree recommends {got}"))
    return [Problem(file=file, line=_line(locate, "scenarios", i, "expect", part), item=s.id,
                    field=f"scenarios[{s.id}].expect.{part}", rule="scenario-expectation",
                    message=message,
                    fix="correct the scenario's answers or its expect, or the capabilities behind them")
            for part, message in failures]


def scenario_problems(kb: KnowledgeBase, locate: Callable[[tuple], int | None],
                      file: str = KB_FILE) -> list[Problem]:
    """Every scenario that names unknown answers, stops short of a result, or misses its `expect`."""
    t = tree.of(kb)
    problems: list[Problem] = []
    for i, s in enumerate(kb.scenarios):
        unknown = _unknown_answers(kb, i, s, locate, file)
        problems += unknown
        if unknown:
            continue  # the walk would only repeat these problems as a missing answer
        walked = tree.walk(t, s.all_answers(kb.questions))
        if walked.missing is not None:
            q = kb.question(walked.missing)
            problems.append(Problem(
                file=file, line=_line(locate, "scenarios", i, "answers"), item=s.id,
                field=f"scenarios[{s.id}].answers", rule="scenario-incomplete",
                message=f"must reach a result, but the tree still asks '{q.key}' ({q.text.en})",
                fix=f"add '{q.key}' to answers or assumed, and explain in assumed_note"))
        else:
            problems += _expectation(kb, i, s, walked.result, locate, file)
    return problems
