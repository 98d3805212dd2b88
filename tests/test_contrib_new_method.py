"""Adding a method by following CONTRIBUTING.md reaches every table, page and decision.

The commented method template is pasted, under a fresh id, into a copy of data/kb.yaml (and its
id into ranking.order), and the copy is built once for every assertion here. The template is a
shortened Session Manager entry with Session Manager's capability values, so the decision tree
must treat the new method exactly as it treats Session Manager.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from macros.decide import api
from macros.kb.model import TABLES
from scripts.permalinks import METHOD_ANCHORS
from test_contrib_docs import template
from test_project_copy_support import (KB, ROOT, TEMPLATE_ID, build, copy_project,
                                       kb_with_method, method_template, page)

FRESH = "contributing-new-method"
LANG_ROOTS = ("/", "/ja/")


@pytest.fixture(scope="module")
def entry() -> dict[str, Any]:
    """The template entry as data, under its fresh id."""
    return yaml.safe_load(method_template(FRESH))[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory, build_project) -> Path:
    """The copy with the new method, built once (both languages)."""
    tmp = tmp_path_factory.mktemp("new-method")
    project = copy_project(tmp / "project")
    (project / KB).write_text(kb_with_method(FRESH), encoding="utf-8")
    return build(build_project, project, tmp / "site")


@pytest.fixture(scope="module")
def decision_tree(site) -> dict[str, Any]:
    return json.loads((site / "api/v1/decision-tree.json").read_text(encoding="utf-8"))


def leaves(doc: dict[str, Any]) -> Iterator[tuple[tuple, dict[str, Any]]]:
    """Every (answers, leaf) of decision-tree.json, walked from its root."""
    return api.leaves_json(doc)


def test_new_method_is_recommended_wherever_its_twin_is(decision_tree):
    assert decision_tree["methods"][-1] == FRESH
    found = list(leaves(decision_tree))
    new = {path for path, leaf in found if FRESH in leaf["recommend"]}
    twin = {path for path, leaf in found if TEMPLATE_ID in leaf["recommend"]}
    assert new and new == twin
    # ranking.order puts it last, so it always follows the twin it ties with.
    for path, leaf in found:
        if FRESH in leaf["recommend"]:
            assert leaf["recommend"].index(FRESH) > leaf["recommend"].index(TEMPLATE_ID)


def test_new_method_is_excluded_for_the_same_answers_with_its_own_notes(decision_tree, entry):
    why: dict[str, dict[tuple, tuple]] = {FRESH: {}, TEMPLATE_ID: {}}
    for path, leaf in leaves(decision_tree):
        for e in leaf["excluded"]:
            if e["method"] in why:
                why[e["method"]][path] = (e["question"], e["answer"])
    assert why[FRESH] and why[FRESH] == why[TEMPLATE_ID]
    # Where egress=no rules it out, the reason ends with the template's own instance_egress note.
    note = entry["capabilities"]["instance_egress"]["note"]
    reasons = [decision_tree["reasons"][e["reason"]] for _, leaf in leaves(decision_tree)
               for e in leaf["excluded"]
               if e["method"] == FRESH and (e["question"], e["answer"]) == ("egress", "no")]
    assert reasons and all(r["en"].endswith(" " + note["en"]) and r["ja"].endswith(note["ja"])
                           for r in reasons)


# ---- A broken entry stops the build ---------------------------------------------------------

MISSING_JA_NAME = ('name: {en: "Session Manager", ja: "Session Manager"}',
                   'name: {en: "Session Manager"}')


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory) -> tuple[Path, int]:
    """A copy whose new method lacks its Japanese name, and the line of that name."""
    entry = method_template(FRESH)
    assert entry.count(MISSING_JA_NAME[0]) == 1
    text = kb_with_method(FRESH, entry.replace(*MISSING_JA_NAME))
    project = copy_project(tmp_path_factory.mktemp("broken") / "project")
    (project / KB).write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"    {MISSING_JA_NAME[1]}") + 1
    return project, line


def expected_error(line: int) -> str:
    """The validator's line for the missing name: file:line: item.field: rule (fix)."""
    return (f'data/kb.yaml:{line}: methods[{FRESH}].name.ja: must be present [schema-required] '
            '(fix: write the Japanese text: ja: "...")')


def test_missing_japanese_name_fails_the_build_with_one_located_line(broken_project,
                                                                      build_project):
    project, line = broken_project
    out = project.parent / "site"
    result = build_project(project, out)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        expected_error(line), "validation failed: 1 error(s); nothing was built"]
    assert "Traceback" not in result.stdout + result.stderr
    assert not out.exists()


def test_missing_japanese_name_stops_mkdocs_itself(broken_project):
    # `mkdocs build` and `mkdocs serve` run without scripts/build.py: the hook stops them too.
    project, line = broken_project
    out = project.parent / "mkdocs-site"
    result = subprocess.run(
        # No --quiet: it hides warnings from --strict (see scripts/build.py).
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.ja.yml", "-d",
         str(out)], cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    assert result.returncode == 1
    assert expected_error(line) in result.stderr.splitlines()
    assert "Traceback" not in result.stdout + result.stderr
    assert not (out / "index.html").exists()


def test_contributing_states_both_languages_are_required():
    # The rule the broken entry breaks is the one CONTRIBUTING.md gives for every entry.
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert 'Every text is a pair `{en: "...", ja: "..."}`; both are required' in text
    assert "# name (required)" in template("method")
