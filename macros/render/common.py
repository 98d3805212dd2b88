"""Pieces every page renderer shares: capability labels, dates, links, tables and headings."""

from __future__ import annotations

import datetime as _dt
from typing import Iterable, Sequence

from macros.render.i18n import fill, spaced, t
from macros.kb.model import Capability, KnowledgeBase, Method
from macros.render.text import attr

# The capability columns of /compare/ and of each method's "at a glance" table, in display order.
# "public_ip" is derived from "reach"; every other column is the capability of the same name.
CAP_COLUMNS = (
    "inbound_from_client", "public_ip", "agent", "instance_egress", "iam_controlled",
    "connection_audit", "session_logging", "ssh_keys", "bulk_transfer", "max_session",
    "interfaces", "extra_cost", "server_to_maintain", "rescue_access",
)


def cell_attr(value: object) -> str:
    """Escape for an HTML attribute that may sit inside a Markdown table row ('|' splits cells)."""
    return attr(value).replace("|", "&#124;")


def fmt_date(day: _dt.date, lang: str) -> str:
    """A date as the language writes it (ISO in English, 年月日 in Japanese)."""
    return fill("date.format", lang, y=day.year, m=day.month, d=day.day)


def join(items: Sequence[str], lang: str) -> str:
    """Join items as a list in running text ("A, B and C" / "A、B と C")."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    head = t("sep.list", lang).join(items[:-1])
    if lang == "ja":
        return spaced(spaced(head, t("sep.and", lang)), items[-1])
    return head + t("sep.and", lang) + items[-1]


def find_method(kb: KnowledgeBase, method_id: str) -> Method:
    """The method with `method_id`; an unknown id raises KeyError naming it."""
    for item in kb.methods:
        if item.id == method_id:
            return item
    raise KeyError(f"unknown method id {method_id!r}")


def os_list(values: Iterable[str], lang: str) -> str:
    """Operating-system vocabulary values as readable names."""
    return t("sep.list", lang).join(t(f"os.{v}", lang) for v in values)


def duration(seconds: int | None, lang: str) -> str:
    """A session length for people: '1 hour (3,600 s)', '1 時間 (3,600 秒)', 'No limit'."""
    if seconds is None:
        return t("val.max_session.none", lang)
    exact = fill("dur.seconds", lang, n=f"{seconds:,}")
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            human = fill(f"dur.{unit}.{'one' if count == 1 else 'other'}", lang, n=f"{count:,}")
            return fill("dur.full", lang, human=human, seconds=exact)
    return exact


def interfaces_label(per_os: dict, lang: str, sep: str) -> str:
    """Per-OS interfaces, e.g. 'Linux: terminal, browser' for each instance OS."""
    return sep.join(
        fill("ui.per_os", lang, os=t(f"os.{os_}", lang),
             uis=t("sep.list", lang).join(t(f"ui.{ui}", lang) for ui in uis))
        for os_, uis in per_os.items())


def public_ip_need(reach: Sequence[str]) -> str:
    """Whether the instance needs a public IP, derived from where the client may be."""
    if "none" in reach:
        return "not-needed"
    if "private" in reach:
        return "or-private"
    return "required"


def capability(method: Method, column: str) -> Capability:
    """The capability record behind a column (public_ip reads reach)."""
    return method.capabilities["reach" if column == "public_ip" else column]


def value_label(method: Method, column: str, lang: str, sep: str = "<br>") -> str:
    """The label a table shows for a method's capability column (trusted text, no markers)."""
    value = capability(method, column).value
    if column == "public_ip":
        return t(f"val.public_ip.{public_ip_need(value)}", lang)
    if column == "max_session":
        return duration(value, lang)
    if column == "interfaces":
        return interfaces_label(value, lang, sep)
    key = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return t(f"val.{column}.{key}", lang)


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown pipe table; cells are already escaped and must be single-line."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for row in rows:
        if any("\n" in cell for cell in row):
            raise ValueError("a table cell must not contain a newline")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def heading(level: int, text: str, anchor: str) -> str:
    """A heading with a fixed ASCII anchor (attr_list), identical in every language."""
    return f"{'#' * level} {text} {{ #{anchor} }}"
