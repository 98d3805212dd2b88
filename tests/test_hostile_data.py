"""Hostile and broken knowledge bases (tests/hostile.py) against the validator and the real build.

Every damaged file fails with a located message (file:line: field: ... [rule] (fix: ...)) and never
a traceback; a failed scripts/build.py leaves the output folder absent or byte-identical; and every
hostile text that is valid data builds, shown literally: no element, attribute, link or template
result comes from the data. Builds are slow, so only BUILD_CASES (three) are built in full;
everything that must fail is checked by `python -m macros.validate` in process (or in a child
process with a time and memory limit where the input is a bomb).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import resource
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings, strategies as st

import hostile
from hostile import BUILD_CASES, CASES
from macros.decide import api, tree as tree_mod
from macros import site as site_mod
from macros.kb import validate
from macros.kb.load import load_kb
from macros.render.text import attr

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The inline and block extensions of mkdocs.yml that decide what Markdown does with raw HTML.
MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "pymdownx.highlight",
                       "pymdownx.inlinehilite", "pymdownx.superfences"]
MAX_MESSAGE = 2_000  # characters per printed problem: a message must stay readable
SUMMARY = re.compile(r"^.+: validation failed: \d+ errors?, \d+ warnings?$")  # the CLI's
BUILD_SUMMARY = re.compile(r"^validation failed: \d+ error\(s\); nothing was built$")  # build.py's
# Elements, and attributes, that only the theme and our templates may create: never data.
WATCHED_TAGS = {"script", "img", "iframe", "svg", "object", "embed", "style", "textarea", "title",
                "b", "i", "em", "strong", "a", "link", "meta", "form", "input", "base"}


# Known defects are strict xfails (Case.known_bug), so fixing one turns its test red until the
# mark is removed.
def mark(case):
    """pytest.param for a case, a strict xfail while its reported defect stands."""
    marks = [pytest.mark.xfail(strict=True, reason=case.known_bug)] if case.known_bug else []
    return pytest.param(case, marks=marks, id=case.name)


def write(directory: Path, content: str | bytes, name: str = "kb.yaml") -> Path:
    """Write a damaged file (text as UTF-8) and return its path."""
    path = directory / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def problem_lines(output: str, file: str, case, line: int | range | None) -> None:
    """Every line is a located problem (or a summary), and one of them is the case's, on its line."""
    assert "Traceback" not in output and "internal error" not in output, output[:3000]
    printed = [text for text in output.rstrip("\n").split("\n")
               if not SUMMARY.match(text) and not BUILD_SUMMARY.match(text)]
    places = [f"{file}: "] if line is None else [
        f"{file}:{n}: " for n in (line if isinstance(line, range) else [line])]
    for text in printed:
        assert text.startswith(f"{file}:") and " (fix: " in text, text[:300]
        assert len(text) <= MAX_MESSAGE, f"{len(text)} characters: {text[:300]}..."
    wanted = [text for text in printed for where in places if text.startswith(where)
              and (case.field is None or text.startswith(f"{where}{case.field}: "))
              and (case.rule is None or f" [{case.rule}] (fix: " in text)]
    assert wanted, f"no {places[0]}{case.field}: ... [{case.rule}] among:\n" + "\n".join(
        t[:300] for t in printed)


# ---- validation only -------------------------------------------------------------------------

