"""UI strings as data (issue 10, item 1): data/ui.yaml and its checks (macros/kb/checks_ui.py).

Each fixture under tests/fixtures/ui/ breaks one rule; its report is written out to the letter.
The fixtures are checked against the lookups of tests/fixtures/ui/lookups.py, not the site's code.
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest

from macros.kb import checks_ui, validate

from macros.render import i18n
from macros.kb.checks_ui import find_lookups, ui_problems
from macros.kb.load import load_kb
from macros.kb.problems import DataError

PROJECT_DIR = Path(__file__).resolve().parent.parent
FIXTURES = "tests/fixtures/ui"
LOOKUPS = find_lookups([PROJECT_DIR / FIXTURES / "lookups.py"])


@pytest.fixture(autouse=True)
def _in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT_DIR)  # problems name files as the contributor types them


def _report(name: str, lookups: checks_ui.Lookups = LOOKUPS) -> list[str]:
    return [p.format() for p in ui_problems(f"{FIXTURES}/{name}", lookups=lookups)]


def _expect(name: str, expected: list[str], lookups: checks_ui.Lookups = LOOKUPS) -> None:
    actual = _report(name, lookups)
    if actual != expected:
        pytest.fail(f"{FIXTURES}/{name}: the report differs.\nexpected:\n  "
                    + "\n  ".join(expected) + "\ngot:\n  " + "\n  ".join(actual)
                    + "\nfix: macros/kb/checks_ui.py, or the expected lines if the wording changed "
                      "on purpose", pytrace=False)


def test_the_valid_fixture_is_clean() -> None:
    _expect("valid.yaml", [])


def test_an_entry_without_ja_is_reported() -> None:
    _expect("entry.yaml", [
        f"{FIXTURES}/entry.yaml:2: page.title.ja: must have ja text; got nothing [ui-entry] "
        "(fix: write the Japanese text, quoted if it contains ': ')",
    ])


def test_different_placeholders_are_reported() -> None:
    _expect("placeholders.yaml", [
        f"{FIXTURES}/placeholders.yaml:7: page.count.ja: must use the same placeholders as en; "
        "en has {n}, ja has {count} [ui-placeholders] "
        "(fix: use exactly the en placeholders, each written {name})",
    ])


def test_an_unused_key_is_reported() -> None:
    _expect("unused.yaml", [
        f"{FIXTURES}/unused.yaml:11: page.old: must be looked up by some code; no code names it "
        "or builds its key [ui-unused] (fix: remove it, or look it up where the string is shown)",
    ])


def test_a_missing_key_is_reported_at_the_code_that_looks_it_up() -> None:
    lookups = find_lookups([PROJECT_DIR / FIXTURES / "lookups.py",
                            PROJECT_DIR / FIXTURES / "missing.py"])
    _expect("valid.yaml", [
        f"{FIXTURES}/missing.py:7: page.help: must name a key of {FIXTURES}/valid.yaml; "
        "'page.help' is not there [ui-missing] "
        f"(fix: add page.help: {{en: ..., ja: ...}} to {FIXTURES}/valid.yaml, or fix the key's "
        "spelling)",
    ], lookups)


def test_the_knowledge_base_text_rules_reach_ui_strings() -> None:
    _expect("text.yaml", [
        f"{FIXTURES}/text.yaml:5: page.title.ja: must not put a space between Japanese "
        "characters; got '続 方' [text-stray-space] (fix: join the two lines: in a folded (>-) "
        "block a line break becomes a space, so break lines next to a Latin word instead)",
        f"{FIXTURES}/text.yaml:10: warning: page.count.ja: must be written in Japanese; it is "
        "identical to en and has no Japanese characters [text-language] "
        "(fix: translate it; only names may stay identical)",
        f"{FIXTURES}/text.yaml:13: kind.ssh.ja: must contain text, not only spaces [text-empty] "
        "(fix: write the Japanese text)",
    ])


def test_every_rule_has_a_failing_fixture() -> None:
    reported = {p.rule for name in ("entry.yaml", "placeholders.yaml", "unused.yaml")
                for p in ui_problems(f"{FIXTURES}/{name}", lookups=LOOKUPS)}
    reported |= {p.rule for p in ui_problems(f"{FIXTURES}/valid.yaml", lookups=find_lookups(
        [PROJECT_DIR / FIXTURES / "missing.py"]))}
    missing = set(checks_ui.RULES) - reported
    assert not missing, f"rules without a failing fixture in {FIXTURES}/: {sorted(missing)}"


def test_the_real_ui_strings_are_clean() -> None:
    problems = [p.format() for p in ui_problems()]
    assert not problems, ("data/ui.yaml or the code that looks it up has problems (they also "
                          "show in `make validate`):\n" + "\n".join(problems))


# Code that may hold Japanese text that is not a UI string, and why (checked below).
NOT_UI_JAPANESE = {
    "macros/languages.py": "each language's own name (日本語) in the language menu, the same in every build",
    "macros/render/search_terms.py": "a regular expression of Japanese word separators",
}
# The validator (macros/kb/) speaks to contributors in English and reads the data's Japanese with
# regular expressions: it shows nothing to readers of the site.
NOT_SITE_CODE = ("macros/kb/",)
# Template text that is not in data/ui.yaml, and why: none left.
TEMPLATE_EXCEPTIONS: dict[tuple[str, str], str] = {}
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]")
_KANA_KANJI = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")  # words, not punctuation


def _python_files() -> list[Path]:
    paths = [*(PROJECT_DIR / "macros").rglob("*.py"), *(PROJECT_DIR / "hooks").glob("*.py")]
    return sorted(p for p in paths
                  if not p.relative_to(PROJECT_DIR).as_posix().startswith(NOT_SITE_CODE))


def _patterns(tree: ast.AST) -> set[int]:
    # Strings handed to the re module are patterns, not text.
    return {id(arg) for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", None) == "re"
            for arg in node.args}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant):
            ids.add(id(node.body[0].value))
    return ids


def test_no_ui_string_remains_in_python() -> None:
    # A {"en": ..., "ja": ...} literal, or a string with Japanese words, in the code under macros/
    # and hooks/ (renderers, page registry, nav, MkDocs glue) is a UI string that belongs in
    # data/ui.yaml, looked up with t() or fill(). Comments, docstrings and regular expressions
    # may hold Japanese.
    found = []
    for path in _python_files():
        where = path.relative_to(PROJECT_DIR).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree) | _patterns(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict) and {getattr(k, "value", None) for k in node.keys} \
                    >= {"en", "ja"} and all(isinstance(v, ast.Constant) for v in node.values):
                found.append(f"{where}:{node.lineno}: {{en, ja}} literal")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in skip and _KANA_KANJI.search(node.value) \
                    and where not in NOT_UI_JAPANESE:
                found.append(f"{where}:{node.lineno}: {node.value[:40]!r}")
    assert not found, ("UI strings written in Python:\n  " + "\n  ".join(found)
                       + "\nfix: move them to data/ui.yaml and look them up (macros/render/i18n.py)")


def _template_texts(source: str) -> list[tuple[int, str]]:
    """(line, text) of what a template writes itself: text between tags, and Jinja string
    literals holding Japanese; Jinja comments, expressions and <script>/<style> bodies aside."""
    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))  # keep the line numbers

    found = []
    for literal in re.finditer(r"\{[{%](.*?)[%}]\}", source, re.S):
        for string_ in re.findall(r"\"([^\"]*)\"|'([^']*)'", literal.group(1)):
            text = string_[0] or string_[1]
            if _JAPANESE.search(text):
                found.append((source.count("\n", 0, literal.start()) + 1, text))
    source = re.sub(r"\{#.*?#\}", blank, source, flags=re.S)
    source = re.sub(r"\{[{%].*?[%}]\}", blank, source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", blank, source, flags=re.S | re.I)
    source = re.sub(r"<[^>]*>", blank, source, flags=re.S)
    for number, line in enumerate(source.split("\n"), start=1):
        text = html.unescape(line).strip()
        if re.search(r"[^\W\d_]", text):
            found.append((number, text))
    return found


def test_no_ui_string_remains_in_the_templates() -> None:
    # Visible text written in overrides/*.html (English or Japanese) belongs in data/ui.yaml; the
    # templates read it from config.extra.ui[<language>] (hooks/mkdocs_glue.py TEMPLATE_STRINGS).
    found = []
    for path in sorted((PROJECT_DIR / "overrides").rglob("*.html")):
        where = path.relative_to(PROJECT_DIR).as_posix()
        for line, text in _template_texts(path.read_text(encoding="utf-8")):
            if (where, text) not in TEMPLATE_EXCEPTIONS:
                found.append(f"{where}:{line}: {text[:60]!r}")
    assert not found, ("UI strings written in templates:\n  " + "\n  ".join(found)
                       + "\nfix: add them to data/ui.yaml and to TEMPLATE_STRINGS in "
                         "hooks/mkdocs_glue.py, and write {{ config.extra.ui[config.theme.language]"
                         "[\"key\"] }}")


def test_the_checks_catch_a_string_in_hooks_and_templates() -> None:
    # What the two tests above would have reported before the strings moved to data/ui.yaml.
    template = '{# 注記 #}\n<p>{{ "印刷元" if ja else "Printed from" }}: <a>{{ url }}</a></p>'
    assert _template_texts(template) == [(2, "印刷元")]
    assert _template_texts("<div>\n  <h1>Page not found</h1>\n</div>") == [(2, "Page not found")]
    assert _template_texts('<h1>{{ en["notfound.title"] }}</h1><script>a("x")</script>') == []
    hook = ast.parse('"""質問"""\nSKIP = {"en": "Skip", "ja": "質問にスキップ"}\nLABEL = "印刷元"\n'
                     'SPACE = re.compile("[ぁ-ん] ")\n')
    skip = _docstrings(hook) | _patterns(hook)
    texts = [n.value for n in ast.walk(hook) if isinstance(n, ast.Constant) and id(n) not in skip
             and isinstance(n.value, str) and _KANA_KANJI.search(n.value)]
    assert sorted(texts) == sorted(["質問にスキップ", "印刷元"]), texts


def test_lookups_read_data_ui_yaml() -> None:
    assert i18n.DOCUMENT.file.endswith("data/ui.yaml") and not i18n.DOCUMENT.problems, (
        f"macros/render/i18n.py did not load data/ui.yaml cleanly: {i18n.DOCUMENT.problems}")
    assert i18n.fill("dur.hour.other", "ja", n=2) == "2 時間", (
        "data/ui.yaml: dur.hour.other.ja should read '{n} 時間'; fix the entry or macros/render/i18n.py")
    with pytest.raises(KeyError, match="unknown UI string 'no.such.key'"):
        i18n.t("no.such.key", "en")


def test_make_validate_and_the_build_report_ui_problems(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    broken = ui_problems(f"{FIXTURES}/placeholders.yaml", lookups=LOOKUPS)
    monkeypatch.setattr(checks_ui, "ui_problems", lambda **_: broken)
    status = validate.main(["data/kb.yaml"])
    out = capsys.readouterr().out.splitlines()
    assert status == 1 and broken[0].format() in out, (
        f"`make validate` (python -m macros.validate data/kb.yaml) did not fail on a UI problem: "
        f"exit {status}, output {out}; fix: _ui_problems in macros/kb/load.py")
    with pytest.raises(DataError) as raised:  # what scripts/build.py and the hook call
        load_kb("data/kb.yaml")
    assert broken[0] in raised.value.problems, (
        "loading data/kb.yaml for a build did not fail on a UI problem; fix: macros/kb/load.py")
