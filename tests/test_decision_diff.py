"""The decision-change report (scripts/decision_diff.py, `make decision-diff BASE=<ref>`)."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros.decide import engine, tree
from macros.kb.load import check_kb, load_kb
from scripts import decision_diff

ROOT = Path(__file__).resolve().parent.parent
OLD = "tests/fixtures/diff/old.yaml"
NEW = "tests/fixtures/diff/new.yaml"
DEFINITION = [
    "A decision path is one result on /decide/: the answers to the questions the old or the new tree asks",
    "on the way, as the link that shows it on either site. An answer combination answers all 3 questions",
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The report as a contributor runs it, from the repository root."""
    return subprocess.run([sys.executable, "-m", "scripts.decision_diff", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def dump(path: Path, data: dict) -> str:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200),
                    encoding="utf-8")
    return str(path)


def test_fixtures_differ_in_one_capability_only():
    old, new = (yaml.safe_load((ROOT / f).read_text(encoding="utf-8")) for f in (OLD, NEW))
    serial = next(m for m in new["methods"] if m["id"] == "ec2-serial-console")
    assert serial["capabilities"]["instance_os"]["value"] == ["linux"]
    next(m for m in old["methods"] if m["id"] == "ec2-serial-console")["capabilities"] = \
        serial["capabilities"]
    assert old == new


def test_report_on_the_fixtures_is_exact():
    result = run("--old", OLD, "--new", NEW, "--partial")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"Decision changes: {OLD} → {NEW}",
        "",
        "Scenarios: 1 of 2 change their recommendation",
        "  locked-out-windows: ec2-serial-console → nothing",
        "",
        "Decision paths: 1 of 5 change their recommendation, 1 of them dead ends, 1 the first "
        "choice (2 of 8 answer combinations)",
        "  [DEAD END] /decide/?v=1&broken=yes&os=windows: ec2-serial-console → nothing",
        "",
        *DEFINITION,
        "(2 × 2 × 2 = 8).",
    ]


def test_an_answer_only_one_side_knows(tmp_path):
    # The new side adds ui=desktop: where the old tree asks `ui`, /decide/ would ask it again.
    data = yaml.safe_load((ROOT / OLD).read_text(encoding="utf-8"))
    ui = next(q for q in data["questions"] if q["key"] == "ui")
    ui["answers"].append({"key": "desktop", "text": {"en": "A remote desktop", "ja": "リモートデスクトップ"},
                          "requires": [{"capability": "interfaces", "per": "os",
                                        "includes": "desktop",
                                        "reason": {"en": "No desktop.", "ja": "デスクトップはありません。"}}]})
    locked_out = next(s for s in data["scenarios"] if s["id"] == "locked-out-windows")
    locked_out["assumed"] = {"ui": "terminal"}  # the new tree asks ui there
    locked_out["assumed_note"] = {"en": "A serial console is text.", "ja": "シリアルコンソールはテキストです。"}
    new = dump(tmp_path / "new.yaml", data)
    result = run("--old", OLD, "--new", new, "--partial")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2:9] == [
        "Scenarios: none of 2 change their recommendation",
        "",
        "Decision paths: 2 of 7 change their recommendation, 2 of them dead ends, 2 the first "
        "choice (3 of 12 answer combinations)",
        "  [DEAD END] /decide/?v=1&broken=yes&ui=desktop: ec2-serial-console → nothing",
        "  [DEAD END] /decide/?v=1&broken=no&os=linux&ui=desktop: no result (asks 'ui' "
        "again) → nothing",
        "",
        DEFINITION[0],
    ]


def test_removed_scenario_is_listed(tmp_path):
    data = yaml.safe_load((ROOT / OLD).read_text(encoding="utf-8"))
    data["scenarios"] = [s for s in data["scenarios"] if s["id"] != "linux-browser"]
    result = run("--old", OLD, "--new", dump(tmp_path / "new.yaml", data), "--partial")
    assert result.stdout.splitlines()[2:4] == [
        "Scenarios: 1 of 2 change their recommendation",
        "  linux-browser: session-manager → (no such scenario)"]


def brute_force(old_kb, new_kb) -> int:
    """Answer combinations whose candidates differ, straight from the engine (no tree)."""
    keys = [q.key for q in new_kb.questions]
    changed = 0
    for combo in itertools.product(*([a.key for a in q.answers] for q in new_kb.questions)):
        answers = dict(zip(keys, combo))
        changed += engine.candidates(old_kb, answers) != engine.candidates(new_kb, answers)
    return changed


@pytest.fixture(scope="module")
def real_change(tmp_path_factory):
    """The real data, and a copy where EC2 Instance Connect Endpoint suits bulk transfers."""
    data = yaml.safe_load((ROOT / "data/kb.yaml").read_text(encoding="utf-8"))
    eice = next(m for m in data["methods"] if m["id"] == "ec2-instance-connect-endpoint")
    eice["capabilities"]["bulk_transfer"]["value"] = True
    for s in data["scenarios"]:  # an expectation that would now fail validation
        exclude = s.get("expect", {}).get("exclude", [])
        if eice["id"] in exclude:
            exclude.remove(eice["id"])
            # It now meets the ranking criteria that put it above the method expected first.
            s["expect"].pop("first", None)
    new = dump(tmp_path_factory.mktemp("diff") / "kb.yaml", data)
    return (decision_diff.load(ROOT / "data/kb.yaml", "data/kb.yaml"),
            decision_diff.load(Path(new), new))


