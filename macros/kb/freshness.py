"""When facts were last verified: future dates, stale dates and the `--stale` listing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterator

from .document import Document, JsonPath
from .model import KnowledgeBase
from .problems import Problem

STALE_AFTER_DAYS = 365  # AWS documentation changes often; a year-old check is worth redoing


@dataclass(frozen=True, slots=True)
class Verified:
    """One dated entry: a source page or a method's facts."""

    path: JsonPath  # e.g. ("sources", 4, "verified")
    label: str  # e.g. "sources[sm-log]"
    date: dt.date
    url: str | None  # the page to re-read (sources only)


def verified_entries(kb: KnowledgeBase) -> Iterator[Verified]:
    """Every `verified` date in the knowledge base: sources first, then methods."""
    for i, source in enumerate(kb.sources):
        yield Verified(("sources", i, "verified"), f"sources[{source.id}]", source.verified,
                       source.url_en)
    for i, method in enumerate(kb.methods):
        yield Verified(("methods", i, "verified"), f"methods[{method.id}]", method.verified, None)


def age_days(date: dt.date, today: dt.date) -> int:
    """Whole days between `date` and `today`."""
    return (today - date).days


def is_stale(date: dt.date, today: dt.date) -> bool:
    """True when `date` is more than a year before `today`."""
    return age_days(date, today) > STALE_AFTER_DAYS


def check_dates(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """date-future (error) and date-stale (warning) for every `verified` date."""
    for entry in verified_entries(kb):
        if entry.date > today:
            yield doc.problem(entry.path, "date-future",
                              f"must not be in the future; got {entry.date} (today is {today})",
                              "set it to the date you last checked the sources")
        elif is_stale(entry.date, today):
            days = age_days(entry.date, today)
            yield doc.problem(entry.path, "date-stale",
                              "must be re-checked; facts not verified for over a year "
                              f"(last verified {entry.date}, {days} days ago)",
                              "re-read the cited pages, correct what changed, then set verified "
                              "to today's date", severity="warning")


def stale_report(kb: KnowledgeBase, doc: Document, today: dt.date) -> list[str]:
    """The `--stale` listing: oldest first, one line each, then a one-line summary."""
    entries = list(verified_entries(kb))
    stale = sorted((e for e in entries if is_stale(e.date, today)), key=lambda e: e.date)
    lines = [f"{doc.file}:{doc.locate(e.path)}: {e.label}: last verified {e.date} "
             f"({age_days(e.date, today)} days ago)" + (f" {e.url}" if e.url else "")
             for e in stale]
    sources = sum(e.label.startswith("sources") for e in stale)
    lines.append(f"{doc.file}: {len(stale)} of {len(entries)} entries not verified for over a "
                 f"year ({_count(sources, 'source')}, {_count(len(stale) - sources, 'method')}) "
                 f"as of {today}")
    return lines


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
