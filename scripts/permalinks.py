"""The permalink list: every URL the site has published, checked against a build, only ever added to.

    .venv/bin/python -m scripts.permalinks --check [--site DIR]   what the list lacks (exit 1 if any)
    .venv/bin/python -m scripts.permalinks --write [--site DIR]   append what it lacks (`make permalinks`)

`--write` also rewrites the generated method options of the issue forms (scripts/issue_forms.py),
so a new method needs no hand edit outside data/; `--check` reports a form that is out of date.

The URLs the site publishes now are derived from data/kb.yaml (pages, method and scenario ids,
question and answer keys) and the URL contract of CONTRACT.md (section anchors, the JSON).
`--site DIR` also checks every listed URL against that built site, as tests/test_permalinks.py
does: each page is served (or redirected by mkdocs.yml), each anchor is an id on its page, each
/decide/ key and answer is in /api/v1/decision-tree.json. A failure says how to keep the URL working.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import posixpath
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import parse_qsl, quote, urlsplit

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from macros.decide import api  # noqa: E402
from macros.kb.load import load_kb  # noqa: E402
from macros.kb.kits import kits_of  # noqa: E402
from macros.kb.model import TABLES, KnowledgeBase  # noqa: E402
from macros.kb.problems import DataError  # noqa: E402
from macros.site import KB_PATH, LANGUAGES, nav  # noqa: E402
from scripts import issue_forms  # noqa: E402
from scripts.yaml_text import list_item  # noqa: E402

LIST_PATH = "data/permalinks.yaml"
# CONTRACT.md section 2: the sections every method page has, in page order.
METHOD_ANCHORS = ("at-a-glance", "prerequisites", "benefits", "limitations", "how-to-connect",
                  "set-up", "when-to-use", "changes", "sources")
# /compare/ has one table per entry of TABLES; each method's row is `<table>-<method id>`.
COMPARE_ANCHORS = TABLES
# Written once, at the root, by hooks/mkdocs_glue.py (its API_FILES; that module imports MkDocs).
API_FILES = ("api/v1/methods.json", "api/v1/decision-tree.json")
DECIDE_PAGE = "decide/"
REDIRECT_HINT = ("add this redirect under plugins > redirects > redirect_maps in mkdocs.yml "
                 "(one line serves both languages: mkdocs.ja.yml inherits it; while the map is "
                 "`redirect_maps: {}`, drop the `{}` and indent the line below it):")

GROUPS = {
    "pages": "Pages, in both languages",
    "method-anchors": "Method page sections (CONTRACT.md section 2)",
    "compare-anchors": "Comparison tables and each method's row in them",
    "decide": "/decide/ state: the version, and each question key with each of its answers",
    "api": "The JSON API, language-neutral and served once at the root",
    "kits": "Set-up kit files (data/kits/), language-neutral and served once at the root",
}


# ---- What the site publishes now ----------------------------------------------------------

def page_url(src_uri: str) -> str:
    """The URL path, relative to a language root, of a Markdown source (`methods/x.md` -> `methods/x/`)."""
    stem = src_uri[:-len(".md")]
    if stem == "index":
        return ""
    return (stem[:-len("index")] if stem.endswith("/index") else stem + "/")


def _nav_pages(items: list[Any]) -> Iterator[str]:
    for item in items:
        if isinstance(item, str):
            yield item
        else:
            for value in item.values():
                yield from ([value] if isinstance(value, str) else _nav_pages(value))


def _both(rel: str) -> list[str]:
    """The URL in every language, English first (`/ja/` + the same path for Japanese)."""
    return [f"/{lang.path}{rel}" for lang in LANGUAGES]


def current(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Every URL the site publishes for `kb`, grouped as in data/permalinks.yaml (keys of GROUPS)."""
    pages = [page_url(src) for src in _nav_pages(nav(kb, LANGUAGES[0].code))]
    decide = [f"{DECIDE_PAGE}?v={api.VERSION}"] + [
        f"{DECIDE_PAGE}?v={api.VERSION}&{quote(q.key)}={quote(a.key)}"
        for q in kb.questions for a in q.answers]
    return {
        "pages": [url for rel in pages for url in _both(rel)],
        "method-anchors": [url for m in kb.methods for anchor in METHOD_ANCHORS
                           for url in _both(f"methods/{m.id}/#{anchor}")],
        "compare-anchors": _both("compare/#at-a-glance") + [url for table in COMPARE_ANCHORS
                            for anchor in [table] + [f"{table}-{m.id}" for m in kb.methods]
                            for url in _both(f"compare/#{anchor}")],
        "decide": [url for rel in decide for url in _both(rel)],
        "api": [f"/{path}" for path in API_FILES],
        "kits": [f"/{item.url}" for item in kits_of(kb).files()],
    }


