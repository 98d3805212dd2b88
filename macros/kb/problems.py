"""Located data problems and the one message grammar every validator rule uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One thing wrong in a data file, located precisely enough to fix without searching.

    Rendered as:  data/kb.yaml:123: methods[session-manager].name.ja: must not be empty
                  [empty-text] (fix: write the Japanese text)
    """

    file: str  # path as the contributor typed it or as the repo names it, e.g. data/kb.yaml
    line: int | None  # 1-based line of the offending node, None when the file itself is at fault
    item: str | None  # the item's id or key, e.g. "session-manager", or None at top level
    field: str  # dotted path from the item, e.g. "methods[session-manager].capabilities.reach";
    # list items by id or key, else by 1-based position (field_path below renders it)
    rule: str  # stable rule name, e.g. "duplicate-id"
    message: str  # what is wrong, phrased as the rule: "must ...", "is not ..."
    fix: str  # how to put it right
    severity: str = "error"  # "error" fails validation and the build; "warning" only reports

    def format(self) -> str:
        """Render the problem on one line, compiler style."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {label}{self.field}: {self.message} [{self.rule}] (fix: {self.fix})"


def position(index: int) -> str:
    """A 0-based list index as people count it: the first item is 1."""
    return str(index + 1)


def field_path(path: Sequence[Any], name: Callable[[int], str | None] | None = None) -> str:
    """Render a path of keys and 0-based list indexes for people, as every message shows it.

    Keys join with dots; a list item shows as [its name] when `name(end)` gives one for the item
    at path[:end] (an id or key), else as [its 1-based position]:
    ("methods", 0, "connect", 2, "shell") -> methods[session-manager].connect[3].shell.
    """
    text = ""
    for end, step in enumerate(path, start=1):
        if isinstance(step, int) and not isinstance(step, bool):
            text += f"[{(name(end) if name else None) or position(step)}]"
        else:
            text += f".{step}" if text else str(step)
    return text


class DataError(Exception):
    """Raised when the knowledge base has errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the knowledge base")

    def report(self) -> str:
        """Every problem on its own line, then a one-line summary."""
        lines = [p.format() for p in self.problems]
        errors = sum(p.severity == "error" for p in self.problems)
        lines.append(f"validation failed: {errors} error(s); nothing was built")
        return "\n".join(lines)
