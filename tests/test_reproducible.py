"""Two clean builds of one checkout are byte for byte the same (reproducible builds).

The session's `built_site` is one build; this module makes the second, into another folder, with
another PYTHONHASHSEED (set and dict orders must never reach the output) and the same SITE_URL,
with the languages built one after the other (`--jobs 1`) where the session's build may build them
in parallel: both ways must publish the same bytes.
MkDocs dates the sitemap (<lastmod>, and the gzip header of sitemap.xml.gz) with the build day,
or SOURCE_DATE_EPOCH when set: the second build is pinned to the first one's day, so a run that
crosses midnight still compares like with like.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Files allowed to differ between two builds, with the reason. Empty: every output is ours to pin.
DIFFER_BY_DESIGN: dict[str, str] = {}


def digests(site: Path) -> dict[str, str]:
    """Every file of a built site with the hash of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def build_day(site: Path) -> dt.date:
    """The day MkDocs stamped on the build (the sitemap's <lastmod>)."""
    days = set(re.findall(r"<lastmod>(\d{4}-\d\d-\d\d)</lastmod>",
                          (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert len(days) == 1, days
    return dt.date.fromisoformat(days.pop())


@pytest.fixture(scope="module")
def second_build(built_site, tmp_path_factory) -> Path:
    """The same checkout built again, elsewhere, with another hash seed, on the first build's day,
    one language after the other."""
    out = tmp_path_factory.mktemp("again") / "site"
    day = build_day(built_site)
    env = {**os.environ, "PYTHONHASHSEED": "4242",
           "SOURCE_DATE_EPOCH": str(calendar.timegm(day.timetuple()))}
    result = subprocess.run([sys.executable, "scripts/build.py", "--out", str(out), "--quiet",
                             "--jobs", "1"],
                            cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_two_builds_of_one_checkout_are_identical(built_site, second_build):
    first, second = digests(built_site), digests(second_build)
    assert sorted(first) == sorted(second)
    differ = {path for path in first if first[path] != second[path]}
    assert differ == set(DIFFER_BY_DESIGN), sorted(differ - set(DIFFER_BY_DESIGN))
    assert len(first) > 100  # both languages, assets and the API: a real site was compared


def test_sitemap_dates_follow_the_build_day(built_site, second_build):
    # What the pinning above relies on: MkDocs stamps the day, not the time, and honours
    # SOURCE_DATE_EPOCH, both in the sitemap and in the gzip header of its compressed copy.
    day = build_day(second_build)
    assert day == build_day(built_site)
    for lang_root in (second_build, second_build / "ja"):
        raw = (lang_root / "sitemap.xml.gz").read_bytes()
        mtime = int.from_bytes(raw[4:8], "little")
        assert dt.datetime.fromtimestamp(mtime, dt.timezone.utc).date() == day
        assert gzip.decompress(raw) == (lang_root / "sitemap.xml").read_bytes()