def current_urls(kb: KnowledgeBase) -> list[str]:
    """Every URL the site publishes for `kb`, in list order."""
    return [url for urls in current(kb).values() for url in urls]


# ---- The list file ------------------------------------------------------------------------

HEADER = """\
# Permalinks: every URL this site has published, in both languages (English at /, Japanese at
# /ja/). Engineers send these to customers, so each must keep working for good:
# tests/test_permalinks.py builds the site and checks that every page is served (or redirected
# by mkdocs.yml), that every #anchor is an id on its page, and that every /decide/ query key and
# answer is still in /api/v1/decision-tree.json.
#
# Entries are only ever ADDED. Never remove or edit one, even when the page, the anchor or the
# answer goes away: keep the old URL working instead (a redirect in mkdocs.yml for a page, the
# old key in data/kb.yaml for /decide/); the test's failure message says how.
#
# New URLs (a new method, scenario, question or answer) are appended by
#     make permalinks            (.venv/bin/python -m scripts.permalinks --write)
# and `.venv/bin/python -m scripts.permalinks --check` lists them without writing. Both derive
# the URLs from data/kb.yaml and the URL contract of CONTRACT.md (section 2).
"""


def render_list(groups: dict[str, list[str]]) -> str:
    """The text of a new permalink list holding `groups`."""
    lines = [HEADER, "urls:"]
    for key, urls in groups.items():
        lines += ["", f"  # {GROUPS[key]}"] + [list_item(url) for url in urls]
    return "\n".join(lines) + "\n"


class ListError(ValueError):
    """The permalink list cannot be read or has the wrong shape."""


def load_list(path: str | Path) -> list[str]:
    """The URLs in the permalink list, in file order."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ListError(f"{path}: cannot be read: {error}") from None
    urls = data.get("urls") if isinstance(data, dict) else None
    if not isinstance(urls, list) or not all(isinstance(u, str) and u.startswith("/")
                                             for u in urls):
        raise ListError(f"{path}: must hold `urls:`, a list of URL paths starting with /")
    seen: set[str] = set()
    doubles = [u for u in urls if u in seen or seen.add(u)]
    if doubles:
        raise ListError(f"{path}: lists {doubles[0]} twice; delete the later entry")
    return urls


def missing(listed: Iterable[str], urls: Iterable[str]) -> list[str]:
    """The URLs of `urls` the list does not hold yet, in order."""
    have = set(listed)
    return [url for url in urls if url not in have]


def append(path: str | Path, urls: list[str], today: dt.date) -> None:
    """Append `urls` at the end of the list (creating it when absent); nothing is removed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    block = [f"  # added {today.isoformat()} by `make permalinks`"] + [list_item(u) for u in urls]
    path.write_text(text.rstrip("\n") + "\n\n" + "\n".join(block) + "\n", encoding="utf-8")


# ---- Redirects (mkdocs.yml) ---------------------------------------------------------------

class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/...): only the map matters."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _config(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return data if isinstance(data, dict) else {}


def _redirect_map(config: dict[str, Any]) -> dict[str, str]:
    plugins = config.get("plugins")
    redirects = plugins.get("redirects") if isinstance(plugins, dict) else None
    found = redirects.get("redirect_maps") if isinstance(redirects, dict) else None
    return {str(k): str(v) for k, v in (found or {}).items()}