@pytest.mark.parametrize("case", [mark(c) for c in CASES if not c.slow_risk])
def test_damaged_kb_fails_with_a_located_message(case, tmp_path, capsys):
    damaged = case.make()
    assert damaged.content != hostile.real_text()
    path = write(tmp_path, damaged.content)
    status = validate.main([str(path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert err == ""
    assert SUMMARY.match(out.rstrip("\n").split("\n")[-1])
    problem_lines(out, str(path), case, damaged.line)


def _limits() -> None:  # in the child: a bomb must not take the machine down with it
    resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))


@pytest.mark.parametrize("case", [mark(c) for c in CASES if c.slow_risk])
def test_bombs_and_raw_control_bytes_fail_quickly_with_a_located_message(case, tmp_path):
    damaged = case.make()
    path = write(tmp_path, damaged.content)
    result = subprocess.run([sys.executable, "-m", "macros.kb.validate", str(path)], cwd=PROJECT_DIR,
                            capture_output=True, text=True, timeout=10, preexec_fn=_limits)
    assert result.returncode == 1
    assert SUMMARY.match(result.stdout.rstrip("\n").split("\n")[-1])
    problem_lines(result.stdout + result.stderr, str(path), case, damaged.line)


def test_the_corpus_is_large_and_named():
    assert len(CASES) + len(BUILD_CASES) >= 30
    assert len({c.name for c in CASES + BUILD_CASES}) == len(CASES) + len(BUILD_CASES)
    assert {c.kind for c in CASES} >= {"type", "missing", "reference", "duplicate", "empty",
                                       "yaml", "alias", "control", "payload", "long"}


# ---- scripts/build.py never leaves a partial site -------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of this checkout whose data/kb.yaml the tests replace."""
    copy = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(PROJECT_DIR, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", "site", "__pycache__", ".pytest_cache", ".hypothesis", "node_modules"))
    return copy


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path, content: str | bytes, out: Path) -> subprocess.CompletedProcess[str]:
    """scripts/build.py of `project` with `content` as its data/kb.yaml."""
    write(project / "data", content)
    return subprocess.run([sys.executable, "scripts/build.py", "--out", str(out), "--quiet"],
                          cwd=project, capture_output=True, text=True, timeout=900)


BUILD_FAILURES = ["yaml-colon", "type-reach-string", "duplicate-method-id", "empty-ja-name",
                  "yaml-raw-nul"]


@pytest.mark.parametrize("previous", ["none", "good-build"])
@pytest.mark.parametrize("case", [mark(c) for c in CASES if c.name in BUILD_FAILURES])
def test_a_failed_build_leaves_no_partial_site(case, previous, project, built_site, tmp_path):
    out = tmp_path / "out" / "site"
    if previous == "good-build":
        shutil.copytree(built_site, out)
    before = snapshot(out) if out.exists() else None
    damaged = case.make()

    result = build(project, damaged.content, out)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert result.stdout == ""  # the problems go to stderr, before any build started
    assert BUILD_SUMMARY.match(result.stderr.rstrip("\n").split("\n")[-1]), output[-2000:]
    problem_lines(output, "data/kb.yaml", case, damaged.line)
    if before is None:
        assert not out.parent.exists() or list(out.parent.iterdir()) == []
    else:
        assert [p.name for p in out.parent.iterdir()] == ["site"]  # no staging folder left
        assert snapshot(out) == before


# ---- hostile text that is valid data: builds, escaped -----------------------------------------

class Page(HTMLParser):
    """What a browser would make of a page: its elements, attributes and text (entities decoded).

    <title> and <textarea> hold text only (RCDATA), <script> and <style> raw text, as in browsers.
    """

    RAW = ("title", "textarea", "script", "style")

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.in_raw: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.attrs += [(tag, name, value or "") for name, value in attrs]
        if tag in self.RAW:
            self.in_raw = tag
            self.set_cdata_mode(tag)

    def handle_endtag(self, tag):
        if tag == self.in_raw:
            self.in_raw = None

    def handle_data(self, data):
        if self.in_raw in ("title", "textarea"):
            data = html.unescape(data)  # RCDATA decodes references; cdata mode does not
        if self.in_raw not in ("script", "style"):
            self.text.append(data)

    def plain(self) -> str:
        """The text with whitespace runs as one space (esc() folds newlines the same way)."""
        return " ".join("".join(self.text).split())


def split_head(text: str) -> tuple[str, str]:
    """(head, body) of a page, cut at the theme's <body ...> tag."""
    at = text.index("<body ")
    return text[:at], text[at:]


def folded(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module")
def hostile_builds(project, tmp_path_factory):
    """name -> (output folder, CompletedProcess, KnowledgeBase); each case built at most once."""
    done: dict = {}

    def get(case):
        if case.name not in done:
            content = case.make()
            out = tmp_path_factory.mktemp(case.name) / "site"
            result = build(project, content, out)
            kb_file = write(tmp_path_factory.mktemp(case.name + "-kb"), content)
            done[case.name] = (out, result, load_kb(kb_file))
        return done[case.name]
    return get


def built(hostile_builds, case):
    out, result, kb = hostile_builds(case)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return out, kb


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


CASE_PARAMS = [pytest.param(c, id=c.name) for c in BUILD_CASES]


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_hostile_text_builds_with_no_markup_from_the_data(case, hostile_builds, built_site):
    out, _ = built(hostile_builds, case)
    assert html_pages(out) == html_pages(built_site)
    for name in html_pages(out):
        _, body = split_head((out / name).read_text(encoding="utf-8"))
        _, clean = split_head((built_site / name).read_text(encoding="utf-8"))
        page, reference = Page(body), Page(clean)
        watched = {t: n for t, n in page.tags.items() if t in WATCHED_TAGS}
        assert watched == {t: n for t, n in reference.tags.items() if t in WATCHED_TAGS}, name
        assert not [a for a in page.attrs if a[1].startswith("on")], name
        assert not [a for a in page.attrs if a[2].strip().lower().startswith("javascript:")], name
        for marker in (case.evaluated or ()):
            assert marker not in page.plain(), (name, marker)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_hostile_text_shows_literally(case, hostile_builds):
    out, kb = built(hostile_builds, case)
    for lang in site_mod.LANGUAGES:
        for m in kb.methods:
            text = Page((out / lang.path / "methods" / m.id / "index.html")
                        .read_text(encoding="utf-8")).plain()
            assert folded(m.name.get(lang.code)) in text, (lang.code, m.id)
            assert folded(m.description.get(lang.code)) in text, (lang.code, m.id)
            for step in m.connect:  # commands verbatim, inside code
                assert folded(step.command) in text, (lang.code, m.id)
    shown = {p: Page((out / p / "index.html").read_text(encoding="utf-8")).plain()
             for lang in site_mod.LANGUAGES
             for p in (f"{lang.path}methods/session-manager", f"{lang.path}compare",
                       f"{lang.path}decide")}
    for value in case.literal:
        found = [p for p, text in shown.items() if folded(value) in text]
        assert found, value[:80]
        if case.name != "long-strings":  # the payload is in both languages; long texts in one
            assert len(found) == len(shown), (value[:80], found)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_hostile_text_reaches_the_json_exactly(case, hostile_builds):
    out, kb = built(hostile_builds, case)
    assert (out / "api/v1/methods.json").read_text(encoding="utf-8") == api.methods_json(kb)
    document = json.loads((out / "api/v1/methods.json").read_text(encoding="utf-8"))
    names = {m["id"]: m["name"] for m in document["methods"]}
    assert names == {m.id: m.name.to_json() for m in kb.methods}
    for lang in site_mod.LANGUAGES:
        page = (out / lang.path / "decide" / "index.html").read_text(encoding="utf-8")
        raw = re.search(r'data-widget="([^"]*)"', page).group(1)
        widget = json.loads(html.unescape(raw))
        assert {k: v["name"] for k, v in widget["info"].items()} == {
            m.id: m.name.get(lang.code) for m in kb.methods}
        assert widget["help"] == {q.key: q.help.get(lang.code) for q in kb.questions}
        # The questions the widget asks come from the published tree it fetches.
        tree = json.loads((out / widget["tree"].replace("../", "")).read_text(encoding="utf-8"))
        assert [q["text"] for q in tree["questions"]] == [q.text.to_json() for q in kb.questions]
        index = json.loads((out / lang.path / "search/search_index.json").read_text(encoding="utf-8"))
        for doc in index["docs"]:  # Material shows these as HTML in the search results
            assert not re.search(r"<(script|img|iframe|svg|a )", doc["text"] + doc["title"]), doc["location"]


def test_page_titles_carry_no_jinja_from_the_data(tmp_path):
    """The nav titles MkDocs gets from macros/site.py never hold a template marker of macros."""
    data = hostile.yaml.safe_load(hostile.planted(hostile.JINJA)())
    names = [m["name"]["en"] for m in data["methods"]] + [s["title"]["en"] for s in data["scenarios"]]
    assert all(hostile.JINJA in name for name in names)
    kb = load_kb(write(tmp_path, hostile.dump(data)))
    titles = [title for entry in site_mod.nav(kb, "en") for group in entry.values()
              if isinstance(group, list) for item in group if isinstance(item, dict)
              for title in item]
    assert len(titles) == len(names)
    # mkdocs-macros renders a page title holding any of its start markers (plugin.has_j2).
    assert [t for t in titles if any(s in t for s in ("{{", "{%", "{##"))] == []


def test_hostile_names_never_leave_the_title_element(hostile_builds, built_site):
    case = next(c for c in BUILD_CASES if c.name == "html-markdown-everywhere")
    out, _ = built(hostile_builds, case)
    for name in html_pages(out):
        head, _ = split_head((out / name).read_text(encoding="utf-8"))
        clean, _ = split_head((built_site / name).read_text(encoding="utf-8"))
        page, reference = Page(head), Page(clean)
        assert {t: n for t, n in page.tags.items() if t in WATCHED_TAGS} == {
            t: n for t, n in reference.tags.items() if t in WATCHED_TAGS}, name
        assert not [a for a in page.attrs if a[1].startswith("on")], name


def test_hostile_decide_widget_runs_no_data(hostile_builds, browser, serve_directory):
    """In Chromium, the /decide/ widget and the search show the payload as text and run none of it."""
    case = next(c for c in BUILD_CASES if c.name == "html-markdown-everywhere")
    out, kb = built(hostile_builds, case)
    tr = tree_mod.build(kb)
    leaves = [path for path, result in tree_mod.paths(tr)]
    picks = [leaves[0], next(p for p, r in tree_mod.paths(tr) if not r.recommend)]
    with serve_directory(out) as url:
        page = browser.new_page()
        fired: list[str] = []
        page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda r: None if r.url.startswith((url, "data:", "blob:"))
                else fired.append(r.url))
        for path in picks:
            query = "?v=1&" + "&".join(f"{k}={v}" for k, v in path)
            page.goto(f"{url}decide/{query}", wait_until="domcontentloaded")
            page.wait_for_selector(".decide[data-ready] .decide__result")
            text = folded(page.inner_text(".decide"))
            assert folded(hostile.HTML) in text  # names, questions and reasons all carry it
            assert page.eval_on_selector_all("img[src='x'], iframe, svg[onload], [onerror]",
                                             "els => els.length") == 0
        page.goto(url, wait_until="networkidle")
        page.focus(".md-search__input")
        page.keyboard.type("cell", delay=30)  # a word of the payload; Material searches on keyup
        page.wait_for_selector(".md-search-result__item", state="attached", timeout=15000)
        assert page.eval_on_selector_all(".md-search-result__item", "els => els.length") > 0
        assert page.eval_on_selector_all(
            ".md-search-result img, .md-search-result script, .md-search-result iframe, "
            ".md-search-result [onerror]", "els => els.length") == 0
        assert "<script>alert" in page.inner_text(".md-search-result")
        page.close()
    assert fired == []


# ---- attr(): an attribute value survives Python-Markdown's inline patterns -------------------

@settings(max_examples=300, deadline=None)
@given(value=st.lists(st.sampled_from(list("ab_ *`[]()!\\|<>&\"'#{}=:/.\u3042") + ["ja_jp", "](x)"]),
                      max_size=30).map("".join) | st.sampled_from([hostile.HTML, hostile.JINJA]))
def test_attr_values_reach_the_browser_exactly_inside_markdown(value):
    link = f'<a href="https://docs.aws.amazon.com/x.html" title="{attr(value)}">1</a>'
    for markdown_text in (f"Text {link} text", f"| a |\n| --- |\n| {link} |", f"- {link}"):
        page = Page(markdown.markdown(markdown_text, extensions=MARKDOWN_EXTENSIONS))
        assert page.tags["a"] == 1 and page.tags["img"] == 0, markdown_text
        titles = [v for tag, name, v in page.attrs if name == "title"]
        assert titles == [value], markdown_text
