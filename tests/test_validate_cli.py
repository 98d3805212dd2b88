"""`python -m macros.validate`: exit status, output, and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from macros.kb import validate as cli

ROOT = Path(__file__).resolve().parent.parent
TODAY = ["--today", "2026-11-28"]  # the fixtures' dates are relative to this day


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the validator as a contributor would, from the repository root."""
    return subprocess.run([sys.executable, "-m", "macros.kb.validate", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_valid_file_prints_ok_and_exits_0():
    result = run("tests/fixtures/valid/minimal.yaml", "--partial", *TODAY)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "tests/fixtures/valid/minimal.yaml: OK (3 methods, 3 questions, 1 scenario, "
           "3 sources)\n", "")


def test_errors_print_every_problem_then_a_summary_and_exit_1():
    result = run("tests/fixtures/invalid/source-url.yaml", "--partial", *TODAY)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert [line.split(": ", 2)[:2] for line in lines[:-1]] == [
        ["tests/fixtures/invalid/source-url.yaml:83", "sources[sm].url.ja"],
        ["tests/fixtures/invalid/source-url.yaml:88", "sources[ssh].url.en"],
        ["tests/fixtures/invalid/source-url.yaml:94", "sources[sc].url.en"],
    ]
    assert lines[-1] == "tests/fixtures/invalid/source-url.yaml: validation failed: 3 errors, " \
                        "0 warnings"
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("fixture", ["yaml-syntax", "file-empty", "file-encoding",
                                     "top-level-type", "everything-schema", "everything"])
def test_broken_files_never_show_a_traceback(fixture):
    result = run(f"tests/fixtures/invalid/{fixture}.yaml", "--partial", *TODAY)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith(
        f"tests/fixtures/invalid/{fixture}.yaml: validation failed: ")


def test_missing_file_exits_1_with_a_message():
    result = run("data/no-such-file.yaml")
    assert (result.returncode, result.stdout) == (1, (
        "data/no-such-file.yaml: (file): must exist; no such file [file-missing] "
        "(fix: check the path (the knowledge base is data/kb.yaml))\n"
        "data/no-such-file.yaml: validation failed: 1 error, 0 warnings\n"))


def test_spec_method_ids_are_required_without_partial():
    result = run("tests/fixtures/valid/minimal.yaml", *TODAY)
    assert result.returncode == 1
    assert result.stdout.count("[method-ids-spec]") == 6


def test_warnings_alone_exit_0_and_are_printed_before_ok():
    result = run("tests/fixtures/invalid/text-language.yaml", "--partial", *TODAY)
    assert result.returncode == 0
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == [
        "warning", "OK (3 methods, 3 questions, 1 scenario, 3 sources)"]


@pytest.mark.parametrize("args", [["--bogus"], ["a.yaml", "b.yaml"], ["--today", "2026-13-01"]])
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: python -m macros.validate")
    assert "Traceback" not in result.stderr


def test_stale_lists_old_entries_oldest_first():
    result = run("tests/fixtures/invalid/everything.yaml", "--partial", "--stale", *TODAY)
    assert result.returncode == 1  # --stale still refuses a file with errors, showing them
    result = run("tests/fixtures/invalid/date-stale.yaml", "--partial", "--stale", *TODAY)
    assert (result.returncode, result.stdout) == (0, (
        "tests/fixtures/invalid/date-stale.yaml:167: methods[ssh-client]: last verified "
        "2025-06-01 (545 days ago)\n"
        "tests/fixtures/invalid/date-stale.yaml: 1 of 6 entries not verified for over a year "
        "(0 sources, 1 method) as of 2026-11-28\n"))


def test_stale_lists_sources_with_their_url():
    result = run("tests/fixtures/valid/minimal.yaml", "--partial", "--stale", "--today",
                 "2028-01-01")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == (
        "tests/fixtures/valid/minimal.yaml:84: sources[sm]: last verified 2026-11-01 (426 days "
        "ago) https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html")
    assert result.stdout.splitlines()[-1] == (
        "tests/fixtures/valid/minimal.yaml: 6 of 6 entries not verified for over a year "
        "(3 sources, 3 methods) as of 2028-01-01")


def test_a_validator_bug_is_a_message_not_a_traceback(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise KeyError("capabilities")

    monkeypatch.setattr(cli, "check_kb", broken)
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    assert cli.main(["data/kb.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("data/kb.yaml: internal error: the validator itself failed with KeyError: "
                   "'capabilities'. This is a validator bug, not a problem in your data; please "
                   "report it with the file (set KB_VALIDATOR_DEBUG=1 for the traceback).\n")
