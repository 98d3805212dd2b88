"""The at-a-glance matrix at the top of /compare/: methods by the questions that decide between them.

Each cell is a symbol (aria-hidden) with its text equivalent in visually hidden text, computed from
the typed capabilities; a numbered marker links to the same caveat under the capabilities table, so
the page states each caveat once.
"""

from __future__ import annotations

from typing import Callable

from macros.kb.model import Method
from macros.render.common import capability, heading, public_ip_need, table
from macros.render.context import Page

ANCHOR = "at-a-glance"
STATES = ("yes", "conditional", "no", "unconfirmed")
# The symbol of each state; shapes rather than colours, so they read in both schemes and in print.
SYMBOLS = {"yes": "●", "conditional": "◐", "no": "○", "unconfirmed": "?"}
# A column's state function: (state, text equivalent) of a method on a page.
StateOf = Callable[[Method, Page], tuple[str, str]]


def _bool(column: str) -> StateOf:
    return lambda m, page: ("yes" if m.cap(column) else "no", page.value_label(m, column))


def _public_ip(m: Method, page: Page) -> tuple[str, str]:
    need = public_ip_need(m.cap("reach"))
    state = {"required": "yes", "or-private": "conditional", "not-needed": "no"}[need]
    return state, page.value_label(m, "public_ip")


def _network_path(m: Method, page: Page) -> tuple[str, str]:
    needed = "none" not in m.cap("reach")
    return ("yes" if needed else "no"), \
        page.t(f"glance.val.network_path.{'needed' if needed else 'not-needed'}")


def _enum(column: str, none: str) -> StateOf:
    return lambda m, page: ("no" if m.cap(column) == none else "yes", page.value_label(m, column))


def _session_limit(m: Method, page: Page) -> tuple[str, str]:
    return ("no" if m.cap("max_session") is None else "yes"), page.duration(m.cap("max_session"))


# Column key -> (header key, the capabilities-table column whose note the cell links to, state).
# The state function returns (state, text equivalent); None marks a text column without symbols.
COLUMNS: tuple[tuple[str, str, StateOf | None], ...] = (
    ("cap.inbound_from_client", "inbound_from_client", _bool("inbound_from_client")),
    ("cap.public_ip", "public_ip", _public_ip),
    ("glance.col.network_path", "public_ip", _network_path),
    ("cap.agent", "agent", _enum("agent", "none")),
    ("cap.instance_egress", "instance_egress", _bool("instance_egress")),
    ("cap.iam_controlled", "iam_controlled", _bool("iam_controlled")),
    ("cap.connection_audit", "connection_audit", _bool("connection_audit")),
    ("cap.session_logging", "session_logging", _enum("session_logging", "none")),
    ("cap.bulk_transfer", "bulk_transfer", _bool("bulk_transfer")),
    ("glance.col.session_limit", "max_session", _session_limit),
    ("cap.extra_cost", "extra_cost", _bool("extra_cost")),
    ("cap.server_to_maintain", "server_to_maintain", _bool("server_to_maintain")),
    ("glance.col.os_ui", "interfaces", None),
)


def symbol(state: str, text: str) -> str:
    """A state's symbol, hidden from screen readers, with `text` as its visually hidden equivalent."""
    return (f'<span class="kb-state kb-state--{state}" aria-hidden="true">{SYMBOLS[state]}</span>'
            f'<span class="kb-sr-only">{text}</span>')


def _cell(page: Page, method: Method, column: str, state_of: StateOf | None,
          numbers: dict) -> str:
    cap = capability(method, column)
    number = numbers.get((method.id, column))
    marker = "" if number is None else f"<sup>[{number}](#capabilities-note-{number})</sup>"
    if state_of is None:
        return page.value_label(method, column) + marker
    state, label = state_of(method, page)
    if cap.unconfirmed:
        label += page.paren(page.t("mark.unconfirmed"))
        state = "unconfirmed"
    text = page.fill("glance.cell", state=page.t(f"glance.state.{state}"), label=label)
    return symbol(state, text) + marker


def legend(page: Page) -> str:
    """The key to the symbols, visible above the matrix."""
    items = " ".join(f'<span class="kb-legend__item"><span class="kb-state kb-state--{s}" '
                     f'aria-hidden="true">{SYMBOLS[s]}</span> {page.t(f"glance.state.{s}")}</span>'
                     for s in STATES)
    return f'<p class="kb-legend">{page.t("glance.legend")} {items}</p>'


def scroll_hint(page: Page, size: str = "") -> str:
    """A line shown (by site.css) only on screens narrower than the table that follows."""
    extra = f" kb-scroll-hint--{size}" if size else ""
    return f'<p class="kb-scroll-hint{extra}">{page.t("scroll.hint")}</p>'


def glance_section(page: Page, numbers: dict[tuple[str, str], int]) -> str:
    """Heading, lead, legend and the matrix, wrapped for the sticky first column and header."""
    header = [page.t("col.method"), *(page.t(key) for key, _, _ in COLUMNS)]
    rows = [[page.method_link(m),
             *(_cell(page, m, column, state_of, numbers) for _, column, state_of in COLUMNS)]
            for m in page.kb.methods]
    body = f'<div class="kb-wide kb-glance" markdown>\n\n{table(header, rows)}\n\n</div>'
    parts = [heading(2, page.t("compare.h.at-a-glance"), ANCHOR),
             page.t("compare.lead.at-a-glance"), legend(page), scroll_hint(page), body]
    return "\n\n".join(parts)
