"""A data-only contribution reaches a green test run: no test pins the data it may change.

Two copies of the project are made, each with one change a contributor makes by following
CONTRIBUTING.md and nothing else:

- a new method pasted from the commented method template (under a fresh id), its id appended to
  `ranking.order`, and a new source it cites put *first* under `sources:` (order must not matter);
- a new scenario pasted from the scenario template (under a fresh id).

On each copy the validator and `make permalinks` (which appends the new URLs and writes the new
method's option into the issue form) run, then the data-dependent suites (engine, tree,
scenarios, the bastion guide, the contributor docs with the issue forms, and the permalink
derivation) must pass unchanged: no file outside data/ is edited by hand. The suites
run in a subprocess inside the copy, so they read the copy's data/kb.yaml exactly as `make test`
reads the real one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_contrib_docs import template
from test_project_copy_support import COPIED, KB, ROOT, TEMPLATE_ID

FRESH_METHOD = "contributing-data-only"
FRESH_SCENARIO = "contributing-data-only-scenario"
FRESH_SOURCE = "contributing-data-only-source"
SCENARIO_TEMPLATE_ID = "locked-out"
# The suites that read data/kb.yaml and must not pin what a contributor may add.
DATA_SUITES = ("tests/test_engine.py", "tests/test_tree.py", "tests/test_scenarios.py",
               "tests/test_render_bastion.py", "tests/test_contrib_docs.py",
               "tests/test_validate_real_kb.py")
# A real AWS page that data/kb.yaml does not cite yet (the twin-URL rule forbids a duplicate).
NEW_SOURCE = {
    "id": FRESH_SOURCE,
    "title": {"en": "Amazon EC2 instance types", "ja": "Amazon EC2 インスタンスタイプ"},
    "url": {"en": "https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html",
            "ja": "https://docs.aws.amazon.com/ja_jp/ec2/latest/instancetypes/instance-types.html"},
    "verified": None,  # filled with a date the validator accepts, see new_source()
}


def new_source() -> dict:
    """The new source, verified on the same date as the first real source (never in the future)."""
    data = yaml.safe_load((ROOT / KB).read_text(encoding="utf-8"))
    return {**NEW_SOURCE, "verified": data["sources"][0]["verified"]}


def fresh(text: str, old: str, new: str, kind: str) -> str:
    """The template `text` under the id `new` instead of `old`."""
    changed = text.replace(f"- id: {old}\n", f"- id: {new}\n", 1)
    if f"- id: {new}\n" not in changed:
        pytest.fail(f"CONTRIBUTING.md: the {kind} template no longer starts with '- id: {old}' "
                    f"[template-id] (fix: keep the template's id line, or update "
                    f"{Path(__file__).name} to the new id)", pytrace=False)
    return changed


def kb_text(section: str, entry: str, *, ranked: str | None = None,
            source: dict | None = None) -> str:
    """data/kb.yaml re-dumped with `entry` appended verbatim to `section` (the last key), the id
    `ranked` appended to ranking.order and `source` put first under sources:."""
    data = yaml.safe_load((ROOT / KB).read_text(encoding="utf-8"))
    if ranked:
        data["ranking"]["order"].append(ranked)
    if source:
        data["sources"].insert(0, source)
    items = data.pop(section)
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)
    dumped = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=200)
    body = "".join("  " + line + "\n" for line in dumped.splitlines())
    return f"{head}{section}:\n{body}{entry}"


def method_entry() -> str:
    """The method template under a fresh id, also citing the new source."""
    text = fresh(template("method"), TEMPLATE_ID, FRESH_METHOD, "method")
    marker = "\n    sources: ["
    if text.count(marker) != 1:
        pytest.fail("CONTRIBUTING.md: the method template must have one method-level "
                    "'    sources: [...]' line [template-sources] (fix: keep the flow list "
                    "form '    sources: [a, b]')", pytrace=False)
    return text.replace(marker, f"{marker}{FRESH_SOURCE}, ", 1)


def copy_with(dest: Path, kb: str) -> Path:
    """A copy of the project (build inputs plus tests and tool config) with `kb` as data/kb.yaml."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
    for name in (*COPIED, "tests", ".github", ".pre-commit-config.yaml", "pyproject.toml", "Makefile", "CONTRIBUTING.md",
                 "README.md", "HACKING.md"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=ignore)
        elif (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    (dest / KB).write_text(kb, encoding="utf-8")
    return dest


def run_suites(project: Path, what: str) -> None:
    """Validate the copy, then run DATA_SUITES in it; fail naming the change and the output."""
    checks = [
        ([sys.executable, "-m", "macros.kb.validate", str(KB)], "make validate"),
        ([sys.executable, "-m", "scripts.permalinks", "--write"], "make permalinks"),
        ([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
          "-k", "not browser and not build", *DATA_SUITES], "the data-dependent suites"),
    ]
    for command, name in checks:
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            pytest.fail(f"data/kb.yaml with {what} (a data-only change made as CONTRIBUTING.md "
                        f"says): {name} failed; a test or check pins data a contributor may add "
                        f"(fix: derive the expectation from the data, or give the test a fixture "
                        f"of its own)\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}",
                        pytrace=False)


def test_a_new_method_from_the_template_passes_the_data_suites(tmp_path):
    kb = kb_text("methods", method_entry(), ranked=FRESH_METHOD, source=new_source())
    project = copy_with(tmp_path / "project", kb)
    run_suites(project, f"a new method {FRESH_METHOD!r} from the template and a new first source")
    # `make permalinks` wrote the new method's option into the fact form (the suites above check
    # the whole form against the data); nothing outside data/ was edited by hand.
    name = yaml.safe_load(method_entry())[0]["name"]["en"]
    form = (project / ".github/ISSUE_TEMPLATE/fact-wrong.yml").read_text(encoding="utf-8")
    assert f"        - {FRESH_METHOD} ({name})\n" in form, (
        f".github/ISSUE_TEMPLATE/fact-wrong.yml: body[method].attributes.options: must list "
        f"{FRESH_METHOD!r} after `make permalinks` [form-generated-options] (fix: make "
        f"scripts/permalinks.py --write regenerate the issue forms' method options)")


def test_a_new_scenario_from_the_template_passes_the_data_suites(tmp_path):
    entry = fresh(template("scenario"), SCENARIO_TEMPLATE_ID, FRESH_SCENARIO, "scenario")
    run_suites(copy_with(tmp_path / "project", kb_text("scenarios", entry)),
               f"a new scenario {FRESH_SCENARIO!r} from the template")
