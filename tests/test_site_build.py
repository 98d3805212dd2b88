"""The built site as a whole: both languages, search, macros, third-party requests, edit links,
the language switcher, and a broken knowledge base that must stop the build."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from macros.site import LANGUAGES, load_site_kb
from test_quality_support import arrive

PROJECT_DIR = Path(__file__).resolve().parent.parent
JA = "ja/"
# Hosts a page must never load from (fonts, CDNs, the GitHub API behind Material's repo widget).
FORBIDDEN = re.compile(r"fonts\.googleapis\.com|fonts\.gstatic\.com|unpkg\.com|jsdelivr|cdnjs|"
                       r"api\.github\.com|//cdn\.", re.IGNORECASE)
# What each element loads; <a href> is a link to follow, not a request the page makes.
LOADING_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
                 "video": "src", "embed": "src", "object": "data", "link": "href"}
LINK_RELS_NOT_LOADED = {"canonical", "alternate", "prev", "next", "edit"}
CSS_REMOTE_URL = re.compile(r"""(?:url\(|@import)\s*["']?(?:https?:)?//""", re.IGNORECASE)


class Tags(HTMLParser):
    """Every start tag of a document with its attributes."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def find(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        """Attributes of each `tag` whose attributes include `wanted` (class matches one word)."""
        found = []
        for name, attrs in self.tags:
            if name != tag:
                continue
            if all(value in attrs.get(key, "").split() if key == "class" else attrs.get(key) == value
                   for key, value in wanted.items()):
                found.append(attrs)
        return found


def pages(site: Path, lang_path: str = "") -> list[str]:
    """URL paths of one language's pages relative to its root ('' is the home page)."""
    root = site / lang_path
    found = [path.relative_to(root).as_posix().removesuffix("index.html")
             for path in root.rglob("index.html")]
    # The Japanese site lives inside the English one.
    return sorted(p for p in found if lang_path or not p.startswith(JA))


def tags(site: Path, url_path: str) -> Tags:
    """Parsed start tags of the page at `url_path` ('' for the home page)."""
    return Tags((site / url_path / "index.html").read_text(encoding="utf-8"))


def edit_root() -> str:
    """The repository edit URL the site is configured with (mkdocs.yml's edit_uri default)."""
    default = re.search(r'^edit_uri: !ENV \[EDIT_URI, "([^"]+)"\]',
                        (PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return os.environ.get("EDIT_URI", default.group(1))


@pytest.fixture(scope="module")
def kb():
    """The knowledge base the site was built from."""
    return load_site_kb(PROJECT_DIR)


def test_both_languages_have_the_same_pages(built_site):
    english, japanese = pages(built_site), pages(built_site, JA)
    assert "methods/session-manager/" in english
    assert english == japanese
    assert '<html lang="en"' in (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in (built_site / "ja/index.html").read_text(encoding="utf-8")


def test_each_language_has_its_own_search_index(built_site):
    english = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    japanese = json.loads((built_site / "ja/search/search_index.json").read_text(encoding="utf-8"))
    assert english["config"]["lang"] == ["en"]
    assert japanese["config"]["lang"] == ["ja", "en"]
    assert "\u3001" in japanese["config"]["separator"]  # 、 splits Japanese text into terms
    assert (built_site / "ja/assets/javascripts/lunr/min/lunr.ja.min.js").is_file()
    assert (built_site / "ja/assets/javascripts/lunr/tinyseg.js").is_file()
    assert not any(doc["location"].startswith(JA) for doc in english["docs"])
    kana = re.compile(r"[\u3040-\u30ff]")
    assert any(kana.search(doc["text"]) for doc in japanese["docs"])
    assert not any(kana.search(doc["title"]) for doc in english["docs"])


def test_no_macro_is_left_unrendered(built_site):
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "{{" not in text, path
        assert "Macro Rendering Error" not in text, path


def test_only_pages_with_wide_tables_span_the_window(built_site):
    # hooks/mkdocs_glue.py marks the grid (site.css widens it) instead of a :has() selector.
    for html_file in sorted(built_site.rglob("*.html")):
        text = html_file.read_text(encoding="utf-8")
        if '<div class="md-main__inner' not in text:
            continue  # redirect stubs
        wide = 'class="kb-wide' in text
        marked = '<div class="md-main__inner md-grid kb-grid--wide">' in text
        assert marked == wide, (f"{html_file.relative_to(built_site)}: wide tables {wide}, "
                                f"grid marked wide {marked}")
    for lang in LANGUAGES:
        assert 'kb-grid--wide' in (built_site / lang.path / "compare" / "index.html").read_text(
            encoding="utf-8")


def test_pages_load_nothing_from_other_hosts(built_site):
    loaded_scripts: set[Path] = set()
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not FORBIDDEN.search(text), path
        assert not CSS_REMOTE_URL.search(text), path
        for tag, attrs in Tags(text).tags:
            url = attrs.get(LOADING_ATTRS.get(tag, ""), "")
            if not url or (tag == "link" and set(attrs.get("rel", "").split()) & LINK_RELS_NOT_LOADED):
                continue
            assert not urlsplit(url).netloc and urlsplit(url).scheme in ("", "data"), (path, url)
            if tag == "script":
                # 404 pages use absolute paths (they are served at any URL); site_url's path is /.
                script = urlsplit(url).path
                base = built_site if script.startswith("/") else path.parent
                loaded_scripts.add((base / script.lstrip("/")).resolve())
        # Material's bundle calls api.github.com only for the repo widget (repo_url) and loads
        # mermaid from unpkg only for diagrams when no local copy defines it.
        assert 'data-md-component="source"' not in text, path
        if 'class="mermaid"' in text:
            assert any("mermaid" in script.name for script in loaded_scripts), path
    for path in built_site.rglob("*.css"):
        assert not CSS_REMOTE_URL.search(path.read_text(encoding="utf-8")), path
    ours = [script for script in loaded_scripts if "/assets/javascripts/bundle." not in str(script)]
    assert ours, "the pages load none of the site's own scripts"
    for script in ours:
        assert not FORBIDDEN.search(script.read_text(encoding="utf-8")), script


def test_edit_links_open_the_source_of_each_page(built_site, kb):
    root = edit_root()
    generated = [f"methods/{m.id}/" for m in kb.methods] + [f"scenarios/{s.id}/" for s in kb.scenarios]
    assert "methods/session-manager/" in generated
    for lang in LANGUAGES:
        for url_path in generated:
            [edit] = tags(built_site, lang.path + url_path).find("a", rel="edit")
            assert edit["href"] == root + "data/kb.yaml", (lang.code, url_path)
        [edit] = tags(built_site, lang.path + "compare/").find("a", rel="edit")
        assert edit["href"] == f"{root}{lang.docs_dir}/compare.md"


def test_language_switcher_links_every_page_to_its_twin(built_site):
    base = "http://example.test/guide/"  # any prefix: the links are relative
    for url_path in pages(built_site):
        for here, there in ((LANGUAGES[0], LANGUAGES[1]), (LANGUAGES[1], LANGUAGES[0])):
            page = here.path + url_path
            [link] = tags(built_site, page).find("a", hreflang=there.code, **{"class": "md-select__link"})
            assert urljoin(base + page, link["href"]) == base + there.path + url_path, page
    [to_ja] = tags(built_site, "methods/session-manager/").find("a", hreflang="ja")
    assert to_ja["href"] == "../../ja/methods/session-manager/"
    [to_en] = tags(built_site, "ja/methods/session-manager/").find("a", hreflang="en")
    assert to_en["href"] == "../../../methods/session-manager/"


def _switch(page, lang: str, url: str) -> None:
    """Open the language menu and pick `lang`, as a reader does; the page must arrive at `url`."""
    page.hover(".md-header .md-select")
    arrive(page, url, lambda: page.click(f"a.md-select__link[hreflang={lang}]"))


def _watch(page) -> list[str]:
    """Collect requests to other hosts and script errors on `page`."""
    problems: list[str] = []
    page.on("request", lambda request: urlsplit(request.url).hostname != "127.0.0.1"
            and problems.append(f"request to {request.url}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: message.type == "error"
            and problems.append(f"console error: {message.text}"))
    return problems


def test_switching_language_keeps_page_section_and_query(built_site, browser, serve_directory):
    # Served under a path prefix (/site/), like a project site on GitHub Pages.
    with serve_directory(built_site.parent) as host:
        prefix = f"{host}{built_site.name}/"
        page = browser.new_page()
        problems = _watch(page)
        page.goto(prefix + "methods/session-manager/#limitations")
        _switch(page, "ja", prefix + "ja/methods/session-manager/#limitations")
        _switch(page, "en", prefix + "methods/session-manager/#limitations")
        # A decision in progress: the first question of the published tree, answered.
        tree = json.loads((built_site / "api/v1/decision-tree.json").read_text(encoding="utf-8"))
        root = tree["nodes"][tree["root"]]
        query = f"?v=1&{root['ask']}={next(iter(root['answers']))}"
        page.goto(prefix + "ja/decide/" + query)
        _switch(page, "en", prefix + "decide/" + query)
        page.close()
    assert problems == []


def test_switching_language_after_instant_navigation(site_url, browser):
    page = browser.new_page()
    problems = _watch(page)
    # Material navigates instantly only to URLs in sitemap.xml, written for SITE_URL (port 8000 by
    # default): serve the sitemaps as if the site had been built for this server's port.
    page.route("**/sitemap.xml", lambda route: route.fulfill(
        response=(response := route.fetch()),
        body=re.sub(r"http://127\.0\.0\.1:8000/", site_url, response.text())))
    page.goto(site_url, wait_until="networkidle")  # clicks before the sitemap arrives load fully
    home_title = page.title()
    page.evaluate("window.__sameDocument = true")
    page.click('article a[href$="compare/"]')  # the home page hides the sidebar: use its card
    page.wait_for_function("title => document.title !== title", arg=home_title)
    # Instant navigation swapped the page in place: the header, and its switcher, are the home page's.
    assert page.evaluate("window.__sameDocument") is True
    assert page.url == site_url + "compare/"
    _switch(page, "ja", site_url + "ja/compare/")
    page.unroute_all(behavior="ignoreErrors")  # a sitemap fetch may still be in flight
    page.close()
    assert problems == []


def _syntax_error(lines: list[str]) -> int:
    """Break the YAML itself; returns the 0-based index of the broken line."""
    at = lines.index("ranking:") + 1
    lines.insert(at, "  explanation: broken: value")  # "mapping values are not allowed here"
    return at


def _unknown_method(lines: list[str]) -> int:
    """Misspell a method id in ranking.order; returns the 0-based index of the broken line."""
    at = lines.index("    - fleet-manager")  # the first entry of ranking.order
    lines[at] = "    - fleet-manger"
    return at


def _project_copy(tmp_path: Path) -> Path:
    """A copy of the project's sources to break or change."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT_DIR, project, ignore=shutil.ignore_patterns(
        ".venv", ".git", "site", "__pycache__", ".pytest_cache", ".hypothesis", "node_modules"))
    return project


def _broken_copy(tmp_path: Path, breakage) -> tuple[Path, int]:
    """A copy of the project with `breakage` applied to its kb.yaml, and the 1-based broken line."""
    project = _project_copy(tmp_path)
    kb_file = project / "data/kb.yaml"
    lines = kb_file.read_text(encoding="utf-8").split("\n")
    line = breakage(lines) + 1
    kb_file.write_text("\n".join(lines), encoding="utf-8")
    return project, line


def _assert_located_report(result: subprocess.CompletedProcess[str], line: int) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(rf"^data/kb\.yaml:{line}: ", output, re.M), output
    assert "validation failed:" in output
    assert "Traceback" not in output


@pytest.mark.parametrize("previous_site", [False, True], ids=["no-site-yet", "site-exists"])
@pytest.mark.parametrize("breakage", [_syntax_error, _unknown_method], ids=["yaml", "reference"])
def test_broken_knowledge_base_stops_the_build(tmp_path, breakage, previous_site, build_project):
    project, line = _broken_copy(tmp_path, breakage)
    out = tmp_path / "out" / "site"
    if previous_site:
        out.mkdir(parents=True)
        (out / "index.html").write_text("previous build", encoding="utf-8")

    _assert_located_report(build_project(project, out), line)

    if previous_site:
        assert [p.name for p in out.parent.iterdir()] == ["site"]
        assert [p.name for p in out.iterdir()] == ["index.html"]
        assert (out / "index.html").read_text(encoding="utf-8") == "previous build"
    else:
        assert not out.parent.exists()


def test_mkdocs_alone_stops_on_a_broken_knowledge_base(tmp_path):
    # The hook validates before any plugin runs, for anyone calling mkdocs directly.
    project, line = _broken_copy(tmp_path, _unknown_method)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                             "--config-file", "mkdocs.ja.yml", "--site-dir", str(out)],
                            cwd=project, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    _assert_located_report(result, line)
    assert not out.exists()


def test_a_mkdocs_warning_fails_the_quiet_build(tmp_path, build_project):
    # `mkdocs build --quiet` would hide the warning from --strict and publish the broken link.
    project = _project_copy(tmp_path)
    with (project / "docs/ja/compare.md").open("a", encoding="utf-8") as page:
        page.write("\n[missing](no-such-page.md)\n")
    out = tmp_path / "out"
    result = build_project(project, out)
    assert result.returncode == 1
    assert "WARNING" in result.stdout and "no-such-page.md" in result.stdout
    assert not out.exists()


def test_one_language_is_rebuilt_and_the_others_are_kept(tmp_path, built_site):
    # scripts/serve.py rebuilds only the language whose pages changed (`--language`).
    out = tmp_path / "site"
    shutil.copytree(built_site, out)
    for code, rebuilt_root, kept_root in (("ja", out / "ja", out), ("en", out, out / "ja")):
        (rebuilt_root / "marker.txt").write_text("old build", encoding="utf-8")
        (kept_root / "marker.txt").write_text("kept", encoding="utf-8")
        result = subprocess.run([sys.executable, "scripts/build.py", "--out", str(out), "--quiet",
                                 "--language", code], cwd=PROJECT_DIR, capture_output=True,
                                text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        assert not (rebuilt_root / "marker.txt").exists(), \
            f"scripts/build.py --language {code} did not replace {rebuilt_root}"
        assert (kept_root / "marker.txt").is_file(), \
            f"scripts/build.py --language {code} dropped {kept_root}, which it must keep"
        assert (pages(out), pages(out, JA)) == (pages(built_site), pages(built_site, JA)), \
            f"scripts/build.py --language {code} published other pages than the full build"
    assert [p.name for p in tmp_path.iterdir()] == ["site"], "a staging folder was left behind"
