"""Load the knowledge base once: YAML with lines -> schema -> typed model -> semantic checks.

Entry points (no global cache; callers load once and pass the KnowledgeBase around):
- `load_kb(path)` returns the KnowledgeBase or raises DataError carrying every problem;
  warnings alone never raise.
- `load_kb_with_warnings(path)` also returns the warnings (e.g. stale dates) for the caller to log.
- `check_kb(path)` never raises for bad data: a Report with the problems and, when there are no
  errors, the KnowledgeBase. `validate(path)` is its problem list.
`require_spec_methods=False` skips the method-ids-spec rule, for fixtures with fewer methods;
`today` is injectable so date rules are deterministic in tests. Checking the real data/kb.yaml
also checks the UI strings of data/ui.yaml (macros/kb/checks_ui.py).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from macros.decide.scenarios import scenario_problems

from .checks import semantic_problems
from .document import Document
from .kits import kit_problems
from .loader import load_document
from .model import KnowledgeBase
from .problems import DataError, Problem
from .schema import schema_problems, to_json

REAL_KB = Path(__file__).resolve().parents[2] / "data" / "kb.yaml"


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of checking one file: every problem, and the model when it is error-free."""

    document: Document
    problems: tuple[Problem, ...]  # sorted by line, then field
    kb: KnowledgeBase | None  # None when there are errors

    @property
    def file(self) -> str:
        """The file as it appears in messages."""
        return self.document.file

    @property
    def errors(self) -> list[Problem]:
        """Problems that fail validation and the build."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that are only reported."""
        return [p for p in self.problems if p.severity != "error"]


def check_kb(path: str | os.PathLike[str], *, today: dt.date | None = None,
             require_spec_methods: bool = True) -> Report:
    """Run every layer that can run and collect all problems; never raises for bad data."""
    today = today or dt.date.today()
    doc = load_document(path)
    problems = list(doc.problems)
    kb = None
    if doc.data is not None:  # duplicate keys leave usable data (the last wins): go on
        shape = schema_problems(doc)
        problems += shape
        if not _has_errors(shape):  # the model and the checks rely on a schema-clean shape
            kb = KnowledgeBase.from_data(_with_dates(to_json(doc.data)))
            meaning = semantic_problems(kb, doc, today=today,
                                        require_spec_methods=require_spec_methods)
            problems += meaning
            if not _has_errors(meaning):  # the scenario walk needs consistent references
                problems += _scenario_problems(kb, doc)
            kb, problems = kit_problems(path, kb, problems)  # data/kits/ beside the file
    problems.sort(key=lambda p: (p.line or 0, p.field))
    problems += _ui_problems(path, today)
    return Report(doc, tuple(problems), None if _has_errors(problems) else kb)


def load_kb(path: str | os.PathLike[str], *, today: dt.date | None = None,
            require_spec_methods: bool = True) -> KnowledgeBase:
    """The validated KnowledgeBase; raises DataError with every problem if there is any error."""
    return load_kb_with_warnings(path, today=today, require_spec_methods=require_spec_methods)[0]


def load_kb_with_warnings(path: str | os.PathLike[str], *, today: dt.date | None = None,
                          require_spec_methods: bool = True
                          ) -> tuple[KnowledgeBase, list[Problem]]:
    """Like load_kb, and also return the warnings so the caller can print them."""
    report = check_kb(path, today=today, require_spec_methods=require_spec_methods)
    if report.kb is None:
        raise DataError(list(report.problems))
    return report.kb, report.warnings


def validate(path: str | os.PathLike[str], *, today: dt.date | None = None,
             require_spec_methods: bool = True) -> list[Problem]:
    """Every problem in the file (errors and warnings), sorted by line then field."""
    return list(check_kb(path, today=today, require_spec_methods=require_spec_methods).problems)


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def _with_dates(data: dict[str, Any]) -> dict[str, Any]:
    # The model is built from exactly what the schema checked (dates as ISO text, since editors
    # read YAML 1.2 where a date is text), then `verified` becomes a date again.
    def fix(item: dict[str, Any]) -> dict[str, Any]:
        return {**item, "verified": dt.date.fromisoformat(item["verified"])}
    return {**data, "sources": [fix(s) for s in data["sources"]],
            "methods": [fix(x) for x in data["methods"]]}


def _ui_problems(path: str | os.PathLike[str], today: dt.date) -> list[Problem]:
    # The site's UI strings (data/ui.yaml) belong to the real knowledge base, not to fixtures:
    # checked with it, they fail `make validate` and the build like any data error.
    if Path(path).resolve() != REAL_KB:
        return []
    from .checks_ui import ui_problems  # imports macros.render.i18n, which loads data/ui.yaml
    return ui_problems(today=today)


def _scenario_problems(kb: KnowledgeBase, doc: Document) -> list[Problem]:
    # The decision helper owns the walk (macros/decide/scenarios.py); messages name this file.
    return [replace(p, file=doc.file) for p in scenario_problems(kb, doc.locate)]
