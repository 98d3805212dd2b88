"""The "Set up" section of a method page, and links to a method's kit files for other pages.

Kit files are served once, language-neutral, at /kits/<path> of the English site (hooks/mkdocs_glue.py
copies them). Pages link to them with raw HTML links relative to the page's own URL, so the
Japanese pages under /ja/ reach the same files and MkDocs never looks for them among its pages.
"""

from __future__ import annotations

import posixpath

from macros.kb.kits import KitFile, kits_of
from macros.kb.model import Method
from macros.languages import language
from macros.render.common import heading
from macros.render.context import Page
from macros.render.text import attr, code_block, esc

ANCHOR = "set-up"


def page_url(src_uri: str) -> str:
    """The URL of a Markdown source relative to its language root: methods/x.md -> methods/x/."""
    stem = src_uri[:-len(".md")]
    if stem == "index":
        return ""
    return stem[:-len("index")] if stem.endswith("/index") else stem + "/"


def kit_href(page: Page, item: KitFile) -> str:
    """The relative URL of `item` from `page` as built in its language (e.g. /ja/methods/x/)."""
    here = language(page.lang).path + page_url(page.path)
    return posixpath.relpath(item.url, here.rstrip("/") or ".")


def download_link(page: Page, item: KitFile) -> str:
    """A raw HTML download link to a kit file (its name is trusted: a path under data/kits)."""
    label = page.fill("setup.download", name=f"<code>{esc(item.name)}</code>")
    return f'<a href="{attr(kit_href(page, item))}" download>{label}</a>'


def kit_links(page: Page, method_id: str) -> str:
    """For other pages (/bastion/, decision results): a Markdown list linking every file of the
    method's kit from `page`, each with its title; '' when the method has no kit."""
    kit = kits_of(page.kb).kit(method_id)
    if kit is None:
        return ""
    return "\n".join(f'- <a href="{attr(kit_href(page, item))}" download>'
                     f"{page.text(item.title)}</a> (<code>{esc(item.name)}</code>)"
                     for item in kit.files)


def setup_section(page: Page, method: Method) -> str:
    """The method page's `#set-up` section: each kit file with what to adapt, its text in a
    copyable code block, and a download link; a plain statement when the method has no kit."""
    parts = [heading(2, page.t("method.h.set-up"), ANCHOR)]
    kit = kits_of(page.kb).kit(method.id)
    if kit is None:
        parts.append(page.t("setup.none"))
        return "\n\n".join(parts)
    parts.append(page.t("setup.lead"))
    for item in kit.files:
        parts.append(heading(3, page.text(item.title), file_anchor(item)))
        parts.append(f"{page.t(f'kit.kind.{item.kind}')} · {download_link(page, item)}"
                     + page.cites.mark(item.sources))
        if item.adapt:
            parts.append(page.t("setup.adapt"))
            parts.append("\n".join(f"- {page.text(line)}" for line in item.adapt))
        parts.append(code_block(item.text, item.code_language))
    return "\n\n".join(parts)


def file_anchor(item: KitFile) -> str:
    """A stable ASCII anchor for a kit file's heading: kit-connect-policy-json."""
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in item.name.lower())
    return "kit-" + "-".join(part for part in slug.split("-") if part)
