"""Whatever a contributor types, the validator answers with Problems, never a traceback."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from macros.kb.document import Document
from macros.kb.load import check_kb
from macros.kb.loader import load_document

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "valid" / "minimal.yaml"
BASE = load_document(MINIMAL)
PATHS = sorted((p for p in BASE.lines if p), key=repr)  # every key and item of the fixture
TODAY = dt.date(2026, 11, 28)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.text(max_size=8)
    | st.sampled_from(["linux", "sm", "yes", "session-manager", "2026-11-01", " "])
    | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                               max_size=3),
    max_leaves=6)


def check(tmp_path: Path, text: str) -> None:
    """Validate `text`; a Report comes back and holds a model exactly when there is no error."""
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_kb(path, today=TODAY, require_spec_methods=False)
    assert (report.kb is None) == bool(report.errors)
    assert all(isinstance(p.format(), str) for p in report.problems)


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("ab: -[]{}\"'#\n\t&*!|>~?,0")), max_size=60))
def test_any_text(tmp_path, text):
    check(tmp_path, text)


@SETTINGS
@given(index=st.integers(0, len(PATHS) - 1), value=JUNK, delete=st.booleans())
def test_any_value_anywhere_in_a_valid_file(tmp_path, index, value, delete):
    data = copy.deepcopy(BASE.data)
    *parents, last = PATHS[index]
    parent = Document(file="", data=data).node(tuple(parents))
    if delete:
        del parent[last]
    else:
        parent[last] = value
    check(tmp_path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
