"""The /bastion/ guide: what a bastion is for and which methods replace it, computed from data."""

from __future__ import annotations

from typing import Callable

from macros.decide import tree as tree_mod
from macros.render.i18n import fill, t
from macros.kb.model import KnowledgeBase, Method
from macros.render.common import (CAP_COLUMNS, capability, duration, find_method, heading, join,
                                  method_link, os_list, table, value_label)
from macros.render.diagram import diagrams
from macros.render.kits import kit_links
from macros.render.refs import Citations
from macros.render.text import esc, rel

PAGE = "bastion.md"
BASTION_ID = "bastion-host"
SCENARIOS = ("replace-bastion-linux", "replace-bastion-linux-both", "bulk-transfer-private-linux")
# The scenario whose computed pair (CONTRACT.md 5.5) the side-by-side table sets against the bastion.
PAIR_SCENARIO = "replace-bastion-linux-both"
# What each side costs and needs, row by row (capabilities; each with its note from the data).
SIDE_COLUMNS = ("extra_cost", "server_to_maintain", "agent", "instance_egress", "inbound_from_client",
                "public_ip", "iam_controlled", "connection_audit", "ssh_keys", "max_session",
                "bulk_transfer")

# The three purposes of a bastion (article, section 4) as tests on capabilities.
PURPOSES: dict[str, tuple[str, Callable[[Method], bool]]] = {
    "restrict": ("restrict-access-path",
                 lambda m: m.cap("inbound_from_client") is False
                 and m.cap("iam_controlled") is True),
    "logs": ("central-logs", lambda m: m.cap("connection_audit") is True),
    "protect": ("protect-network",
                lambda m: m.cap("inbound_from_client") is False and "none" in m.cap("reach")),
}
# A replacement must serve everyday work on the instances a bastion fronts: Linux and Windows.
EVERYDAY_OSES = {"linux", "windows"}
# Shared strengths worth stating when every replacement has the same value.
COMMON_COLUMNS = ("inbound_from_client", "public_ip", "iam_controlled", "connection_audit",
                  "server_to_maintain", "extra_cost")
# "When to use which": situation key, which methods suit it, the capabilities that explain why.
WHICH: tuple[tuple[str, Callable[[Method], bool], tuple[str, ...]], ...] = (
    ("admin", lambda m: m.cap("agent") == "none" and m.cap("instance_egress") is False,
     ("agent", "instance_egress")),
    ("bulk", lambda m: m.cap("bulk_transfer") is True, ("bulk_transfer",)),
    ("long", lambda m: m.cap("max_session") is None, ("max_session",)),
    ("logging", lambda m: m.cap("session_logging") != "none", ("session_logging",)),
)
COST_COLUMNS = ("extra_cost", "server_to_maintain", "inbound_from_client", "public_ip", "ssh_keys")


def meets_all(method: Method) -> bool:
    """Whether a method serves all three purposes of a bastion host."""
    return all(test(method) for _, test in PURPOSES.values())


def replacements(kb: KnowledgeBase) -> list[Method]:
    """Methods that meet all three purposes for everyday access to Linux and Windows instances."""
    return [m for m in kb.methods if meets_all(m) and not m.cap("rescue_access")
            and EVERYDAY_OSES <= set(m.cap("instance_os"))]


def _links(methods: list[Method], lang: str) -> str:
    return join([method_link(PAGE, m, lang) for m in methods], lang)


def _value(method: Method, column: str, cites: Citations, note: bool = True) -> str:
    """A capability label with its unconfirmed marker, optional note and source numbers."""
    cap = capability(method, column)
    text = value_label(method, column, cites.lang) + cites.unconfirmed(cap.unconfirmed)
    if note and cap.note is not None:
        text += f" ({esc(cap.note.get(cites.lang))})"
    return text + cites.mark(cap.sources)


def _purposes(kb: KnowledgeBase, cites: Citations) -> str:
    """Each purpose: what it means, the rule used, and the methods that meet it."""
    lang = cites.lang
    parts = [heading(2, t("bastion.h.purposes", lang), "purposes"),
             t("bastion.purposes.lead", lang)]
    for key, (anchor, test) in PURPOSES.items():
        meeting = [m for m in kb.methods if test(m)]
        links = [method_link(PAGE, m, lang) for m in meeting]
        if key == "logs":
            links = [fill("bastion.logs.extra", lang, link=link,
                          label=_value(m, "session_logging", cites, note=False))
                     if m.cap("session_logging") != "none" else link
                     for m, link in zip(meeting, links)]
        found = fill("bastion.meets", lang, links=t("sep.list", lang).join(links)) \
            if links else t("bastion.meets.none", lang)
        parts += [heading(3, t(f"bastion.p.{key}.h", lang), anchor),
                  t(f"bastion.p.{key}.what", lang), t(f"bastion.p.{key}.rule", lang), found]
    return "\n\n".join(parts)