def read_redirects(project_dir: str | Path = PROJECT_DIR) -> dict[str, dict[str, str]]:
    """Each language's redirect map {old.md: new.md}, by language path ('' or 'ja/')."""
    maps: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        config = _config(Path(project_dir, lang.config))
        inherited = _config(Path(project_dir, config["INHERIT"])) if "INHERIT" in config else {}
        maps[lang.path] = {**_redirect_map(inherited), **_redirect_map(config)}
    return maps


# ---- Checking a built site ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Broken:
    """A listed URL that the built site no longer serves, and how to keep it working."""

    url: str
    problem: str
    fix: str


def _split(url: str) -> tuple[str, str, str, str]:
    """(language path, path relative to it, query, fragment) of a listed URL."""
    parts = urlsplit(url)
    rel = parts.path.lstrip("/")
    prefix = next((lang.path for lang in LANGUAGES[1:] if rel.startswith(lang.path)), "")
    return prefix, rel[len(prefix):], parts.query, parts.fragment


def _sources(rel: str) -> list[str]:
    """Markdown sources a redirect may name for the page at `rel`."""
    stem = rel.rstrip("/")
    return ["index.md"] if not stem else [f"{stem}.md", f"{stem}/index.md"]


def _guess(rel: str, listed: set[str], now: Iterable[str]) -> str:
    """The page that probably replaced `rel`: the one new page in the same folder, if exactly one."""
    folder = posixpath.dirname(rel.rstrip("/"))
    folder = folder + "/" if folder else ""
    new = sorted({_split(u)[1] for u in now if not _split(u)[2] and not _split(u)[3]
                  and u not in listed and _split(u)[1].startswith(folder)
                  and _split(u)[1] != folder})
    if len(new) == 1:
        return _sources(new[0])[0]
    return f"{folder}<new-page>.md"


