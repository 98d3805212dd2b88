"""The YAML loader: a line for every key and item, and bad input as Problems, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from macros.kb import loader as loader_module
from macros.kb.loader import load_document

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "valid" / "minimal.yaml"


def lines_of(text: str, tmp_path: Path):
    """Load `text` from a temporary file."""
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def test_every_key_and_item_has_its_line():
    doc = load_document(MINIMAL)
    text = MINIMAL.read_text(encoding="utf-8").splitlines()
    line = doc.locate(("methods", 0, "capabilities", "reach", "value"))
    assert line == 109
    assert text[line - 1] == "      reach: {value: [public, private, none]}"
    assert doc.locate(("methods", 2, "id")) == 168
    assert text[167] == "  - id: ec2-serial-console"
    assert doc.locate(("ranking", "order", 2)) == 13  # items of a flow list share its line
    assert doc.locate(()) == 3  # the document starts at its first key, after the comments


def test_missing_keys_are_located_at_their_mapping():
    doc = load_document(MINIMAL)
    assert doc.locate(("methods", 1, "changes")) == doc.locate(("methods", 1)) == 135


def test_field_uses_item_ids_and_a_1_based_position_only_without_one():
    doc = load_document(MINIMAL)
    assert doc.field(("methods", 0, "capabilities", "reach", "value")) == \
        "methods[session-manager].capabilities.reach.value"
    assert doc.field(("questions", 2, "answers", 1, "requires", 0, "per")) == \
        "questions[ui].answers[browser].requires[1].per"
    assert doc.field(("ranking", "order", 1)) == "ranking.order[2]"  # the second: 1 is the first
    assert doc.field(()) == "(top level)"
    assert doc.item(("questions", 2, "answers", 1)) == "ui"
    assert doc.item(("ranking", "order")) is None


def test_dates_stay_dates_and_impossible_ones_stay_text(tmp_path):
    doc = lines_of("a: 2026-11-28\nb: 2026-13-01\nc: '2026-11-28'\n", tmp_path)
    assert doc.data == {"a": dt.date(2026, 11, 28), "b": "2026-13-01", "c": "2026-11-28"}


def test_yaml_11_booleans_are_remembered_as_written(tmp_path):
    doc = lines_of("a: yes\nb: [no, 'no', true]\nc: {d: Off}\n", tmp_path)
    assert doc.data == {"a": True, "b": [False, "no", True], "c": {"d": False}}
    assert doc.raw_bools == {("a",): "yes", ("b", 0): "no", ("b", 2): "true", ("c", "d"): "Off"}


def test_keys_are_the_text_written(tmp_path):
    # `yes:` as a key is the name 'yes', as a YAML 1.2 editor would read it, never True.
    doc = lines_of("yes: 1\n2: b\nnull: c\n", tmp_path)
    assert doc.data == {"yes": 1, "2": "b", "null": "c"}


def test_duplicate_keys_are_reported_in_block_and_flow_mappings(tmp_path):
    doc = lines_of("a:\n  en: x\n  ja: y\n  en: z\nb: {k: 1, k: 2}\n", tmp_path)
    assert [p.format() for p in doc.problems] == [
        f"{doc.file}:4: a.en: must appear once; 'en' is already set on line 2 "
        "[yaml-duplicate-key] (fix: keep one en; YAML would silently use the last one)",
        f"{doc.file}:5: b.k: must appear once; 'k' is already set on line 5 "
        "[yaml-duplicate-key] (fix: keep one k; YAML would silently use the last one)",
    ]
    assert doc.data == {"a": {"en": "z", "ja": "y"}, "b": {"k": 2}}  # loading still goes on


def test_missing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = load_document("data/kb.yml")
    assert doc.data is None
    assert [p.format() for p in doc.problems] == [
        "data/kb.yml: (file): must exist; no such file [file-missing] "
        "(fix: check the path (the knowledge base is data/kb.yaml))"]


def test_directory_is_unreadable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    doc = load_document("data")
    assert [(p.rule, p.message) for p in doc.problems] == [
        ("file-unreadable", "must be a readable file; Is a directory")]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_documents(text, tmp_path):
    doc = lines_of(text, tmp_path)
    assert [(p.line, p.rule, p.message) for p in doc.problems] == [
        (None, "file-empty", "must not be empty")]


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "kb.yaml"
    path.write_bytes("\ufeffa: 1\n".encode("utf-8"))
    assert load_document(path).data == {"a": 1}


@pytest.mark.parametrize("text, line, message", [
    ("a: 1\n---\nb: 2\n", 2, "must be valid YAML; but found another document "
                             "(expected a single document in the stream, line 1)"),
    ("a: &x [*x]\n", 1, "must be valid YAML; found an alias that contains itself"),
    ('a:\n  en: "never closed\n', 2, "must close the quote that starts on this line"),
    ("a:\n  en: Use this: not that\n", 2, "must quote text that contains ': '"),
    ("a: 1\n b: 2\n", 2, "must be valid YAML; mapping values are not allowed here"),
    ("a:\n  en: 'it's'\n", 2, "must be valid YAML; more text follows a closing quote"),
    ("a:\n  - x\n  y: 1\n", 3, "must be valid YAML; expected <block end>, but found '?' "
                              "(while parsing a block collection, line 2)"),
])
def test_malformed_yaml_is_one_located_problem(text, line, message, tmp_path):
    doc = lines_of(text, tmp_path)
    assert doc.data is None
    assert [(p.line, p.field, p.rule, p.message) for p in doc.problems] == [
        (line, "(file)", "yaml-syntax", message)]


def test_scalar_document_is_not_a_knowledge_base(tmp_path):
    doc = lines_of("just text\n", tmp_path)
    assert [(p.line, p.rule, p.message) for p in doc.problems] == [
        (1, "top-level-type", "must be a mapping of article, ranking, questions, scenarios, "
                              "sources and methods; got 'just text'")]


def _both_loaders(path: Path, monkeypatch) -> tuple:
    """load_document(path) with libyaml (the default) and with the pure-Python loader only."""
    fast = load_document(path)
    monkeypatch.setattr(loader_module, "FastLineLoader", None)
    slow = load_document(path)
    monkeypatch.undo()
    return fast, slow


def _hostile_files() -> list:
    import hostile  # tests/ is on sys.path (conftest.py)

    return [pytest.param(case.make().content, id=case.name) for case in hostile.CASES
            if not case.slow_risk]


@pytest.mark.skipif(loader_module.FastLineLoader is None, reason="PyYAML has no libyaml here")
@pytest.mark.parametrize("path", [ROOT / "data" / "kb.yaml"]
                         + sorted((ROOT / "tests" / "fixtures").rglob("*.yaml")),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_libyaml_loads_every_fixture_as_the_python_loader_does(path, monkeypatch):
    fast, slow = _both_loaders(path, monkeypatch)
    where = f"{path.relative_to(ROOT)}: the libyaml fast path of macros/kb/loader.py"
    assert fast.data == slow.data, f"{where} builds other data than LineLoader"
    assert fast.lines == slow.lines, f"{where} records other lines than LineLoader"
    assert fast.raw_bools == slow.raw_bools, f"{where} records other YAML 1.1 booleans"
    assert fast.problems == slow.problems, f"{where} reports other problems than LineLoader"


@pytest.mark.skipif(loader_module.FastLineLoader is None, reason="PyYAML has no libyaml here")
@pytest.mark.parametrize("content", _hostile_files())
def test_libyaml_reports_damaged_files_as_the_python_loader_does(content, tmp_path, monkeypatch):
    path = tmp_path / "kb.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    fast, slow = _both_loaders(path, monkeypatch)
    assert (fast.data, fast.lines, fast.raw_bools, fast.problems) == \
        (slow.data, slow.lines, slow.raw_bools, slow.problems), \
        "tests/hostile.py: this damaged file loads differently with libyaml than with LineLoader"
