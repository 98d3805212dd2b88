"""MkDocs glue: validate the knowledge base first, add the generated pages, set the nav, write the API.

The only project module that imports MkDocs; what it decides comes from macros.site (plain Python).
The build's language is `theme.language` (mkdocs.yml: en, mkdocs.ja.yml: ja).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# MkDocs puts only hooks/ on sys.path while importing this file; the project root must stay importable.
PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from macros import api, site  # noqa: E402
from macros.problems import DataError  # noqa: E402

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from macros.model import KnowledgeBase

API_FILES = ("api/v1/methods.json", "api/v1/decision-tree.json")
_kb: KnowledgeBase | None = None  # loaded once per build in on_config


# Before every plugin: a broken knowledge base must stop the build before macros load it.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Validate the KB, then set this language's site URL, language switcher and nav."""
    global _kb
    try:
        _kb = site.load_site_kb(PROJECT_DIR)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        raise Abort(f"{site.KB_PATH} has errors; fix them and build again.") from None
    code = _language(config)
    config.site_url = site.site_url(config.site_url, code)
    config.extra["alternate"] = site.alternates(code)
    config.nav = site.nav(_kb, code)
    return config


# Before every plugin, so that plugins reading the files (redirects) see the generated pages too.
@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add one page per method and per scenario, and point every page's edit link at its source."""
    code = _language(config)
    docs_dir = site.language(code).docs_dir
    for file in files.documentation_pages():
        file.edit_uri = f"{docs_dir}/{file.src_uri}"
    for src_uri, content in site.generated_pages(_kb, code):
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"{docs_dir}/{src_uri} clashes with the page generated from "
                              f"{site.KB_PATH}; delete the file.")
        file = File.generated(config, src_uri, content=content)
        file.edit_uri = site.KB_PATH  # edit_uri is the repository root: "Edit" opens the YAML
        files.append(file)
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """On /compare/, give renamed methods' rows their old ids too (see the redirect_maps)."""
    redirects = config.plugins.get("redirects")
    if page.file.src_uri != "compare.md" or redirects is None:
        return html
    return site.keep_row_ids(html, site.renamed_methods(redirects.config["redirect_maps"]))


def on_post_build(config: MkDocsConfig) -> None:
    """Write the language-neutral JSON API, once, with the English site at the root."""
    if _language(config) != site.LANGUAGES[0].code:
        return
    for path, text in zip(API_FILES, (api.methods_json(_kb), api.decision_tree_json(_kb))):
        target = Path(config.site_dir, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _language(config: MkDocsConfig) -> str:
    return config.theme["language"]
