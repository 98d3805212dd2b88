"""MkDocs glue: validate the knowledge base first, add the generated pages, set the nav, write the API.

The only project module that imports MkDocs; what it decides comes from macros.site (plain Python).
The build's language is `theme.language` (mkdocs.yml: en, mkdocs.ja.yml: ja).
"""

from __future__ import annotations

import base64
import hashlib
import re
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

from macros.decide import api  # noqa: E402

from macros.kb import kits  # noqa: E402

from macros import pages, site  # noqa: E402
from macros.kb.problems import DataError  # noqa: E402
from macros.render import search_terms  # noqa: E402
from macros.render.i18n import LANGS, t  # noqa: E402

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from macros.kb.model import KnowledgeBase

API_FILES = ("api/v1/methods.json", "api/v1/decision-tree.json")
# The UI strings (data/ui.yaml) the templates in overrides/ show, handed to them in every language
# as config.extra.ui[<language>][<key>]: 404.html shows both languages in the English build.
TEMPLATE_STRINGS = ("print.from", "notfound.title", "notfound.text", "notfound.home",
                    "notfound.decide", "notfound.compare", "site.name", "site.card_alt")
# The light/dark toggle's label, by the scheme the toggle belongs to (mkdocs.yml theme.palette).
PALETTE_TOGGLES = {"default": "palette.to_dark", "slate": "palette.to_light"}
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
    # The site's name and the frame's labels come from data/ui.yaml like every other UI string.
    config.site_name = t("site.name", code)
    config.extra["ui"] = {lang: {key: t(key, lang) for key in TEMPLATE_STRINGS} for lang in LANGS}
    for scheme in config.theme["palette"] or ():
        if isinstance(scheme, dict) and isinstance(scheme.get("toggle"), dict):
            scheme["toggle"]["name"] = t(PALETTE_TOGGLES[scheme.get("scheme", "default")], code)
    root_url = config.site_url or ""
    config.site_url = site.site_url(config.site_url, code)
    config.extra["alternate"] = site.alternates(code)
    for alt in config.extra["alternate"]:  # absolute roots, for hreflang links and the sitemap
        alt["url"] = site.site_url(root_url, alt["lang"])
    config.nav = site.nav(_kb, code)
    search = config.plugins.get("search") or config.plugins.get("material/search")
    if search is not None:  # before the search plugin's on_config reads its separator
        search_terms.configure_search(search.config, code)
    return config


# Before every plugin, so that plugins reading the files (redirects) see the generated pages too.
@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add one page per method and per scenario, and point every page's edit link at its source."""
    code = _language(config)
    docs_dir = site.language(code).docs_dir
    for file in files.documentation_pages():
        file.edit_uri = f"{docs_dir}/{file.src_uri}"
    for src_uri, content in pages.generated_pages(_kb, code):
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"{docs_dir}/{src_uri} clashes with the page generated from "
                              f"{site.KB_PATH}; delete the file.")
        file = File.generated(config, src_uri, content=content)
        file.edit_uri = site.KB_PATH  # edit_uri is the repository root: "Edit" opens the YAML
        files.append(file)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give the page the words readers search for that it does not use (data/search-terms.yaml),
    as tags: Material indexes them for search and, without the tags plugin, does not show them."""
    search_terms.add_tags(page.meta, page.file.src_uri, _language(config))
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """On /compare/, give renamed methods' rows their old ids too (see the redirect_maps)."""
    redirects = config.plugins.get("redirects")
    if page.file.src_uri != "compare.md" or redirects is None:
        return html
    return site.keep_row_ids(html, site.renamed_methods(redirects.config["redirect_maps"]))


