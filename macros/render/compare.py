"""The /compare/ page: the article's four tables and the capability matrix, built from the data."""

from __future__ import annotations

from typing import Callable

from macros.render.i18n import fill, t
from macros.kb.model import KnowledgeBase, Method
from macros.render.common import (CAP_COLUMNS, capability, heading, method_link, os_list, table,
                                  value_label)
from macros.render.glance import glance_section, scroll_hint
from macros.render.refs import TableNotes, with_marker
from macros.render.text import attr, esc, rel

PAGE = "compare.md"
# Tables a reader may sort by column (the lead initialises tablesort on `div.kb-sortable table`).
SORTABLE = ("os-and-ports", "capabilities")
FACT_TABLES = ("prerequisites", "benefits", "limitations")


def _first_cell(method: Method, table_id: str, notes: TableNotes, lang: str) -> str:
    """Row anchor, link to the method page, and markers for the method's notes on this table."""
    markers = "".join(
        notes.add(fill("compare.note.row", lang, method=esc(method.name.get(lang)),
                       text=esc(note.text.get(lang))) + notes.sources(note.sources))
        for note in method.footnotes if note.table == table_id)
    anchor = f'<span id="{table_id}-{attr(method.id)}"></span>'
    return anchor + method_link(PAGE, method, lang) + markers


def _cap_cell(method: Method, column: str, table_id: str, notes: TableNotes, lang: str,
              label: str) -> str:
    """A capability value with its unconfirmed marker and a numbered note when it has one."""
    cap = capability(method, column)
    cell = label + notes.unconfirmed(cap.unconfirmed)
    if cap.note is not None:
        back = f"[{esc(method.name.get(lang))}](#{table_id}-{method.id})"
        text = fill("compare.note.cap", lang, method=back, column=t(f"cap.{column}", lang),
                    text=esc(cap.note.get(lang)))
        cell += notes.add(text + notes.sources(cap.sources))
    return cell


def _os_and_ports_row(method: Method, notes: TableNotes, lang: str) -> list[str]:
    """One row of the first table: OSes, port/protocol, client tools."""
    def os_cell(name: str) -> str:
        return _cap_cell(method, name, "os-and-ports", notes, lang,
                         os_list(method.cap(name), lang))
    tools = "<br>".join("• " + esc(tool.get(lang)) for tool in method.tools)
    return [os_cell("instance_os"), os_cell("client_os"), esc(method.protocol.get(lang)), tools]


def _fact_cell(facts, notes: TableNotes, lang: str) -> str:
    """A list of facts in one cell, one per line, each with its unconfirmed marker."""
    if not facts:
        return t("none_listed", lang)
    return "<br>".join("• " + with_marker(esc(f.text.get(lang)), notes.unconfirmed(f.unconfirmed))
                       for f in facts)


def _capabilities_row(method: Method, notes: TableNotes, lang: str) -> list[str]:
    """One row of the capability matrix, in CAP_COLUMNS order."""
    return [_cap_cell(method, col, "capabilities", notes, lang, value_label(method, col, lang))
            for col in CAP_COLUMNS]


def _section(kb: KnowledgeBase, lang: str, table_id: str, header: list[str],
             row: Callable[[Method, TableNotes, str], list[str]]) -> str:
    """Heading, lead, table (every method in kb order) and the notes under it."""
    notes = TableNotes(kb, table_id, lang)
    rows = [[_first_cell(m, table_id, notes, lang), *row(m, notes, lang)] for m in kb.methods]
    body = table([t("col.method", lang), *header], rows)
    sortable = " kb-sortable" if table_id in SORTABLE else ""
    body = f'<div class="kb-wide{sortable}" markdown>\n\n{body}\n\n</div>'
    hint = scroll_hint(lang, "xl") if table_id == "capabilities" else ""
    parts = [heading(2, t(f"compare.h.{table_id}", lang), table_id),
             t(f"compare.lead.{table_id}", lang), hint, body, notes.render()]
    return "\n\n".join(p for p in parts if p)


def _fact_row(kind: str) -> Callable[[Method, TableNotes, str], list[str]]:
    """Row builder for a prerequisites/benefits/limitations table."""
    return lambda m, notes, lang: [_fact_cell(getattr(m, kind), notes, lang)]


def note_numbers(kb: KnowledgeBase, lang: str) -> dict[tuple[str, str], int]:
    """(method id, column) -> the number of its note under the capabilities table.

    Numbers are taken by building that table's rows with the same code and order as /compare/.
    """
    notes = TableNotes(kb, "capabilities", lang)
    found: dict[tuple[str, str], int] = {}
    for method in kb.methods:
        _first_cell(method, "capabilities", notes, lang)
        for column in CAP_COLUMNS:
            before = len(notes.items)
            _cap_cell(method, column, "capabilities", notes, lang, "")
            if len(notes.items) > before:
                found[(method.id, column)] = len(notes.items)
    return found


def compare_page(kb: KnowledgeBase, lang: str) -> str:
    """The whole /compare/ page in `lang`."""
    parts = [f"# {t('compare.title', lang)}", t("compare.intro", lang), glance_section(kb, lang, note_numbers(kb, lang)),
             _section(kb, lang, "os-and-ports",
                      [t(f"col.{c}", lang)
                       for c in ("instance_os", "client_os", "protocol", "tools")],
                      _os_and_ports_row)]
    parts += [_section(kb, lang, kind, [t(f"col.{kind}", lang)], _fact_row(kind))
              for kind in FACT_TABLES]
    parts.append(_section(kb, lang, "capabilities", [t(f"cap.{c}", lang) for c in CAP_COLUMNS],
                          _capabilities_row))
    parts.append(fill("compare.sources_note", lang, index=rel(PAGE, "methods/index.md")))
    return "\n\n".join(parts) + "\n"