def test_counts_agree_with_the_engine_on_every_answer_combination(real_change):
    old, new = real_change
    paths = list(decision_diff.paths(old, new))
    combinations = 1
    for q in new.kb.questions:
        combinations *= len(q.answers)
    assert sum(p.combinations for p in paths) == combinations
    changed = sum(p.combinations for p in paths if p.old != p.new)
    assert changed == brute_force(old.kb, new.kb) > 0
    for p in paths:  # each path's link shows on either site what the engine gives for it
        assert p.old == engine.candidates(old.kb, p.answers)
        assert p.new == engine.candidates(new.kb, p.answers)


def test_scenario_lines_come_from_the_engine(real_change):
    old, new = real_change
    lines = decision_diff.report(old, new)
    moved = []
    for s in new.kb.scenarios:
        before = engine.candidates(old.kb, s.all_answers(old.kb.questions))
        after = engine.candidates(new.kb, s.all_answers(new.kb.questions))
        if before != after:
            moved.append(f"  {s.id}: {', '.join(before) or 'nothing'} → "
                         f"{', '.join(after) or 'nothing'}")
    assert moved, "the change no longer moves any scenario; pick another capability to change"
    assert lines[2] == f"Scenarios: {len(moved)} of {len(new.kb.scenarios)} change their " \
                       "recommendation"
    assert lines[3:3 + len(moved)] == moved


def test_same_data_changes_nothing():
    kb = load_kb(ROOT / "data/kb.yaml")
    result = run("--old", "data/kb.yaml", "--new", "data/kb.yaml")
    paths = len(list(tree.paths(tree.build(kb))))
    assert result.returncode == 0
    assert result.stdout.splitlines()[2:5] == [
        f"Scenarios: none of {len(kb.scenarios)} change their recommendation", "",
        f"Decision paths: none of {paths:,} change their recommendation (none of "
        f"{sum(1 for _ in itertools.product(*(q.answers for q in kb.questions))):,} answer "
        "combinations)"]


def test_base_is_read_from_git():
    if subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", "HEAD:data/kb.yaml"]).returncode:
        pytest.skip("no git history with data/kb.yaml")
    result = run("--base", "HEAD")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == "Decision changes: HEAD:data/kb.yaml → data/kb.yaml"


def test_unknown_base_exits_1_with_a_message():
    result = run("--base", "no-such-branch-for-sure")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "BASE 'no-such-branch-for-sure' is not a git revision of this repository; give a branch, "
        "tag or commit (in CI, fetch the base branch with fetch-depth: 0), or compare two files "
        "with --old FILE --new FILE\n")


def test_invalid_revision_exits_1_with_the_located_report():
    broken = "tests/fixtures/invalid/source-url.yaml"
    result = run("--old", broken, "--new", NEW, "--partial")
    errors = check_kb(ROOT / broken, require_spec_methods=False).errors
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [re.sub(r"^[^:]*source-url\.yaml", broken, p.format())
                                          for p in errors] + [
        f"{broken}: validation failed: 3 error(s); no decision-change report"]
    assert result.stderr.startswith(f"{broken}:83: sources[sm].url.ja: ")
    assert "Traceback" not in result.stderr


def test_make_target_prints_only_the_report():
    # CI pastes `make --no-print-directory decision-diff BASE=...` into the run's summary.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^decision-diff: \$\(VENV\)\n\t@\$\(PYTHON\) -m scripts\.decision_diff "
                     r'--base "\$\(BASE\)" \$\(if \$\(LIMIT\),--limit "\$\(LIMIT\)"\)', makefile,
                     re.M), "Makefile: decision-diff must pass BASE and LIMIT to the script"
    stamp = subprocess.run(["make", "-q", ".venv/.requirements-installed"], cwd=ROOT)
    if stamp.returncode != 0:
        pytest.skip("make would reinstall .venv first")
    result = subprocess.run(["make", "--no-print-directory", "decision-diff", "BASE=HEAD"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Decision changes: HEAD:data/kb.yaml → data/kb.yaml\n")


def test_dead_ends_then_first_choices_come_first_and_more_says_how(real_change):
    old, new = real_change
    lines = decision_diff.report(old, new, limit=0)
    listed = [line.split("]", 1)[0] for line in lines if line.startswith("  [")]
    order = ["  [DEAD END", "  [FIRST CHOICE", "  [order"]
    assert listed and listed == sorted(listed, key=order.index), listed
    short = decision_diff.report(old, new, limit=1, more_hint="make decision-diff LIMIT=0")
    more = [line for line in short if line.startswith("  ... and ")]
    assert more == [f"  ... and {len(listed) - 1:,} more (list them all with make decision-diff "
                    "LIMIT=0)"], short


def test_a_broken_expectation_still_gets_a_report(tmp_path):
    data = yaml.safe_load((ROOT / NEW).read_text(encoding="utf-8"))
    s = next(s for s in data["scenarios"] if s["id"] == "linux-browser")
    s["expect"] = {"first": "ec2-serial-console"}
    new = dump(tmp_path / "new.yaml", data)
    result = run("--old", OLD, "--new", new, "--partial")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[2] == ("Broken expectations: 1 (make validate fails on them; the report below "
                      "shows what the tree gives now)"), result.stdout
    assert out[3].startswith(f"  {new}:") and out[3].endswith(
        "scenarios[linux-browser].expect.first: must recommend 'ec2-serial-console' first; the "
        "tree recommends session-manager [scenario-expectation] (fix: correct the scenario's "
        "answers or its expect, or the capabilities behind them)"), out[3]
    assert any(line.startswith("Decision paths: ") for line in out)
