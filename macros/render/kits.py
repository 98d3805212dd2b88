"""The "Set up" section of a method page, and links to a method's kit files for other pages.

Kit files are served once, language-neutral, at /kits/<path> of the English site (hooks/mkdocs_glue.py
copies them). Pages link to them with raw HTML links relative to the page's own URL, so the
Japanese pages under /ja/ reach the same files and MkDocs never looks for them among its pages.
"""

from __future__ import annotations

import posixpath

from macros.render.i18n import fill, t
from macros.kb.kits import KitFile, kits_of
from macros.kb.model import KnowledgeBase, Method
from macros.render.common import heading
from macros.render.refs import Citations
from macros.languages import language
from macros.render.text import attr, code_block, esc

ANCHOR = "set-up"


def page_url(src_uri: str) -> str:
    """The URL of a Markdown source relative to its language root: methods/x.md -> methods/x/."""
    stem = src_uri[:-len(".md")]
    if stem == "index":
        return ""
    return stem[:-len("index")] if stem.endswith("/index") else stem + "/"


def kit_href(page: str, lang: str, item: KitFile) -> str:
    """The relative URL of `item` from the page built from `page` (e.g. methods/x.md) in `lang`."""
    here = language(lang).path + page_url(page)
    return posixpath.relpath(item.url, here.rstrip("/") or ".")


def download_link(page: str, lang: str, item: KitFile) -> str:
    """A raw HTML download link to a kit file (its name is trusted: a path under data/kits)."""
    label = fill("setup.download", lang, name=f"<code>{esc(item.name)}</code>")
    return f'<a href="{attr(kit_href(page, lang, item))}" download>{label}</a>'


def kit_links(kb: KnowledgeBase, method_id: str, page: str, lang: str) -> str:
    """For other pages (/bastion/, decision results): a Markdown list linking every file of the
    method's kit from `page`, each with its title; '' when the method has no kit."""
    kit = kits_of(kb).kit(method_id)
    if kit is None:
        return ""
    return "\n".join(f'- <a href="{attr(kit_href(page, lang, item))}" download>'
                     f"{esc(item.title.get(lang))}</a> (<code>{esc(item.name)}</code>)"
                     for item in kit.files)


def setup_section(kb: KnowledgeBase, method: Method, page: str, cites: Citations) -> str:
    """The method page's `#set-up` section: each kit file with what to adapt, its text in a
    copyable code block, and a download link; a plain statement when the method has no kit."""
    lang = cites.lang
    parts = [heading(2, t("method.h.set-up", lang), ANCHOR)]
    kit = kits_of(kb).kit(method.id)
    if kit is None:
        parts.append(t("setup.none", lang))
        return "\n\n".join(parts)
    parts.append(t("setup.lead", lang))
    for item in kit.files:
        parts.append(heading(3, esc(item.title.get(lang)), file_anchor(item)))
        parts.append(f"{t(f'kit.kind.{item.kind}', lang)} · {download_link(page, lang, item)}"
                     + cites.mark(item.sources))
        if item.adapt:
            parts.append(t("setup.adapt", lang))
            parts.append("\n".join(f"- {esc(line.get(lang))}" for line in item.adapt))
        parts.append(code_block(item.text, item.code_language))
    return "\n\n".join(parts)


def file_anchor(item: KitFile) -> str:
    """A stable ASCII anchor for a kit file's heading: kit-connect-policy-json."""
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in item.name.lower())
    return "kit-" + "-".join(part for part in slug.split("-") if part)