def _pair(kb: KnowledgeBase, pair: list[Method], cites: Citations) -> str:
    """Why the replacements are the natural pair: what they share and where they differ."""
    lang = cites.lang
    all_three = [m for m in kb.methods if meets_all(m)]
    names = join([esc(m.name.get(lang)) for m in pair], lang)
    parts = [heading(2, fill("bastion.h.pair", lang, names=names), "natural-pair")]
    if not pair:
        return "\n\n".join(parts + [t("bastion.pair.none", lang)])
    parts.append(fill("bastion.pair.lead", lang, n=len(all_three), names=_links(pair, lang)))
    for other in (m for m in all_three if m not in pair):
        key = "rescue" if other.cap("rescue_access") else "os"
        parts.append(fill(f"bastion.pair.other.{key}", lang, link=method_link(PAGE, other, lang),
                          oses=os_list(other.cap("instance_os"), lang)))
    labels = {c: {value_label(m, c, lang) for m in pair} for c in CAP_COLUMNS}
    common = [c for c in COMMON_COLUMNS if len(labels[c]) == 1]
    if common:
        items = [f"- {t(f'cap.{c}', lang)}: " + value_label(pair[0], c, lang)
                 + cites.unconfirmed(any(capability(m, c).unconfirmed for m in pair))
                 + cites.mark(dict.fromkeys(s for m in pair for s in capability(m, c).sources))
                 for c in common]
        parts += [t("bastion.pair.both", lang), "\n".join(items)]
    differ = [c for c in CAP_COLUMNS if len(labels[c]) > 1]
    if differ:
        rows = [[t(f"cap.{c}", lang), *(_value(m, c, cites) for m in pair)] for c in differ]
        header = [t("col.capability", lang), *(esc(m.name.get(lang)) for m in pair)]
        parts += [t("bastion.pair.diff", lang), table(header, rows)]
    with_kits = [(m, links) for m in pair if (links := kit_links(kb, m.id, PAGE, lang))]
    if with_kits:
        parts.append(t("bastion.pair.kits", lang))
    for m, links in with_kits:
        setup = rel(PAGE, f"methods/{m.id}.md", "set-up")
        parts.append(f"{method_link(PAGE, m, lang)} ([{t('r.setup.link', lang)}]({setup}))"
                     f"\n\n{links}")
    return "\n\n".join(parts)


def _which(pair: list[Method], cites: Citations) -> str:
    """One line per task where the replacements differ, with the data that decides it."""
    lang = cites.lang
    items = []
    for key, suits, columns in WHICH:
        chosen = [m for m in pair if suits(m)]
        rest = [m for m in pair if not suits(m)]
        if not chosen or not rest:
            continue  # not a difference between the replacements
        limits = [m.cap("max_session") for m in rest if m.cap("max_session") is not None]
        situation = fill(f"bastion.which.{key}", lang,
                         limit=duration(min(limits), lang) if limits else "")
        contrast = ("" if lang == "ja" else " ").join(
            fill("bastion.which.contrast", lang, method=esc(m.name.get(lang)),
                 column=t(f"cap.{c}", lang),
                 label=value_label(m, c, lang, sep=t("sep.list", lang)), extra=_note(m, c, cites))
            for m in rest for c in columns)
        items.append("- " + fill("bastion.which.item", lang, situation=situation,
                                 links=_links(chosen, lang), contrast=contrast))
    if not items:
        return ""
    return "\n\n".join([heading(2, t("bastion.h.which", lang), "which-to-use"),
                        t("bastion.which.lead", lang), "\n".join(items)])


def _note(method: Method, column: str, cites: Citations) -> str:
    """A capability's unconfirmed marker and sources (its note is in the table just above)."""
    cap = capability(method, column)
    return cites.unconfirmed(cap.unconfirmed) + cites.mark(cap.sources)