class _Site:
    """One built site (English at its root, other languages in their folders) and its redirects."""

    def __init__(self, root: Path, redirects: dict[str, dict[str, str]], listed: list[str],
                 now: Iterable[str]):
        self.root, self.redirects = root, redirects
        self.listed, self.now = set(listed), list(now)
        self.pages: dict[Path, str] = {}
        self.tree: dict[str, Any] | None = None

    def page(self, prefix: str, rel: str, url: str) -> tuple[str, Broken | None]:
        """The page that serves `rel` (a redirect's target) relative to its language root, or
        why there is none."""
        redirects = self.redirects.get(prefix, {})
        target = next((redirects[s] for s in _sources(rel) if s in redirects), None)
        if target is not None:
            old = self.root / prefix / rel / "index.html"
            if "location.href" not in (old.read_text(encoding="utf-8") if old.is_file() else ""):
                return rel, Broken(url, f"mkdocs.yml redirects this page to {target}, but the "
                                        f"build wrote no redirect at {prefix}{rel}index.html",
                                   "check that the redirects plugin is enabled in mkdocs.yml")
            rel = page_url(target.split("#", 1)[0])
        if (self.root / prefix / rel / "index.html").is_file():
            return rel, None
        if target is not None:
            return rel, Broken(url, f"its redirect target {target} is not a page of the site",
                               "point the redirect in mkdocs.yml at a page that exists")
        return rel, Broken(url, f"the site has no page /{prefix}{rel} any more",
                           f"{REDIRECT_HINT}\n        {_sources(rel)[0]}: "
                           f"{_guess(rel, self.listed, self.now)}")

    def anchor(self, prefix: str, rel: str, anchor: str, url: str) -> Broken | None:
        """Why `#anchor` is not an id on the page at `rel`, or None."""
        if f'id="{anchor}"' in self.html(self.root / prefix / rel / "index.html"):
            return None
        table = next((t for t in COMPARE_ANCHORS if anchor.startswith(t + "-")), None)
        if rel == "compare/" and table is not None:
            method = anchor[len(table) + 1:]
            return Broken(url, f"/{prefix}compare/ has no row for method '{method}' in its "
                               f"'{table}' table any more",
                          f"if '{method}' was renamed or replaced, {REDIRECT_HINT}\n"
                          f"        methods/{method}.md: "
                          f"{_guess(f'methods/{method}/', self.listed, self.now)}\n"
                          "    hooks/mkdocs_glue.py then gives the new method's rows the old row ids too")
        return Broken(url, f"/{prefix}{rel} has no element with id=\"{anchor}\"",
                      "section anchors come from the page renderers (macros/render/*.py): keep "
                      f"the id, e.g. write the renamed heading with {{ #{anchor} }}, or leave "
                      f"<span id=\"{anchor}\"></span> where the section moved")

    def html(self, path: Path) -> str:
        """The text of a built page, read once."""
        if path not in self.pages:
            self.pages[path] = path.read_text(encoding="utf-8")
        return self.pages[path]

    def decision_tree(self) -> dict[str, Any] | None:
        """/api/v1/decision-tree.json of the build, read once; None when it is missing."""
        if self.tree is None:
            path = self.root / API_FILES[1]
            try:
                self.tree = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
        return self.tree

    def decide(self, query: str, url: str) -> Broken | None:
        """Why the /decide/ state `query` no longer works, or None."""
        tree = self.decision_tree()
        if tree is None:
            return Broken(url, f"/{API_FILES[1]} is missing or not JSON",
                          "hooks/mkdocs_glue.py writes it after the English build; fix that build")
        pairs = parse_qsl(query, keep_blank_values=True)
        questions = {q["key"]: [a["key"] for a in q["answers"]] for q in tree["questions"]}
        for key, value in pairs:
            if key == "v":
                if value != str(tree.get("version")):
                    return Broken(url, f"/{API_FILES[1]} has version {tree.get('version')}, "
                                       f"not {value}",
                                  "a breaking change bumps the version and keeps serving the "
                                  f"old one: keep /api/v1/ and the widget reading v={value} "
                                  "(CONTRACT.md section 6)")
            elif key not in questions:
                return Broken(url, f"no question has the key '{key}' any more",
                              "query keys cannot be redirected, and /decide/ ignores a key it "
                              "does not know, so this link would silently lose its answer. "
                              f"Keep the old key working: keep a question with key: {key} in "
                              "data/kb.yaml and change its text, not its key; if a new "
                              f"question replaces it, give the new wording and answers to the "
                              f"question keyed {key} instead of adding another")
            elif value not in questions[key]:
                return Broken(url, f"question '{key}' has no answer '{value}' any more",
                              "answer keys cannot be redirected, and /decide/ ignores an answer "
                              "it does not know, so this link would ask the question again. "
                              f"Keep the old answer working: keep an answer with key: {value} "
                              f"under question {key} in data/kb.yaml and change its text, not "
                              f"its key; if it was merged into another answer, keep {value} "
                              "with the same requires: as the answer that replaced it, so old "
                              "links reach the same result")
        return None

    def api(self, rel: str, url: str) -> Broken | None:
        """Why the JSON file is not served, or None."""
        path = self.root / rel
        try:
            version = json.loads(path.read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError, AttributeError):
            version = None
        if version is None:
            return Broken(url, "the build wrote no such JSON document (or it does not parse)",
                          "keep writing it (hooks/mkdocs_glue.py, API_FILES): a breaking change bumps "
                          "the version under a new URL and keeps this one (CONTRACT.md "
                          "section 6)")
        return None

    def kit_file(self, rel: str, url: str) -> Broken | None:
        """Why the set-up kit file is not served, or None."""
        if (self.root / rel).is_file():
            return None
        return Broken(url, "the build wrote no such kit file",
                      "keep the file under data/kits/ and listed in its kit.yaml; if it was "
                      "renamed, keep a copy under the old name listed in the manifest too")

    def check(self, url: str) -> Broken | None:
        """Why `url` no longer works in this site, or None."""
        prefix, rel, query, fragment = _split(url)
        if rel.startswith("kits/"):
            return self.kit_file(rel, url)
        if rel.endswith(".json"):
            return self.api(rel, url)
        rel, broken = self.page(prefix, rel, url)
        if broken is not None:
            return broken
        if query:
            return self.decide(query, url)
        if fragment:
            return self.anchor(prefix, rel, fragment, url)
        return None