def on_post_build(config: MkDocsConfig) -> None:
    """Write the language-neutral JSON API and kit files, once, with the English site at the root."""
    if _language(config) != site.LANGUAGES[0].code:
        return
    for path, text in zip(API_FILES, (api.methods_json(_kb), api.decision_tree_json(_kb))):
        target = Path(config.site_dir, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        # Each file's JSON Schema is published beside it (CONTRACT.md section 6).
        schema = PROJECT_DIR / "data" / "api" / (Path(path).stem + ".schema.json")
        target.with_name(schema.name).write_text(schema.read_text(encoding="utf-8"), encoding="utf-8")
    for item in kits.kits_of(_kb).files():  # the set-up kits, once: /kits/<method id>/<file>
        target = Path(config.site_dir, item.url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(item.text, encoding="utf-8")


def _language(config: MkDocsConfig) -> str:
    return config.theme["language"]


# Link previews, language alternates and the Content-Security-Policy (CONTRACT.md 9.2). ----------

def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    """A generated method or scenario page describes itself by its summary from the KB: the text of
    its meta description, og:description and twitter:description. Hand-written pages have theirs in
    their front matter."""
    if not page.meta.get("description"):
        code = _language(config)
        summaries = {f"methods/{m.id}.md": m.summary for m in _kb.methods}
        summaries |= {f"scenarios/{s.id}.md": s.summary for s in _kb.scenarios}
        summary = summaries.get(page.file.src_uri)
        if summary is not None:
            page.meta["description"] = " ".join(summary.get(code).split())
    return context


# /decide/: a skip link straight to the widget's questions, before Material's "Skip to content".
QUESTIONS_ID = "decide-questions"


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Every page gets its Content-Security-Policy; /decide/ its skip link to the questions; a page
    with wide tables the whole window."""
    if page.file.src_uri == "decide.md":
        output = with_skip_to_questions(output, _language(config))
    return with_csp(with_wide_grid(output))


# Material's grid around the page, and the class site.css widens it by on pages with wide tables.
GRID = '<div class="md-main__inner md-grid">'
WIDE_GRID = '<div class="md-main__inner md-grid kb-grid--wide">'


def with_wide_grid(html_text: str) -> str:
    """A page holding wide tables (class kb-wide, /compare/) with its grid marked to use the whole
    window. Marked here rather than selected in CSS with :has(.kb-wide): Chromium re-checks :has()
    on every change inside the grid, and Material's table wrapping on load then restyled the whole
    page (a 120 ms recalculation on /bastion/, which has no wide table at all)."""
    if 'class="kb-wide' not in html_text:
        return html_text
    return html_text.replace(GRID, WIDE_GRID, 1)


def with_skip_to_questions(html_text: str, code: str) -> str:
    """The decide page with the widget's container (the element with data-decide) named
    #decide-questions and a skip link to it first in Material's skip component, which instant
    navigation replaces with the page's own."""
    widget = re.search(r"<(?:div|section)\b[^>]*\sdata-decide(?=[\s>=])[^>]*>", html_text)
    if widget is None:
        return html_text
    named = re.search(r"""\sid=["']?([^"'\s>]+)""", widget.group(0))
    target = named.group(1) if named else QUESTIONS_ID
    if named is None:
        at = widget.start() + len(widget.group(0).split(None, 1)[0])  # after "<div"
        html_text = html_text[:at] + f' id="{QUESTIONS_ID}"' + html_text[at:]
    link = f'<a href="#{target}" class="md-skip">{t("skip.questions", code)}</a>'
    return html_text.replace(
        '<div data-md-component="skip">', f'<div data-md-component="skip">\n      {link}', 1)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """404.html gets its policy like every page; sitemap.xml names each page's twin."""
    if template_name.endswith(".html"):
        return with_csp(output_content)
    if template_name == "sitemap.xml":
        return sitemap_with_alternates(output_content, config)
    return output_content


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_ATTR = r"""(?:^|\s){}\s*=\s*["']?([^"'\s>]*)"""
_SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")


def content_security_policy(html_text: str) -> str:
    """The policy of one page: everything from the site itself, inline scripts by their hashes.

    GitHub Pages sends no headers, so it is a <meta http-equiv> (which cannot carry frame-ancestors
    or report-uri). Material changes styles only through the CSSOM (element.style, setProperty),
    which style-src does not govern, and the site has no style attributes or <style> elements:
    style-src needs no 'unsafe-inline'. Data blocks (<script type="application/json">) never run
    and need no hash. Instant navigation re-runs the inline scripts of the new page's content in
    this document, under this page's policy too: those must be the same on every page.
    """
    hashes = []
    for attrs, body in _SCRIPT.findall(html_text):
        kind = re.search(_ATTR.format("type"), attrs)
        if re.search(_ATTR.format("src"), attrs) or (kind and kind.group(1).lower() not in _SCRIPT_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        if f"'sha256-{digest}'" not in hashes:
            hashes.append(f"'sha256-{digest}'")
    return "; ".join([
        "default-src 'self'", " ".join(["script-src 'self'", *hashes]), "style-src 'self'",
        "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "worker-src 'self'",
        "object-src 'none'", "base-uri 'self'", "form-action 'self'"])


def with_csp(html_text: str) -> str:
    """The page with its policy as the first element after <meta charset>, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html_text)}">'
    match = re.search(r"<meta charset=[^>]*>", html_text, re.I) or re.search(r"<head\b[^>]*>", html_text, re.I)
    if match is None:
        return html_text
    return html_text[:match.end()] + "\n    " + meta + html_text[match.end():]


def sitemap_with_alternates(xml: str, config: MkDocsConfig) -> str:
    """Each <url> of this language's sitemap also lists the page in every language (and x-default,
    the English page), the sitemap form of the pages' hreflang links. Only <loc> entries are this
    language's: Material's instant navigation treats them as pages of this site."""
    here = config.site_url

    def links(match: re.Match) -> str:
        loc = match.group(1)
        if not loc.startswith(here):
            return match.group(0)
        rest = loc[len(here):]
        alts = [(alt["lang"], alt["url"] + rest) for alt in config.extra["alternate"]]
        alts.append(("x-default", config.extra["alternate"][0]["url"] + rest))
        return match.group(0) + "".join(
            f'\n         <xhtml:link rel="alternate" hreflang="{lang}" href="{url}"/>'
            for lang, url in alts)

    xml = re.sub(r"<loc>([^<]*)</loc>", links, xml)
    return xml.replace('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
                       '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
                       ' xmlns:xhtml="http://www.w3.org/1999/xhtml">', 1)
