"""Located data problems and the one message grammar every validator rule uses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One thing wrong in a data file, located precisely enough to fix without searching.

    Rendered as:  data/kb.yaml:123: methods[session-manager].name.ja: must not be empty
                  [empty-text] (fix: write the Japanese text)
    """

    file: str  # path as the contributor typed it or as the repo names it, e.g. data/kb.yaml
    line: int | None  # 1-based line of the offending node, None when the file itself is at fault
    item: str | None  # the item's id or key, e.g. "session-manager", or None at top level
    field: str  # dotted path from the item, e.g. "methods[session-manager].capabilities.reach"
    rule: str  # stable rule name, e.g. "duplicate-id"
    message: str  # what is wrong, phrased as the rule: "must ...", "is not ..."
    fix: str  # how to put it right
    severity: str = "error"  # "error" fails validation and the build; "warning" only reports

    def format(self) -> str:
        """Render the problem on one line, compiler style."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {label}{self.field}: {self.message} [{self.rule}] (fix: {self.fix})"


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
