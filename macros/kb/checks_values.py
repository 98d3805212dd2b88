"""Semantic rules about capability values: constraint kinds, per-OS keys, session limits."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields, is_dataclass
from typing import Any, Iterator, Mapping

from . import model as m
from .document import Document, JsonPath, describe
from .model import KnowledgeBase, Text
from .problems import Problem

MAX_SESSION_SECONDS = 86400  # no documented AWS session limit is longer than a day
# Values each capability may hold; seconds (max_session) take any whole number or null.
VOCABULARY: dict[str, tuple[Any, ...]] = {
    "instance_os": m.INSTANCE_OSES, "client_os": m.CLIENT_OSES, "interfaces": m.INTERFACES,
    "reach": m.REACHES, "agent": m.AGENTS, "session_logging": m.SESSION_LOGGING,
    "ssh_keys": m.SSH_KEYS,
    **{name: (True, False) for name, kind in m.CAPABILITY_KINDS.items() if kind == "bool"},
}
KIND_WORDS = {"list": "a list", "per-os": "a per-OS mapping", "bool": "true/false",
              "enum": "a single choice", "seconds": "a number of seconds"}
# Which capability kinds each constraint operator makes sense for (see model.Constraint).
OPERATOR_KINDS = {"equals": ("bool", "enum"), "includes": ("list", "per-os"),
                  "one_of": ("bool", "enum", "seconds")}
OPERATOR_WORDS = {"equals": "true/false or single-choice", "includes": "list or per-OS",
                  "one_of": "single-value"}
KIND_FIXES = {"list": "use includes with one value", "per-os": "use includes with one value",
              "bool": "use equals: true or equals: false",
              "enum": "use equals, or one_of for several values",
              "seconds": "use one_of with a list of seconds or null"}


def walk(obj: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Every record, Text and item below `obj` with its YAML path (field names are YAML keys)."""
    yield path, obj
    if is_dataclass(obj) and not isinstance(obj, Text):
        for f in fields(obj):
            yield from walk(getattr(obj, f.name), path + (f.name,))
    elif isinstance(obj, tuple):
        for index, item in enumerate(obj):
            yield from walk(item, path + (index,))
    elif isinstance(obj, Mapping):
        for key, item in obj.items():
            yield from walk(item, path + (key,))


def constraints(kb: KnowledgeBase) -> Iterator[tuple[JsonPath, int, m.Constraint]]:
    """Every answer constraint with its path and the index of its question."""
    for i, q in enumerate(kb.questions):
        for j, answer in enumerate(q.answers):
            for k, c in enumerate(answer.requires):
                yield ("questions", i, "answers", j, "requires", k), i, c


def _operator(c: m.Constraint) -> str:
    return "equals" if c.equals is not None else "includes" if c.includes is not None else "one_of"