def verify(listed: list[str], site_dir: str | Path,
           redirects: dict[str, dict[str, str]] | None = None,
           now: Iterable[str] = ()) -> list[Broken]:
    """Every listed URL that `site_dir` does not serve; `now` (URLs published now) names fixes."""
    redirects = read_redirects() if redirects is None else redirects
    site = _Site(Path(site_dir), redirects, listed, now)
    return [b for b in map(site.check, listed) if b is not None]


def report(broken: list[Broken], total: int, list_path: str = LIST_PATH) -> str:
    """The failure message: the broken URLs with what is wrong, each fix once, then a count."""
    by_fix: dict[str, list[Broken]] = {}
    for b in broken:
        by_fix.setdefault(b.fix, []).append(b)
    lines = []
    for fix, items in by_fix.items():
        lines += [f"{b.url}: {b.problem}" for b in items] + [f"    fix: {fix}", ""]
    lines.append(f"{len(broken)} of {total} URLs in {list_path} no longer work; published URLs "
                 "must keep working (the fixes above say how; never delete an entry)")
    return "\n".join(lines)


# ---- Command line -------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Command line entry point; exit 1 when URLs are missing (--check) or broken (--site), or
    when an issue form's generated options are out of date."""
    parser = argparse.ArgumentParser(prog="python -m scripts.permalinks",
                                     description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true",
                      help="print the URLs the site publishes that the list lacks")
    mode.add_argument("--write", action="store_true",
                      help="append those URLs to the list (never removes an entry) and "
                           "regenerate the issue forms' method options")
    parser.add_argument("--site", type=Path, metavar="DIR",
                        help="also check every listed URL against this built site "
                             "(e.g. site/ after `make build`)")
    parser.add_argument("--list", type=Path, default=Path(LIST_PATH), metavar="FILE",
                        help=f"the permalink list (default: {LIST_PATH})")
    parser.add_argument("--kb", type=Path, default=Path(KB_PATH), metavar="FILE",
                        help=f"the knowledge base (default: {KB_PATH})")
    args = parser.parse_args(argv)
    # Relative paths are the project's, so the command works from any folder.
    list_path, kb_path = (p if p.is_absolute() else PROJECT_DIR / p for p in (args.list, args.kb))
    shown = args.list.as_posix()
    try:
        kb = load_kb(kb_path)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    now = current_urls(kb)
    try:
        listed = load_list(list_path) if list_path.exists() else []
    except ListError as error:
        print(error, file=sys.stderr)
        return 1
    new = missing(listed, now)
    if args.write and not list_path.exists():
        list_path.write_text(render_list(current(kb)), encoding="utf-8")
        listed, new = now, []
        print(f"{shown}: created with {len(now)} URLs")
    elif args.write and new:
        append(list_path, new, dt.date.today())
        listed = listed + new
        print("\n".join(f"added {url}" for url in new))
        print(f"{shown}: {len(new)} URLs added, {len(listed)} in all")
        new = []
    elif new:
        print("\n".join(new))
        print(f"{shown}: lacks {len(new)} of the {len(now)} URLs the site publishes; add them "
              "with `make permalinks`")
    else:
        print(f"{shown}: lists all {len(now)} URLs the site publishes ({len(listed)} entries)")
    status = 1 if new else 0
    if args.write:
        for path in issue_forms.write(kb, PROJECT_DIR):
            print(f"{path}: method options regenerated from {args.kb.as_posix()}")
    stale_forms = issue_forms.problems(kb, PROJECT_DIR)
    if stale_forms:
        print("\n".join(p.format() for p in stale_forms))
        status = 1
    if args.site is not None:
        broken = verify(listed, args.site, read_redirects(PROJECT_DIR), now)
        print(report(broken, len(listed), shown) if broken else
              f"{args.site}: all {len(listed)} listed URLs work")
        status = status or (1 if broken else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