def _cost(bastion: Method, pair: list[Method], cites: Citations) -> str:
    """What keeping a bastion costs, from its own data, next to the replacements' values."""
    lang = cites.lang
    items = [f"- {t(f'cap.{c}', lang)}: {_value(bastion, c, cites)}" for c in COST_COLUMNS]
    items += [f"- {cites.fact(f)}" for f in bastion.limitations]
    parts = [heading(2, t("bastion.h.cost", lang), "cost"),
             fill("bastion.cost.lead", lang, link=method_link(PAGE, bastion, lang)),
             "\n".join(items)]
    if pair:
        rows = [f"- {method_link(PAGE, m, lang)}: " + t("sep.list", lang).join(
            fill("bastion.cost.row", lang, column=t(f"cap.{c}", lang),
                                               label=_value(m, c, cites, note=False))
            for c in ("server_to_maintain", "extra_cost")) for m in pair]
        parts += [t("bastion.cost.compare", lang), "\n".join(rows)]
    return "\n\n".join(parts)


def computed_pair(kb: KnowledgeBase) -> list[tuple[str, Method]]:
    """The (job, method) pair the decision tree gives the pair scenario, or () without one."""
    known = {s.id: s for s in kb.scenarios}
    if PAIR_SCENARIO not in known:
        return []
    walked = tree_mod.walk(tree_mod.of(kb), known[PAIR_SCENARIO].all_answers(kb.questions))
    if walked.result is None:
        return []
    return [(job, find_method(kb, mid)) for job, mid in walked.result.pair]


def _side_by_side(kb: KnowledgeBase, bastion: Method, cites: Citations) -> str:
    """The computed pair beside the bastion: what each costs and needs, from the same data as
    the method pages (capabilities with their notes, then each method's prerequisites)."""
    lang = cites.lang
    pair = computed_pair(kb)
    if not pair:
        return ""
    link = rel(PAGE, f"scenarios/{PAIR_SCENARIO}.md")
    names = [esc(m.name.get(lang)) for _, m in pair]
    parts = [heading(2, t("bastion.h.side", lang), "side-by-side"),
             fill("bastion.side.lead", lang, admin=method_link(PAGE, pair[0][1], lang),
                  bulk=method_link(PAGE, pair[1][1], lang), scenario=link)]
    header = [t("col.capability", lang), esc(bastion.name.get(lang)),
              *(f"{n} ({t(f'r.for.{job}', lang)})" for n, (job, _) in zip(names, pair))]
    rows = [[t(f"cap.{c}", lang), _value(bastion, c, cites), *(_value(m, c, cites) for _, m in pair)]
            for c in SIDE_COLUMNS]
    parts.append(table(header, rows))
    parts += [t("bastion.paths.lead", lang),
              diagrams([bastion, *(m for _, m in pair)], lang, cites.mark)]
    for m in [bastion] + [m for _, m in pair]:
        needs = "\n".join(f"- {cites.fact(f)}" for f in m.prerequisites) or f"- {t('none_listed', lang)}"
        parts += [fill("bastion.side.needs", lang, link=method_link(PAGE, m, lang, "prerequisites")), needs]
    return "\n\n".join(parts)


def _still_right(bastion: Method, lang: str) -> str:
    """The bastion host's own use-when list."""
    items = "\n".join(f"- {esc(x.get(lang))}" for x in bastion.use_when)
    parts = [heading(2, t("bastion.h.still", lang), "still-right"), t("bastion.still.lead", lang),
             items, fill("bastion.still.more", lang, link=method_link(PAGE, bastion, lang))]
    return "\n\n".join(p for p in parts if p)


def _next(kb: KnowledgeBase, lang: str) -> str:
    """Links to the worked scenarios and the decision tree."""
    known = {s.id: s for s in kb.scenarios}
    items = [f"- [{esc(known[s].title.get(lang))}]({rel(PAGE, f'scenarios/{s}.md')}): "
             f"{esc(known[s].summary.get(lang))}" for s in SCENARIOS if s in known]
    parts = [heading(2, t("bastion.h.next", lang), "next-steps"),
             fill("bastion.next.lead", lang, decide=rel(PAGE, "decide.md")), "\n".join(items)]
    return "\n\n".join(p for p in parts if p)


def bastion_page(kb: KnowledgeBase, lang: str) -> str:
    """The whole /bastion/ page in `lang`."""
    bastion = find_method(kb, BASTION_ID)
    pair = replacements(kb)
    cites = Citations(kb, lang)
    parts = [f"# {t('bastion.title', lang)}",
             fill("bastion.intro", lang, compare=rel(PAGE, "compare.md")),
             esc(bastion.description.get(lang)),
             _purposes(kb, cites), _pair(kb, pair, cites), _which(pair, cites),
             _side_by_side(kb, bastion, cites), _cost(bastion, pair, cites), _still_right(bastion, lang), _next(kb, lang),
             heading(2, t("method.h.sources", lang), "sources"),
             t("method.sources.lead", lang), cites.render()]
    return "\n\n".join(p for p in parts if p) + "\n"
