"""The Japanese check (scripts/lint_ja.py): textlint over every Japanese string, reported at its line.

The fixtures under tests/fixtures/ja/ each break one rule; the expected reports are written out to
the letter. The real data must be clean too (CONTRACT.md section 9.3).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from scripts import lint_ja

PROJECT_DIR = Path(__file__).resolve().parent.parent
FIXTURES = "tests/fixtures/ja"
SPACE_FIX = ("put a half-width space between Japanese and Latin letters or digits "
             "(「EC2 インスタンス」)")


@pytest.fixture(autouse=True)
def _in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    # Problems name files relative to the working directory, as the contributor types them.
    monkeypatch.chdir(PROJECT_DIR)


@pytest.fixture(scope="module")
def textlint() -> None:
    """textlint from node_modules/; skipped only when it is missing and npm is unavailable."""
    if lint_ja.textlint_command(PROJECT_DIR) is not None:
        return
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("textlint is not installed and Node.js/npm are unavailable: install Node.js "
                    "20.18+ and npm, then run `make install` (npm ci)")
    pytest.fail("node_modules/.bin/textlint is missing: run `make install` (it runs npm ci from "
                "package-lock.json)", pytrace=False)


@pytest.fixture(scope="module")
def fixture_report(textlint: None) -> list[str]:
    """The report on every fixture, from one textlint run (each run loads its dictionaries anew)."""
    paths = [f"{FIXTURES}/{name}"
             for name in ("rule.yaml", "term.yaml", "ui.yaml", "page.md", "paren.yaml")]
    return [problem.format() for problem in lint_ja.lint(lint_ja.extract(paths))]


def _report(report: list[str], paths: list[str]) -> list[str]:
    return [line for line in report if line.split(":", 1)[0] in paths]


def _expect(actual: list[str], expected: list[str], what: str) -> None:
    if actual != expected:
        pytest.fail(f"{what}: the report differs.\nexpected:\n  " + "\n  ".join(expected)
                    + "\ngot:\n  " + "\n  ".join(actual)
                    + "\nfix: if textlint's wording changed with an upgrade, update the expected "
                      "lines in tests/test_japanese.py; otherwise scripts/lint_ja.py misplaces "
                      "the problem", pytrace=False)


def test_a_broken_rule_is_reported_at_its_yaml_line(fixture_report: list[str]) -> None:
    _expect(_report(fixture_report, [f"{FIXTURES}/rule.yaml"]), [
        f"{FIXTURES}/rule.yaml:17: methods[session-manager].limitations[2].text.ja: "
        "原則として、全角文字と半角文字の間にスペースを入れます。 at 「…ウトバウンドのHTTPS…」 "
        f"[textlint:ja-space-between-half-and-full-width] (fix: {SPACE_FIX})",
    ], f"{FIXTURES}/rule.yaml (a space missing on the second line of a folded value)")


def test_a_rejected_term_is_reported_at_its_yaml_line(fixture_report: list[str]) -> None:
    _expect(_report(fixture_report, [f"{FIXTURES}/term.yaml"]), [
        f"{FIXTURES}/term.yaml:12: methods[ssh-client].prerequisites[1].text.ja: "
        "秘密鍵 => プライベートキー (AWS の EC2 ドキュメントと同じく「プライベートキー」と書きます。) "
        "at 「…うにします。秘密鍵はイン…」 [textlint:prh] "
        "(fix: write 「プライベートキー」 instead of 「秘密鍵」 (house style: data/prh.yml))",
    ], f"{FIXTURES}/term.yaml (秘密鍵, which data/prh.yml rejects)")


def test_half_width_parentheses_around_japanese_are_reported(fixture_report: list[str]) -> None:
    _expect(_report(fixture_report, [f"{FIXTURES}/paren.yaml"]), [
        f"{FIXTURES}/paren.yaml:9: ui.client.ja: (AWS CLI 経由) => （AWS CLI 経由） "
        "(日本語を囲む括弧は全角の「（）」で書き、外側に空白を入れません。英語やコードだけを囲む括弧は"
        "半角のままです (ja-style.md)。) at 「…クライアント (AWS …」 [textlint:prh] "
        "(fix: write 「（AWS CLI 経由）」 instead of 「(AWS CLI 経由)」 (house style: data/prh.yml))",
    ], f"{FIXTURES}/paren.yaml (half-width parentheses around Japanese; around English they stay)")


def test_ui_strings_and_pages_are_reported_at_their_lines(fixture_report: list[str]) -> None:
    _expect(_report(fixture_report, [f"{FIXTURES}/ui.yaml", f"{FIXTURES}/page.md"]), [
        f"{FIXTURES}/page.md:3: description: 既定 => デフォルト (AWS のドキュメントと同じく"
        "「デフォルト」と書きます。) at 「…に答えると、既定の条件で…」 [textlint:prh] "
        "(fix: write 「デフォルト」 instead of 「既定」 (house style: data/prh.yml))",
        f"{FIXTURES}/ui.yaml:13: ui.help.ja: Disallow to use \"?\". at 「…できませんか?」 "
        "[textlint:ja-technical-writing/no-exclamation-question-mark] "
        "(fix: end a question with the full-width ？; no !, ！ or ?)",
    ], f"{FIXTURES}/ui.yaml and page.md")


def test_labels_are_told_from_sentences() -> None:
    texts = {(t.file, t.field): t.label for t in lint_ja.extract(
        [f"{FIXTURES}/rule.yaml", f"{FIXTURES}/ui.yaml", f"{FIXTURES}/page.md"])}
    expected = {
        (f"{FIXTURES}/rule.yaml", "methods[session-manager].name.ja"): True,
        (f"{FIXTURES}/rule.yaml", "methods[session-manager].tools[1].ja"): True,
        (f"{FIXTURES}/rule.yaml", "methods[session-manager].limitations[1].text.ja"): False,
        (f"{FIXTURES}/rule.yaml", "questions[reach].text.ja"): False,
        (f"{FIXTURES}/rule.yaml", "questions[reach].answers[none].text.ja"): True,
        (f"{FIXTURES}/ui.yaml", "ui.retry.ja"): True,
        (f"{FIXTURES}/ui.yaml", "notes.title.ja"): True,
        (f"{FIXTURES}/ui.yaml", "ui.help.ja"): False,
        (f"{FIXTURES}/page.md", "title"): True,
        (f"{FIXTURES}/page.md", "description"): False,
        (f"{FIXTURES}/page.md", "body"): False,
    }
    wrong = {key: texts.get(key) for key, label in expected.items() if texts.get(key) != label}
    assert not wrong, (f"label or sentence told wrongly (True = label, None = not extracted): "
                       f"{wrong}; fix: DATA_LABEL_FIELDS / is_ui_label in scripts/lint_ja.py")


def test_every_ja_value_of_the_knowledge_base_is_extracted() -> None:
    def walk(value, found):
        if isinstance(value, dict):
            for key, child in value.items():
                if key == "ja" and isinstance(child, str):
                    found.append(child)
                else:
                    walk(child, found)
        elif isinstance(value, list):
            for child in value:
                walk(child, found)
        return found

    every = [t for t in walk(yaml.safe_load(Path("data/kb.yaml").read_text(encoding="utf-8")), [])
             if not t.startswith("https://")]
    extracted = [t.text for t in lint_ja.extract(["data/kb.yaml"])]
    assert sorted(extracted) == sorted(every), (
        f"data/kb.yaml: scripts/lint_ja.py extracted {len(extracted)} of {len(every)} `ja:` texts; "
        "fix: yaml_texts in scripts/lint_ja.py")
    defaults = {p.relative_to(PROJECT_DIR).as_posix() for p in lint_ja.default_paths()}
    for needed in ("data/kb.yaml", "docs/ja/index.md"):
        assert needed in defaults, f"{needed} is not checked by default; fix: DATA_FILES/DOC_FILES"
    assert "data/ui.yaml" in defaults, (
        "data/ui.yaml (the UI strings) is not checked by default; fix: UI_FILES")
    assert not [p for p in defaults if p.endswith(".py")], (
        f"Python files are checked for Japanese: {sorted(defaults)}; UI strings live in "
        "data/ui.yaml")
    ui = yaml.safe_load(Path("data/ui.yaml").read_text(encoding="utf-8"))
    extracted = {t.field: t.text for t in lint_ja.extract(["data/ui.yaml"])}
    wanted = {f"{key}.ja": entry["ja"] for key, entry in ui.items()}
    assert extracted == wanted, (
        f"data/ui.yaml: scripts/lint_ja.py extracted {len(extracted)} of {len(wanted)} `ja:` texts "
        f"(differing: {sorted(set(extracted.items()) ^ set(wanted.items()))[:3]}); fix: yaml_texts")


def test_labels_differ_from_text_only_by_the_exceptions(tmp_path: Path) -> None:
    text = yaml.safe_load(Path(lint_ja.CONFIG).read_text(encoding="utf-8"))
    labels = json.loads(lint_ja.label_config(PROJECT_DIR, tmp_path).read_text(encoding="utf-8"))
    preset, label_preset = (c["rules"].pop("preset-ja-technical-writing") for c in (text, labels))
    changed = {rule for rule in set(preset) | set(label_preset)
               if preset.get(rule) != label_preset.get(rule)}
    assert changed == set(lint_ja.LABEL_RULES_OFF) and not any(
        label_preset[rule] for rule in lint_ja.LABEL_RULES_OFF), (
        f"labels are checked without {sorted(changed)}; only {lint_ja.LABEL_RULES_OFF} may differ")
    dictionaries = labels["rules"].pop("prh")["rulePaths"]
    text["rules"].pop("prh")
    assert labels == text and all(Path(p).is_absolute() and Path(p).exists()
                                  for p in dictionaries), (
        f"the label configuration differs from {lint_ja.CONFIG} beyond the exceptions: {labels}")


def test_every_japanese_string_passes_textlint(textlint: None) -> None:
    texts = lint_ja.extract(lint_ja.default_paths())
    problems = lint_ja.lint(texts)
    if problems:
        counts = ", ".join(f"{rule} {n}" for rule, n in lint_ja.counts(problems))
        pytest.fail(f"{len(problems)} textlint problem(s) in {len(texts)} Japanese strings "
                    f"({counts}):\n" + "\n".join(p.format() for p in problems)
                    + "\nRun `make lint-ja` to see them again; ja-style.md says how to write.",
                    pytrace=False)


# ---- Japanese search: data/search-terms.yaml ----------------------------------------------------

def _search_cases() -> list[tuple[str, str]]:
    from macros.render.search_terms import load_terms
    return [(page, term) for page, terms in load_terms().get("ja", {}).items() for term in terms]


def _page_url(src_uri: str) -> str:
    # methods/session-manager.md -> methods/session-manager/ ; index.md -> "" (use_directory_urls)
    stem = src_uri.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def test_search_terms_are_in_the_japanese_search_index(built_site: Path) -> None:
    index = json.loads((built_site / "ja" / "search" / "search_index.json").read_text("utf-8"))
    tags = {entry["location"]: entry.get("tags", []) for entry in index["docs"]}
    problems = []
    for page, term in _search_cases():
        url = _page_url(page)
        if url not in tags:
            problems.append(f"data/search-terms.yaml: ja.{page}: no such page in the Japanese site "
                            f"(fix: use the page's source path, e.g. methods/session-manager.md)")
        elif term not in tags[url]:
            problems.append(f"data/search-terms.yaml: ja.{page}: 「{term}」 is not among the page's "
                            f"indexed tags {tags[url]} (fix: hooks/mkdocs_glue.py on_page_markdown)")
    assert not problems, "\n".join(problems)


def test_searching_the_japanese_site_finds_each_term_s_page(browser, site_url: str) -> None:
    """Material's own search (lunr with TinySegmenter for Japanese) in Chromium, as a reader types."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url + "ja/", wait_until="networkidle")
        box, meta = "input.md-search__input", ".md-search-result__meta"
        missed = {}
        for src_uri, term in _search_cases():
            page.fill(box, "")
            page.press(box, "End")
            page.wait_for_selector(".md-search-result__item", state="detached")
            placeholder = page.inner_text(meta)
            # fill() does not send the key events Material listens to: press a key that changes
            # nothing (keyboard.type() cannot enter Japanese).
            page.fill(box, term)
            page.press(box, "End")
            page.wait_for_function("([sel, text]) => document.querySelector(sel).innerText !== text",
                                   arg=[meta, placeholder])
            found = list(dict.fromkeys(page.eval_on_selector_all(
                ".md-search-result__item > a.md-search-result__link",
                "els => els.map(e => new URL(e.href).pathname)")))
            if f"/ja/{_page_url(src_uri)}" not in found[:3]:
                missed[term] = found[:5]
    finally:
        context.close()
    assert not missed, (f"data/search-terms.yaml: these searches on /ja/ do not show their page "
                        f"among the first 3 results (term: results): {missed}; fix: check the "
                        f"page key, or that hooks/mkdocs_glue.py adds the terms as tags")
