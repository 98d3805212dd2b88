"""The /compare/ page: the article's four tables and the capability matrix, built from the data."""

from __future__ import annotations

from typing import Callable

from macros.kb.model import KnowledgeBase, Method
from macros.render.common import CAP_COLUMNS, capability, heading, table
from macros.render.context import Page
from macros.render.glance import glance_section, scroll_hint
from macros.render.refs import TableNotes, with_marker
from macros.render.text import attr

PAGE = "compare.md"
# Tables a reader may sort by column (the lead initialises tablesort on `div.kb-sortable table`).
SORTABLE = ("os-and-ports", "capabilities")
FACT_TABLES = ("prerequisites", "benefits", "limitations")
# The cells after the first of one table's row: (page, method, the table's notes) -> cells.
Row = Callable[[Page, Method, TableNotes], list[str]]


def _first_cell(page: Page, method: Method, table_id: str, notes: TableNotes) -> str:
    """Row anchor, link to the method page, and markers for the method's notes on this table."""
    markers = "".join(
        notes.add(page.fill("compare.note.row", method=page.text(method.name),
                            text=page.text(note.text)) + notes.sources(note.sources))
        for note in method.footnotes if note.table == table_id)
    anchor = f'<span id="{table_id}-{attr(method.id)}"></span>'
    return anchor + page.method_link(method) + markers


def _cap_cell(page: Page, method: Method, column: str, notes: TableNotes, label: str) -> str:
    """A capability value with its unconfirmed marker and a numbered note when it has one."""
    cap = capability(method, column)
    cell = label + notes.unconfirmed(cap.unconfirmed)
    if cap.note is not None:
        back = f"[{page.text(method.name)}](#{notes.table_id}-{method.id})"
        text = page.fill("compare.note.cap", method=back, column=page.t(f"cap.{column}"),
                         text=page.text(cap.note))
        cell += notes.add(text + notes.sources(cap.sources))
    return cell


def _os_and_ports_row(page: Page, method: Method, notes: TableNotes) -> list[str]:
    """One row of the first table: OSes, port/protocol, client tools."""
    def os_cell(name: str) -> str:
        return _cap_cell(page, method, name, notes, page.os_list(method.cap(name)))
    tools = "<br>".join("• " + page.text(tool) for tool in method.tools)
    return [os_cell("instance_os"), os_cell("client_os"), page.text(method.protocol), tools]


def _fact_cell(page: Page, facts, notes: TableNotes) -> str:
    """A list of facts in one cell, one per line, each with its unconfirmed marker."""
    if not facts:
        return page.t("none_listed")
    return "<br>".join("• " + with_marker(page.text(f.text), notes.unconfirmed(f.unconfirmed))
                       for f in facts)


def _capabilities_row(page: Page, method: Method, notes: TableNotes) -> list[str]:
    """One row of the capability matrix, in CAP_COLUMNS order."""
    return [_cap_cell(page, method, col, notes, page.value_label(method, col))
            for col in CAP_COLUMNS]


def _section(page: Page, table_id: str, header: list[str], row: Row) -> str:
    """Heading, lead, table (every method in kb order) and the notes under it."""
    notes = TableNotes(page, table_id)
    rows = [[_first_cell(page, m, table_id, notes), *row(page, m, notes)]
            for m in page.kb.methods]
    body = table([page.t("col.method"), *header], rows)
    sortable = " kb-sortable" if table_id in SORTABLE else ""
    body = f'<div class="kb-wide{sortable}" markdown>\n\n{body}\n\n</div>'
    hint = scroll_hint(page, "xl") if table_id == "capabilities" else ""
    parts = [heading(2, page.t(f"compare.h.{table_id}"), table_id),
             page.t(f"compare.lead.{table_id}"), hint, body, notes.render()]
    return "\n\n".join(p for p in parts if p)


def _fact_row(kind: str) -> Row:
    """Row builder for a prerequisites/benefits/limitations table."""
    return lambda page, m, notes: [_fact_cell(page, getattr(m, kind), notes)]


def note_numbers(page: Page) -> dict[tuple[str, str], int]:
    """(method id, column) -> the number of its note under the capabilities table.

    Numbers are taken by building that table's rows with the same code and order as /compare/.
    """
    notes = TableNotes(page, "capabilities")
    found: dict[tuple[str, str], int] = {}
    for method in page.kb.methods:
        _first_cell(page, method, "capabilities", notes)
        for column in CAP_COLUMNS:
            before = len(notes.items)
            _cap_cell(page, method, column, notes, "")
            if len(notes.items) > before:
                found[(method.id, column)] = len(notes.items)
    return found


def compare_page(kb: KnowledgeBase, lang: str) -> str:
    """The whole /compare/ page in `lang`."""
    page = Page(kb, lang, PAGE)
    parts = [f"# {page.t('compare.title')}", page.t("compare.intro"),
             glance_section(page, note_numbers(page)),
             _section(page, "os-and-ports",
                      [page.t(f"col.{c}")
                       for c in ("instance_os", "client_os", "protocol", "tools")],
                      _os_and_ports_row)]
    parts += [_section(page, kind, [page.t(f"col.{kind}")], _fact_row(kind))
              for kind in FACT_TABLES]
    parts.append(_section(page, "capabilities", [page.t(f"cap.{c}") for c in CAP_COLUMNS],
                          _capabilities_row))
    parts.append(page.fill("compare.sources_note", index=page.rel("methods/index.md")))
    return "\n\n".join(parts) + "\n"
