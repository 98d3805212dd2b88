"""The per-page rendering context: what every part of one page shares.

A renderer makes one `Page` (the knowledge base, the language, the page's source path and, for
pages with a sources list, its citations) and hands it down, instead of threading `lang` and the
page path through every call. `page.text(x)` is the one way data text reaches Markdown: the
language's string of a Text record, escaped (macros/render/text.py `esc`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from macros.kb.model import KnowledgeBase, Method, Text
from macros.render import common
from macros.render.i18n import fill, t
from macros.render.refs import Citations
from macros.render.text import esc, rel


@dataclass(slots=True)
class Page:
    """One page being rendered: its data, language, source path and citations."""

    kb: KnowledgeBase
    lang: str
    path: str  # the Markdown source this page is rendered as, e.g. "methods/putty.md"
    cites: Citations | None = field(default=None)

    @classmethod
    def with_citations(cls, kb: KnowledgeBase, lang: str, path: str,
                       first: Iterable[str] = ()) -> Page:
        """A page that numbers its sources, `first` ones first."""
        page = cls(kb, lang, path)
        page.cites = Citations(page, first=first)
        return page

    def text(self, value: Text | None) -> str:
        """Data text in this page's language, escaped for Markdown and HTML ("" for None)."""
        return "" if value is None else esc(value.get(self.lang))

    def t(self, key: str) -> str:
        """The UI string `key` of data/ui.yaml in this page's language."""
        return t(key, self.lang)

    def fill(self, key: str, **values: object) -> str:
        """The UI string `key` with its {placeholders} filled."""
        return fill(key, self.lang, **values)

    def paren(self, text: str) -> str:
        """`text` in the language's brackets: ' (text)' in English, '（text）' in Japanese."""
        return fill("paren", self.lang, text=text)

    def rel(self, to_page: str, anchor: str | None = None, query: str | None = None) -> str:
        """A Markdown link target from this page to `to_page` (a source path)."""
        return rel(self.path, to_page, anchor, query)

    def date(self, day: dt.date) -> str:
        """A date as this page's language writes it."""
        return common.fmt_date(day, self.lang)

    def method_link(self, method: Method, anchor: str | None = None) -> str:
        """A link to `method`'s page, named in this page's language."""
        return f"[{self.text(method.name)}]({self.rel(f'methods/{method.id}.md', anchor)})"

    def os_list(self, values: Iterable[str]) -> str:
        """Operating systems named in this page's language."""
        return common.os_list(values, self.lang)

    def value_label(self, method: Method, column: str, sep: str = "<br>") -> str:
        """The label of a method's capability column in this page's language (no markers)."""
        return common.value_label(method, column, self.lang, sep)

    def duration(self, seconds: int | None) -> str:
        """A session length as this page's language writes it."""
        return common.duration(seconds, self.lang)

    def join(self, items: Sequence[str]) -> str:
        """Items joined as a list in running text ("A, B and C" / "A、B と C")."""
        return common.join(items, self.lang)
