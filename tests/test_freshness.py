"""Freshness: every method page shows when its facts were checked; old dates warn, never fail.

The validator's own tests cover the rule on a small fixture (tests/test_validate_rules.py
test_warnings_alone_do_not_fail, tests/test_validate_cli.py test_stale_lists_old_entries_oldest_first);
these run it on a copy of the real data through the commands the docs give.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros.render.i18n import fill
from macros.kb.load import load_kb
from macros.render.common import fmt_date
from test_project_copy_support import page

ROOT = Path(__file__).resolve().parent.parent
AGED = "putty"  # the method whose verified date the copy moves two years back


@pytest.mark.parametrize("lang, root", [("en", "/"), ("ja", "/ja/")])
def test_every_method_page_shows_its_last_verified_date(built_site, lang, root):
    for method in load_kb(ROOT / "data/kb.yaml").methods:
        text = page(built_site, f"{root}methods/{method.id}/")
        date = fmt_date(method.verified, lang)
        assert fill("method.glance.verified", lang, date=date) in text, method.id
        assert fill("method.sources.last", lang, date=date) in text, method.id


@pytest.fixture(scope="module")
def aged(tmp_path_factory) -> tuple[Path, dt.date, dt.date]:
    """A copy of data/kb.yaml whose AGED method was last verified two years before `today`."""
    data = yaml.safe_load((ROOT / "data/kb.yaml").read_text(encoding="utf-8"))
    # "Today" is the newest date in the data, so no other date is in the future.
    today = max(entry["verified"] for entry in data["sources"] + data["methods"])
    old = today - dt.timedelta(days=730)
    next(m for m in data["methods"] if m["id"] == AGED)["verified"] = old
    path = tmp_path_factory.mktemp("aged") / "kb.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200),
                    encoding="utf-8")
    return path, today, old


def validate(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "macros.kb.validate", str(path), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_two_year_old_date_warns_without_failing(aged):
    path, today, old = aged
    result = validate(path, "--today", today.isoformat())
    assert result.returncode == 0, result.stdout + result.stderr
    warning = re.compile(
        rf"{re.escape(str(path))}:\d+: warning: methods\[{AGED}\]\.verified: must be re-checked; "
        rf"facts not verified for over a year \(last verified {old}, 730 days ago\) "
        r"\[date-stale\] \(fix: re-read the cited pages, correct what changed, then set verified "
        r"to today's date\)")
    assert any(warning.fullmatch(line) for line in result.stdout.splitlines()), result.stdout
    assert re.fullmatch(rf"{re.escape(str(path))}: OK \(\d+ methods, .*\)",
                        result.stdout.splitlines()[-1])


def test_stale_listing_names_the_old_method(aged):
    path, today, old = aged
    result = validate(path, "--stale", "--today", today.isoformat())
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(rf"^{re.escape(str(path))}:\d+: methods\[{AGED}\]: last verified {old} "
                     r"\(730 days ago\)$", result.stdout, re.M), result.stdout
    assert re.search(r"entries not verified for over a year \(\d+ sources?, [1-9]\d* methods?\) "
                     rf"as of {today}$", result.stdout.splitlines()[-1])


def test_make_stale_runs_the_listing():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^stale: \$\(VENV\)\n\t\$\(PYTHON\) -m macros\.validate data/kb\.yaml "
                     r"--stale$", makefile, re.M)
