"""The invalid fixtures: small patches against tests/fixtures/valid/minimal.yaml, written out as files.

tests/fixtures/invalid/<rule>.patch (variants <rule>--<what>.patch) is a unified diff of minimal.yaml
with one thing broken, its first line a comment naming what. A test session starts by writing each
as tests/fixtures/invalid/<name>.yaml (git ignores those), so messages name a real file whose lines
you can open; run `.venv/bin/python tests/invalid_fixtures.py` to write them without pytest.
A change to minimal.yaml (a new capability) reaches every fixture: hunks apply where their context
is found, nearest to where they were written. Fixtures a patch cannot express (a file that is not
UTF-8, an empty file) are committed as .yaml files and listed in KEPT.

To add one: copy minimal.yaml to /tmp/x.yaml, break it, then
`diff -u tests/fixtures/valid/minimal.yaml /tmp/x.yaml > tests/fixtures/invalid/<rule>.patch`
(keep the ---/+++ lines; their names are not read) and put a `# <rule>: what is broken` line first.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "fixtures" / "invalid"
MINIMAL = ROOT / "tests" / "fixtures" / "valid" / "minimal.yaml"
KEPT = ("file-empty", "file-encoding", "top-level-type")  # committed whole; see their first line
HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class PatchError(Exception):
    """A patch whose context is no longer in minimal.yaml."""


def apply(patch: Path, base: list[str]) -> list[str]:
    """The lines of `base` with the unified diff `patch` applied (hunks in order)."""
    out, at, offset = [], 0, 0
    lines = patch.read_text(encoding="utf-8").splitlines(keepends=True)
    i = 0
    while i < len(lines):
        match = HUNK.match(lines[i])
        i += 1
        if not match:
            continue
        old, new = [], []
        while i < len(lines) and not HUNK.match(lines[i]):
            tag, text = lines[i][:1], lines[i][1:]
            if tag in (" ", "-"):
                old.append(text)
            if tag in (" ", "+"):
                new.append(text)
            if lines[i].startswith("\\"):  # "\ No newline at end of file"
                for side in (old, new):
                    if side:
                        side[-1] = side[-1].rstrip("\n")
            i += 1
        want = int(match.group(1)) - (1 if old else 0) + offset
        start = _find(base, old, want, at)
        if start is None:
            raise PatchError(f"{patch.relative_to(ROOT)}: the hunk at line {match.group(1)} no longer "
                             f"matches {MINIMAL.relative_to(ROOT)}; write the patch again "
                             "(see tests/invalid_fixtures.py)")
        offset = start - (int(match.group(1)) - (1 if old else 0))
        out += base[at:start] + new
        at = start + len(old)
    return out + base[at:]


def _find(base: list[str], old: list[str], want: int, at: int) -> int | None:
    """Where `old` occurs in `base` at or after `at`, nearest to line index `want`."""
    spots = [s for s in range(at, len(base) - len(old) + 1) if base[s:s + len(old)] == old]
    return min(spots, key=lambda s: abs(s - want)) if spots else None


def write_all() -> list[Path]:
    """Write every patched fixture next to its patch; returns the files written."""
    base = MINIMAL.read_text(encoding="utf-8").splitlines(keepends=True)
    written = []
    for patch in sorted(INVALID.glob("*.patch")):
        target = patch.with_suffix(".yaml")
        text = "".join(apply(patch, base))
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            # Atomically: parallel test workers write the same files while others read them.
            partial = target.with_suffix(f".yaml.{os.getpid()}.tmp")
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, target)
        written.append(target)
    return written


if __name__ == "__main__":
    print(f"wrote {len(write_all())} fixtures in {INVALID.relative_to(ROOT)}", file=sys.stderr)
