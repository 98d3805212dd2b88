"""Helpers for tests that build a changed copy of the project: copy it, add a method, build it.

No tests live here; tests/test_permalinks.py and tests/test_contrib_new_method.py import these.
Each full bilingual build is slow on a small machine, so callers build once per module.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

from test_contrib_docs import kb_text_with, template

ROOT = Path(__file__).resolve().parent.parent
# What scripts/build.py needs to build the site (and what scripts/permalinks.py reads).
COPIED = ("data", "docs", "hooks", "macros", "overrides", "scripts", "mkdocs.yml", "mkdocs.ja.yml")
KB = Path("data/kb.yaml")
TEMPLATE_ID = "session-manager"  # the id the method template of CONTRIBUTING.md carries


def copy_project(dest: Path) -> Path:
    """A copy of what the build reads, at `dest`."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, dest / name)
    return dest


def method_template(method_id: str) -> str:
    """The commented method template of CONTRIBUTING.md, verbatim but for its id."""
    text = template("method").replace(f"- id: {TEMPLATE_ID}\n", f"- id: {method_id}\n", 1)
    assert f"- id: {method_id}\n" in text, "the method template no longer starts with its id"
    return text


def kb_with_method(method_id: str, entry: str | None = None) -> str:
    """data/kb.yaml with `entry` (default: the template) added under methods: and ranking.order,
    as CONTRIBUTING.md tells a contributor to do."""
    return kb_text_with("methods", entry or method_template(method_id), ranked=method_id)


def build(build_project: Callable, project: Path, out: Path) -> Path:
    """Build `project` into `out` with its scripts/build.py; fail the test with the output if not."""
    result = build_project(project, out)
    if result.returncode != 0:
        pytest.fail(f"building {project} failed ({result.returncode}):\n{result.stdout}\n"
                    f"{result.stderr}", pytrace=False)
    return out


def page(site: Path, url: str) -> str:
    """The HTML of the built page at `url` (a path such as /ja/methods/x/)."""
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
