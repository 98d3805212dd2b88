"""What the site is made of, per language: where each language lives, its pages and its nav.

The plain half of hooks/mkdocs_glue.py (no MkDocs here), shared by the hook, the macros and the scripts,
so the URL contract of CONTRACT.md (English at `/`, Japanese at `/ja/`) is written once.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import posixpath
from pathlib import Path
from typing import Any, Mapping

from macros.kb.load import load_kb
from macros.languages import LANGUAGES, Language, language  # noqa: F401 (part of this module's API)
from macros.kb.model import TABLES, KnowledgeBase
from macros.pages import PAGES, generated_pages  # noqa: F401 (generated_pages: part of this module's API)
from macros.render.i18n import t

KB_PATH = "data/kb.yaml"  # relative to the project dir; also the edit target of generated pages


def load_site_kb(project_dir: Path) -> KnowledgeBase:
    """Load and validate the project's data/kb.yaml; raises DataError listing every problem.

    One build asks several times (scripts/build.py, the hook and the macros of each language):
    the file is parsed and validated once per content and day, and every caller gets that same
    KnowledgeBase, so what is derived from it can be cached on it too.
    """
    project_dir = Path(project_dir).resolve()
    # Relative when building from the project dir, so problems read "data/kb.yaml:12: ...".
    path = Path(KB_PATH) if project_dir == Path.cwd().resolve() else project_dir / KB_PATH
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return load_kb(path)  # let the loader report the missing or unreadable file
    return _load_kb(path.resolve(), str(path), digest, dt.date.today())


# A failed load raises, and lru_cache keeps nothing for it: the next call reports it afresh.
@functools.lru_cache(maxsize=4)
def _load_kb(resolved: Path, shown: str, digest: str, today: dt.date) -> KnowledgeBase:
    return load_kb(shown, today=today)


def alternates(code: str) -> list[dict[str, str]]:
    """Material's `extra.alternate` for the build of `code`: each language's root, relative to this one's."""
    here = language(code).path or "."
    return [{"name": lang.name, "lang": lang.code,
             "link": posixpath.relpath(lang.path or ".", here) + "/"}
            for lang in LANGUAGES]


def site_url(base_url: str, code: str) -> str:
    """The absolute URL of language `code`'s root, given the site's root URL."""
    return base_url.rstrip("/") + "/" + language(code).path


def nav_title(text: str) -> str:
    """A knowledge-base string made safe as a nav (and page) title.

    Material prints nav titles as raw HTML, so the text is HTML-escaped; mkdocs-macros renders a
    page title that contains Jinja markers, so braces and '%' become character references too.
    """
    escaped = html.escape(text, quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")


def nav(kb: KnowledgeBase, code: str) -> list[dict[str, Any]]:
    """The explicit nav of language `code`, in MkDocs' `nav:` shape, in the order of PAGES."""
    children = {page.parent: page for page in PAGES if page.parent}
    out: list[dict[str, Any]] = []
    for page in PAGES:
        if page.generated:
            continue  # listed under its index page
        child = children.get(page.key)
        if child is None:
            out.append({t(page.title, code): page.src})
        else:
            out.append({t(page.title, code): [page.src] + [
                {nav_title(title.get(code)): child.src_of(item_id)}
                for item_id, title in child.items(kb)]})
    return out


def renamed_methods(redirect_maps: Mapping[str, str]) -> dict[str, str]:
    """{old id: new id} for each redirect in mkdocs.yml from one method page to another."""
    def method_id(src: str) -> str | None:
        src = src.split("#", 1)[0]
        if not (src.startswith("methods/") and src.endswith(".md")):
            return None
        name = src[len("methods/"):-len(".md")].removesuffix("/index")
        return None if name in ("", "index") or "/" in name else name

    pairs = ((method_id(old), method_id(new)) for old, new in redirect_maps.items())
    return {old: new for old, new in pairs if old and new}


def keep_row_ids(html_text: str, renames: Mapping[str, str]) -> str:
    """/compare/ HTML where a renamed method's rows also carry their old ids, so a link to
    /compare/#<table>-<old id> still lands on the row (a page redirect cannot move an anchor)."""
    for old, new in renames.items():
        for table in TABLES:
            row = f'<span id="{table}-{html.escape(new)}"></span>'
            html_text = html_text.replace(row, f'{row}<span id="{table}-{html.escape(old)}"></span>')
    return html_text
