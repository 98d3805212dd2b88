"""Where facts come from and how sure they are: source numbers, table notes, unconfirmed markers."""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Protocol

from macros.kb.model import Fact, KnowledgeBase, Source, Text
from macros.render.common import cell_attr
from macros.render.text import attr


class PageView(Protocol):
    """What citations and notes use of their page (macros/render/context.py Page, which imports
    this module to number a page's sources, so this one cannot import it back)."""

    kb: KnowledgeBase
    lang: str

    def text(self, value: Text | None) -> str: ...
    def t(self, key: str) -> str: ...
    def fill(self, key: str, **values: object) -> str: ...
    def date(self, day: dt.date) -> str: ...


def source(kb: KnowledgeBase, source_id: str) -> Source:
    """The source with `source_id`; an unknown id raises KeyError naming it."""
    for item in kb.sources:
        if item.id == source_id:
            return item
    raise KeyError(f"unknown source id {source_id!r}")


def external_link(url: str, text: str, title: str | None = None) -> str:
    """Raw HTML link to an AWS page; `text` must already be escaped. Only https is accepted."""
    if not url.startswith("https://"):
        raise ValueError(f"refusing a non-https source URL: {url!r}")
    title_attr = "" if title is None else f' title="{cell_attr(title)}"'
    return f'<a href="{cell_attr(url)}"{title_attr}>{text}</a>'


def unconfirmed_marker(page: PageView, anchor: str) -> str:
    """The visible ' (unconfirmed)' / '（未確認）' label, linking to the explanation on the same
    page; the brackets and the space before them are the language's (UI string `paren`)."""
    return page.fill("paren", text=f"[{page.t('mark.unconfirmed')}](#{anchor})")


def with_marker(text: str, marker: str) -> str:
    """Append a marker; a space-led one loses its space after Japanese full-width punctuation."""
    if marker.startswith(" ") and text.endswith(("。", "、", "）", "」")):
        return text + marker[1:]
    return text + marker


def unconfirmed_note(page: PageView, anchor: str) -> str:
    """The paragraph that explains the unconfirmed marker; carries the marker's target id."""
    return f'<span id="{anchor}"></span>{page.t("unconfirmed.explain")}'


class Citations:
    """Numbers the sources a page cites, in order of first use, and renders their list."""

    def __init__(self, page: PageView, first: Iterable[str] = (),
                 unconfirmed_anchor: str = "unconfirmed"):
        self.page, self.order = page, []
        self.anchor, self.used_unconfirmed = unconfirmed_anchor, False
        for source_id in first:
            self._number(source_id)

    def _number(self, source_id: str) -> int:
        if source_id not in self.order:
            source(self.page.kb, source_id)  # fail loudly on an unknown id
            self.order.append(source_id)
        return self.order.index(source_id) + 1

    def mark(self, source_ids: Iterable[str]) -> str:
        """Small numbered links to the cited AWS pages ('' when nothing is cited)."""
        lang = self.page.lang
        numbered = sorted((self._number(s), source(self.page.kb, s))
                          for s in dict.fromkeys(source_ids))
        links = [external_link(found.url(lang), str(number), title=found.title.get(lang))
                 for number, found in numbered]
        return f"<sup>{', '.join(links)}</sup>" if links else ""

    def unconfirmed(self, flag: bool) -> str:
        """The unconfirmed marker when `flag` is set, remembering to explain it on the page."""
        if not flag:
            return ""
        self.used_unconfirmed = True
        return unconfirmed_marker(self.page, self.anchor)

    def fact(self, fact: Fact) -> str:
        """One fact: escaped text, unconfirmed marker, source numbers."""
        return with_marker(self.page.text(fact.text), self.unconfirmed(fact.unconfirmed)) + \
            self.mark(fact.sources)

    def render(self) -> str:
        """The numbered list of cited sources, titled in the page language, with check dates."""
        page, lines = self.page, []
        for number, source_id in enumerate(self.order, start=1):
            found = source(page.kb, source_id)
            link = external_link(found.url(page.lang), page.text(found.title))
            checked = page.fill("method.sources.checked", date=page.date(found.verified))
            lines.append(f'{number}. <span id="source-{attr(source_id)}"></span>{link}'
                         + page.fill("paren", text=checked))
        if self.used_unconfirmed:
            lines += ["", unconfirmed_note(page, self.anchor)]
        return "\n".join(lines)


class TableNotes:
    """Numbered notes under one /compare/ table: markers link down, entries link back to the row."""

    def __init__(self, page: PageView, table_id: str):
        self.page, self.table_id = page, table_id
        self.items: list[str] = []
        self.used_unconfirmed = False

    def add(self, text: str) -> str:
        """Add a note (already escaped Markdown) and return its numbered marker."""
        self.items.append(text)
        number = len(self.items)
        return f"<sup>[{number}](#{self.table_id}-note-{number})</sup>"

    def unconfirmed(self, flag: bool) -> str:
        """The unconfirmed marker when `flag` is set, remembering to explain it under the table."""
        if not flag:
            return ""
        self.used_unconfirmed = True
        return unconfirmed_marker(self.page, f"{self.table_id}-unconfirmed")

    def sources(self, source_ids: Iterable[str]) -> str:
        """A note's titled source links, one nested list item each ('' when nothing is cited):
        AWS's page titles are long, and several of them in one line made a run-on sentence."""
        page = self.page
        links = [external_link(found.url(page.lang), page.text(found.title))
                 for found in (source(page.kb, s) for s in source_ids)]
        return "".join(f"\n    - {page.fill('notes.source', link=link)}" for link in links)

    def render(self) -> str:
        """The note list and the unconfirmed explanation ('' when there are none)."""
        parts = []
        if self.items:
            entries = [f'{n}. <span id="{self.table_id}-note-{n}"></span>{text}'
                       for n, text in enumerate(self.items, start=1)]
            parts += [self.page.t("notes.title"), "\n".join(entries)]
        if self.used_unconfirmed:
            parts.append(unconfirmed_note(self.page, f"{self.table_id}-unconfirmed"))
        return "\n\n".join(parts)
