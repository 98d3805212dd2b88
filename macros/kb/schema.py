"""Check a loaded document against data/kb.schema.json and turn every error into a Problem."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from .document import Document
from .problems import Problem
from .schema_errors import convert
from macros.kb.rules import descriptions

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "data" / "kb.schema.json"

# Rule name -> what it means; every rule has a failing fixture in tests/fixtures/invalid/.
RULES = descriptions("schema")  # this layer's rules, from the registry (macros/kb/rules.py)


def load_schema(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    """Read the JSON Schema for the knowledge base."""
    return json.loads(path.read_text(encoding="utf-8"))


def to_json(value: Any) -> Any:
    """A copy with YAML dates as ISO strings, the form the schema (and JSON editors) expect."""
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):  # a datetime prints its time and fails
        return value.isoformat()
    return value


def schema_problems(doc: Document, schema: dict[str, Any] | None = None) -> list[Problem]:
    """Every schema error in `doc` (all of them, not just the first), as located Problems."""
    schema = schema or load_schema()
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems: dict[tuple, Problem] = {}  # one error per missing key can repeat: keep one each
    for error in validator.iter_errors(to_json(doc.data)):
        for problem in convert(doc, schema, error):
            problems.setdefault((problem.line, problem.field, problem.rule, problem.message),
                                problem)
    return list(problems.values())