def check_constraint_types(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """equals/includes/one_of fit the capability's kind; per names an earlier question about OS."""
    for path, qi, c in constraints(kb):
        kind, op = m.CAPABILITY_KINDS.get(c.capability), _operator(c)
        if kind is None:
            continue  # unknown-capability reports it
        if kind not in OPERATOR_KINDS[op]:
            yield doc.problem(path + (op,), "constraint-type",
                              f"must only be used with {OPERATOR_WORDS[op]} capabilities; "
                              f"{c.capability} is {KIND_WORDS[kind]}", KIND_FIXES[kind])
        if c.per is not None and kind != "per-os":
            yield doc.problem(path + ("per",), "constraint-type",
                              f"must only be used with per-OS capabilities; {c.capability} is "
                              f"{KIND_WORDS[kind]}", "remove per")
        elif c.per is not None:
            found = _per_problem(kb, qi, c.per)
            if found:
                yield doc.problem(path + ("per",), "constraint-type", *found)
    for k, crit in enumerate(kb.ranking.criteria):
        kind = m.CAPABILITY_KINDS.get(crit.capability)
        if kind in ("list", "per-os"):
            yield doc.problem(("ranking", "criteria", k, "capability"), "constraint-type",
                              f"must name a single-value capability; {crit.capability} is "
                              f"{KIND_WORDS[kind]}", "rank by a true/false or single-choice "
                              "capability")


def _per_problem(kb: KnowledgeBase, qi: int, per: str) -> tuple[str, str] | None:
    # `per` names the question whose answer (an OS name) picks the per-OS entry: it must be
    # asked before the question that uses it, and answered with instance OS names.
    keys = [q.key for q in kb.questions]
    answers = {q.key: [a.key for a in q.answers] for q in kb.questions}
    about_os = [k for k in keys[:qi] if set(answers[k]) <= set(m.INSTANCE_OSES)]
    use = f"use {' or '.join(about_os)}" if about_os else "ask the instance OS question first"
    if per not in keys[:qi]:
        fix = f"move question {per} before {keys[qi]}" if per in keys[qi + 1:] else use
        return f"must name an earlier question; got {per!r}", fix
    if per not in about_os:
        return (f"must name a question whose answers are instance OSes; {per} has "
                f"{', '.join(answers[per])}", use)
    return None


def _allowed(capability: str, value: Any) -> bool:
    if m.CAPABILITY_KINDS[capability] == "seconds":
        return value is None or (isinstance(value, int) and not isinstance(value, bool))
    return any(type(value) is type(x) and value == x for x in VOCABULARY[capability])


def _allowed_words(capability: str) -> str:
    if m.CAPABILITY_KINDS[capability] == "seconds":
        return "a whole number of seconds or null"
    return "one of " + ", ".join(describe(x).strip("'") for x in VOCABULARY[capability])


def check_constraint_values(kb: KnowledgeBase, doc: Document,
                            today: dt.date) -> Iterator[Problem]:
    """Constraint values and criterion `prefer` values come from the capability's vocabulary."""
    values: list[tuple[JsonPath, str, Any]] = []
    for path, _, c in constraints(kb):
        op = _operator(c)
        if m.CAPABILITY_KINDS.get(c.capability) not in OPERATOR_KINDS[op]:
            continue  # constraint-type (or unknown-capability) already reports this constraint
        if op == "one_of":
            values += [(path + (op, k), c.capability, v) for k, v in enumerate(c.one_of)]
        else:
            values.append((path + (op,), c.capability, getattr(c, op)))
    values += [(("ranking", "criteria", k, "prefer"), c.capability, c.prefer)
               for k, c in enumerate(kb.ranking.criteria)]
    for path, capability, value in values:
        if capability in m.CAPABILITY_KINDS and not _allowed(capability, value):
            words = _allowed_words(capability)
            yield doc.problem(path, "constraint-value",
                              f"must be {words} for {capability}; got {describe(value)}",
                              f"use {words}")


def check_per_os_keys(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """interfaces has an entry for exactly the OSes listed in instance_os."""
    for i, method in enumerate(kb.methods):
        oses, entries = method.cap("instance_os"), method.cap("interfaces")
        path = ("methods", i, "capabilities", "interfaces", "value")
        for os_ in entries:
            if os_ not in oses:
                yield doc.problem(path + (os_,), "per-os-keys",
                                  f"must be an OS listed in instance_os ({', '.join(oses)}); "
                                  f"got {os_!r}", f"add {os_} to instance_os, or remove this entry")
        for os_ in oses:
            if os_ not in entries:
                yield doc.problem(path, "per-os-keys", f"must have an entry for every OS in "
                                  f"instance_os; {os_!r} is missing",
                                  f"add {os_}: [...] with the ways you work on it")


def check_max_session(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """max_session is 1..86400 seconds, or null for no limit."""
    for i, method in enumerate(kb.methods):
        seconds = method.cap("max_session")
        if seconds is not None and not 1 <= seconds <= MAX_SESSION_SECONDS:
            yield doc.problem(("methods", i, "capabilities", "max_session", "value"),
                              "max-session-range", f"must be between 1 and {MAX_SESSION_SECONDS} "
                              f"seconds, or null for no limit; got {seconds}",
                              "give the limit in seconds, e.g. 3600 for one hour")


# A fact is typed once: prose that states a session or connection length must agree with the
# typed max_session. A length is a number with its unit, or "one hour"; ranges ("1 to 3,600
# seconds", 「1〜60 分」), idle timeouts and waits ("30 seconds after ...") are other facts.
_UNITS = {"second": 1, "seconds": 1, "minute": 60, "minutes": 60, "hour": 3600, "hours": 3600,
          "秒": 1, "分": 60, "時間": 3600}
_LENGTH = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})+|\d+)(?:\s*|-)(seconds?|minutes?|hours?|秒|分|時間)"
                     r"|\b(?:one|an)(?:\s+|-)(hour)\b")
_RANGE_BEFORE = re.compile(r"\d[\d,]*\s*(?:to|–|-|〜|~|から)\s*$")
_WAIT_AFTER = re.compile(r"^\s*(?:after|later|before|後|前|以内|ごと)")
_ABOUT = {"en": re.compile(r"\b(?:session|connection|tunnel)s?\b", re.I),
          "ja": re.compile(r"セッション|接続|トンネル")}
_OTHER = {"en": re.compile(r"\bidle\b|inactiv|time\s?out|\bper hour\b|hourly|\bvalid\b|\bwait"
                         r"|\btakes\b", re.I),
          "ja": re.compile(r"アイドル|操作がなければ|無操作|タイムアウト|時間単位|時間あたり|時間料金"
                           r"|有効期間|かかります|待")}
_SENTENCE = {"en": re.compile(r"(?<=[.;:])\s+"), "ja": re.compile(r"(?<=[。；])")}


def stated_lengths(text: str, lang: str) -> Iterator[tuple[int, str]]:
    """(seconds, sentence) for each session or connection length a sentence of `text` states."""
    for sentence in _SENTENCE[lang].split(text):
        if not _ABOUT[lang].search(sentence) or _OTHER[lang].search(sentence):
            continue
        for match in _LENGTH.finditer(sentence):
            if _RANGE_BEFORE.search(sentence[:match.start()]) or _WAIT_AFTER.match(
                    sentence[match.end():]):
                continue
            number, unit = (match.group(1), match.group(2)) if match.group(1) else ("1", "hour")
            yield int(number.replace(",", "")) * _UNITS[unit], sentence.strip()


def check_max_session_prose(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """Every sentence of a method that states its session length agrees with max_session."""
    for i, method in enumerate(kb.methods):
        typed = method.cap("max_session")
        if typed is None:  # no limit: a length in prose is then about something else
            continue
        for path, value in walk(method, ("methods", i)):
            if not isinstance(value, Text) or "sources" in path:
                continue
            for lang in m.LANGS:
                for seconds, sentence in stated_lengths(value.get(lang), lang):
                    if seconds != typed:
                        excerpt = sentence if len(sentence) <= 90 else sentence[:87] + "..."
                        yield doc.problem(
                            path + (lang,), "max-session-prose",
                            f"states a length of {seconds:,} seconds, but "
                            f"capabilities.max_session.value is {typed:,}: {excerpt!r}",
                            "state the typed value (or correct max_session), so the fact is "
                            "the same on every page")


VALUE_CHECKS = (check_constraint_types, check_constraint_values, check_per_os_keys,
                check_max_session, check_max_session_prose)
