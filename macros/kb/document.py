"""A loaded data file: its content, the line of every key and item, and located Problems."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem, field_path

JsonPath = tuple[Any, ...]  # keys (str) and list indexes (int) from the top of the document

TOP_LEVEL = "(top level)"  # the field name for problems about the whole document
WHOLE_FILE = "(file)"  # ... about the file itself (missing, empty, not YAML)
ITEM_LISTS = ("methods", "sources", "questions", "scenarios")  # lists whose items carry an id


@dataclass
class Document:
    """A loaded data file: its content (None when unusable), key lines and load problems."""

    file: str
    data: Any = None
    lines: dict[JsonPath, int] = field(default_factory=dict)
    raw_bools: dict[JsonPath, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def locate(self, path: JsonPath) -> int | None:
        """Line of `path`, or of its nearest recorded ancestor (a missing key -> its mapping)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def node(self, path: JsonPath) -> Any:
        """The value at `path`, or None when the path does not exist."""
        value = self.data
        for step in path:
            try:
                value = value[step]
            except (KeyError, IndexError, TypeError):
                return None
        return value

    def item(self, path: JsonPath) -> str | None:
        """The id or key of the top-level list item `path` lies in (methods[3] -> its id)."""
        if len(path) < 2 or path[0] not in ITEM_LISTS or not isinstance(path[1], int):
            return None
        return _item_id(self.node(path[:2]))

    def field(self, path: JsonPath) -> str:
        """Render `path` as methods[session-manager].connect[3].shell (ids, else 1-based)."""
        return field_path(path, lambda end: _item_id(self.node(path[:end]))) or TOP_LEVEL

    def problem(self, path: JsonPath, rule: str, message: str, fix: str, *,
                severity: str = "error", line: int | None = None) -> Problem:
        """A Problem located at `path` in this file."""
        return Problem(file=self.file, line=line or self.locate(path), item=self.item(path),
                       field=self.field(path), rule=rule, message=message, fix=fix,
                       severity=severity)


def _item_id(item: Any) -> str | None:
    # Items are named by `id` (methods, sources, scenarios) or `key` (questions, answers).
    if isinstance(item, dict):
        for name in ("id", "key"):
            if isinstance(item.get(name), str) and item[name].strip():
                # A runaway id would repeat in every message about its item: show its start.
                value = item[name]
                return value if len(value) <= 60 else f"{value[:40]}...({len(value):,} characters)"
    return None


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as the contributor would type it: relative to the working directory if inside."""
    text = os.fspath(path)
    if os.path.isabs(text):
        try:
            relative = Path(text).resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return text
        return relative.as_posix()
    return text


def describe(value: Any) -> str:
    """Show a value in messages: text in single quotes, YAML spellings for the rest."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return "'" + shown.replace("\n", "\\n") + "'"
    return str(value)
