"""The visible text of every built /ja/ page passes the textlint configuration of `make lint-ja`.

scripts/ja_pages.py reads each page of the Japanese build as a reader sees it (one paragraph per
block element, inline elements kept in their sentence, code, scripts and hidden chrome left out)
and scripts/lint_ja.py lints every block in one textlint run per configuration, labels (table
cells, headings, fragments without 。) with the label exceptions. A problem is reported as

    /ja/<page>/: <element path>: <textlint message> [textlint:<rule>] (fix: ...)

The fixture site under tests/fixtures/ja/site/ pins the extraction; the real site must have no
problem at all. Text the renderers put together is checked here and nowhere else: a lead-in and a
data sentence joined into one, parentheses written around Japanese text, a list run into a line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import ja_pages, lint_ja

PROJECT_DIR = Path(__file__).resolve().parent.parent
FIXTURE_SITE = PROJECT_DIR / "tests" / "fixtures" / "ja" / "site"

@pytest.fixture(scope="module")
def textlint() -> None:
    if lint_ja.textlint_command(PROJECT_DIR) is None:
        pytest.skip("textlint is not installed: run `make install` (npm ci)")


@pytest.fixture(autouse=True)
def _in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT_DIR)


def test_blocks_are_read_as_a_reader_sees_them() -> None:
    texts = [(t.file, t.field, t.text, t.label) for t in ja_pages.page_texts(FIXTURE_SITE)]
    assert texts == [
        # The chrome: skip links each on their own, the header's title once for every page.
        ("/ja/", "div[1]>a[1]", "質問にスキップ", True),
        ("/ja/", "div[1]>a[2]", "コンテンツにスキップ", True),
        ("/ja/", "header>nav>div.md-header__topic", "テストガイド", True),
        # The article: no ¶, inline code kept as code, footnote marker dropped, <br> splits.
        ("/ja/", "article>h1#top", "接続方法を選ぶ", True),
        ("/ja/", "article>p[1]",
         "ターミナルで `ssh -i key.pem user@host` を実行し、キーペアを指定します。", False),
        ("/ja/", "article>p[2]", "この表の注記:", True),
        ("/ja/", "article>table>tr>th[1]", "項目", True),
        ("/ja/", "article>table>tr>th[2]", "内容", True),
        ("/ja/", "article>table>tr>td[1]", "ポート", True),
        ("/ja/", "article>table>tr>td[2]", "インバウンドルールで許可", True),
        ("/ja/", "article>ul>li", "SSH クライアント", True),
        ("/ja/", "article>ul>li>ul>li", "接続元の OS は問いません。", False),
        ("/ja/guide/", "article>h1", "手順", True),
        ("/ja/guide/", "article>p[1]", "まず接続します。", False),
        ("/ja/guide/", "article>p[2]", "SSH クライアント (AWS CLI 経由) で接続します。", False),
        ("/ja/guide/", "article>ol>li[1]", "接続の準備", True),
        ("/ja/guide/", "article>ol>li[2]", "接続できますか?", True),
    ], "fix: scripts/ja_pages.py (what is a block, a label, hidden or chrome)"


def test_a_broken_page_is_reported_with_its_element(textlint: None) -> None:
    report = [p.format() for p in lint_ja.lint(ja_pages.page_texts(FIXTURE_SITE))]
    assert report == [
        '/ja/guide/: article>ol>li[2]: Disallow to use "?". at 「…続できますか?」 '
        "[textlint:ja-technical-writing/no-exclamation-question-mark] "
        "(fix: end a question with the full-width ？; no !, ！ or ?)",
        "/ja/guide/: article>p[2]: (AWS CLI 経由)  => （AWS CLI 経由） (日本語を囲む括弧は全角の"
        "「（）」で書き、外側に空白を入れません。英語やコードだけを囲む括弧は半角のままです "
        "(ja-style.md)。) at 「…クライアント (AWS …」 [textlint:prh] "
        "(fix: write 「（AWS CLI 経由）」 instead of 「(AWS CLI 経由)」 (house style: data/prh.yml))",
    ], "\n".join(report)


def test_every_built_japanese_page_passes_textlint(textlint: None, built_site: Path) -> None:
    texts = ja_pages.page_texts(built_site)
    pages = {t.file for t in texts}
    assert {"/ja/", "/ja/decide/", "/ja/compare/", "/ja/methods/session-manager/"} <= pages, (
        f"pages read: {sorted(pages)}; fix: scripts/ja_pages.py html_files")
    problems = [p.format() for p in lint_ja.lint(texts)]
    if problems:
        pytest.fail(f"textlint finds {len(problems)} problem(s) on the built /ja/ pages:\n"
                    + "\n".join(problems)
                    + "\nRun `.venv/bin/python -m scripts.lint_ja --pages` to see them again; fix the "
                      "text in data/ui.yaml, data/kb.yaml or docs/ja/, or the renderer in "
                      "macros/render/ that puts it together.", pytrace=False)
