"""The /bastion/ guide: what a bastion is for and which methods replace it, computed from data."""

from __future__ import annotations

from typing import Callable

from macros.decide import tree as tree_mod
from macros.kb.model import KnowledgeBase, Method
from macros.render.common import CAP_COLUMNS, capability, find_method, heading, table
from macros.render.context import Page
from macros.render.diagram import diagrams
from macros.render.kits import kit_links

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


def _links(page: Page, methods: list[Method]) -> str:
    return page.join([page.method_link(m) for m in methods])


def _value(page: Page, method: Method, column: str, note: bool = True) -> str:
    """A capability label with its unconfirmed marker, optional note and source numbers."""
    cap = capability(method, column)
    text = page.value_label(method, column) + page.cites.unconfirmed(cap.unconfirmed)
    if note and cap.note is not None:
        # On a line of its own, as in a method's at-a-glance table: a note is whole sentences.
        text += "<br>" + page.text(cap.note)
    return text + page.cites.mark(cap.sources)


def _purposes(page: Page) -> str:
    """Each purpose: what it means, the rule used, and the methods that meet it."""
    parts = [heading(2, page.t("bastion.h.purposes"), "purposes"),
             page.t("bastion.purposes.lead")]
    for key, (anchor, test) in PURPOSES.items():
        meeting = [m for m in page.kb.methods if test(m)]
        links = [page.method_link(m) for m in meeting]
        if key == "logs":
            links = [page.fill("bastion.logs.extra", link=link,
                               label=_value(page, m, "session_logging", note=False))
                     if m.cap("session_logging") != "none" else link
                     for m, link in zip(meeting, links)]
        found = page.t("bastion.meets") + "\n\n" + "\n".join(f"- {link}" for link in links) \
            if links else page.t("bastion.meets.none")
        parts += [heading(3, page.t(f"bastion.p.{key}.h"), anchor),
                  page.t(f"bastion.p.{key}.what"), page.t(f"bastion.p.{key}.rule"), found]
    return "\n\n".join(parts)


def _pair(page: Page, pair: list[Method]) -> str:
    """Why the replacements are the natural pair: what they share and where they differ."""
    cites = page.cites
    all_three = [m for m in page.kb.methods if meets_all(m)]
    names = page.join([page.text(m.name) for m in pair])
    parts = [heading(2, page.fill("bastion.h.pair", names=names), "natural-pair")]
    if not pair:
        return "\n\n".join(parts + [page.t("bastion.pair.none")])
    parts.append(page.fill("bastion.pair.lead", n=len(all_three), names=_links(page, pair)))
    for other in (m for m in all_three if m not in pair):
        key = "rescue" if other.cap("rescue_access") else "os"
        parts.append(page.fill(f"bastion.pair.other.{key}", link=page.method_link(other),
                               oses=page.os_list(other.cap("instance_os"))))
    labels = {c: {page.value_label(m, c) for m in pair} for c in CAP_COLUMNS}
    common = [c for c in COMMON_COLUMNS if len(labels[c]) == 1]
    if common:
        items = [f"- {page.t(f'cap.{c}')}: " + page.value_label(pair[0], c)
                 + cites.unconfirmed(any(capability(m, c).unconfirmed for m in pair))
                 + cites.mark(dict.fromkeys(s for m in pair for s in capability(m, c).sources))
                 for c in common]
        parts += [page.t("bastion.pair.both"), "\n".join(items)]
    differ = [c for c in CAP_COLUMNS if len(labels[c]) > 1]
    if differ:
        rows = [[page.t(f"cap.{c}"), *(_value(page, m, c) for m in pair)] for c in differ]
        header = [page.t("col.capability"), *(page.text(m.name) for m in pair)]
        parts += [page.t("bastion.pair.diff"), table(header, rows)]
    with_kits = [(m, links) for m in pair if (links := kit_links(page, m.id))]
    if with_kits:
        parts.append(page.t("bastion.pair.kits"))
    for m, links in with_kits:
        setup = page.rel(f"methods/{m.id}.md", "set-up")
        parts.append(page.method_link(m) + page.paren(f"[{page.t('r.setup.link')}]({setup})")
                     + f"\n\n{links}")
    return "\n\n".join(parts)


def _which(page: Page, pair: list[Method]) -> str:
    """One line per task where the replacements differ, with the data that decides it."""
    items = []
    for key, suits, columns in WHICH:
        chosen = [m for m in pair if suits(m)]
        rest = [m for m in pair if not suits(m)]
        if not chosen or not rest:
            continue  # not a difference between the replacements
        limits = [m.cap("max_session") for m in rest if m.cap("max_session") is not None]
        situation = page.fill(f"bastion.which.{key}",
                              limit=page.duration(min(limits)) if limits else "")
        contrast = ("" if page.lang == "ja" else " ").join(
            page.fill("bastion.which.contrast", method=page.text(m.name),
                      column=page.t(f"cap.{c}"),
                      label=page.value_label(m, c, sep=page.t("sep.list")),
                      extra=_note(page, m, c))
            for m in rest for c in columns)
        items.append("- " + page.fill("bastion.which.item", situation=situation,
                                      links=_links(page, chosen), contrast=contrast))
    if not items:
        return ""
    return "\n\n".join([heading(2, page.t("bastion.h.which"), "which-to-use"),
                        page.t("bastion.which.lead"), "\n".join(items)])


def _note(page: Page, method: Method, column: str) -> str:
    """A capability's unconfirmed marker and sources (its note is in the table just above)."""
    cap = capability(method, column)
    return page.cites.unconfirmed(cap.unconfirmed) + page.cites.mark(cap.sources)


def _cost(page: Page, bastion: Method, pair: list[Method]) -> str:
    """What keeping a bastion costs, from its own data, next to the replacements' values."""
    items = [f"- {page.t(f'cap.{c}')}: {_value(page, bastion, c)}" for c in COST_COLUMNS]
    items += [f"- {page.cites.fact(f)}" for f in bastion.limitations]
    parts = [heading(2, page.t("bastion.h.cost"), "cost"),
             page.fill("bastion.cost.lead", link=page.method_link(bastion)),
             "\n".join(items)]
    if pair:
        rows = [f"- {page.method_link(m)}: " + page.t("sep.list").join(
            page.fill("bastion.cost.row", column=page.t(f"cap.{c}"),
                      label=_value(page, m, c, note=False))
            for c in ("server_to_maintain", "extra_cost")) for m in pair]
        parts += [page.t("bastion.cost.compare"), "\n".join(rows)]
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


def _side_by_side(page: Page, bastion: Method) -> str:
    """The computed pair beside the bastion: what each costs and needs, from the same data as
    the method pages (capabilities with their notes, then each method's prerequisites)."""
    pair = computed_pair(page.kb)
    if not pair:
        return ""
    link = page.rel(f"scenarios/{PAIR_SCENARIO}.md")
    names = [page.text(m.name) for _, m in pair]
    parts = [heading(2, page.t("bastion.h.side"), "side-by-side"),
             page.fill("bastion.side.lead", admin=page.method_link(pair[0][1]),
                       bulk=page.method_link(pair[1][1]), scenario=link)]
    header = [page.t("col.capability"), page.text(bastion.name),
              *(n + page.paren(page.t(f"r.for.{job}"))
                for n, (job, _) in zip(names, pair))]
    rows = [[page.t(f"cap.{c}"), _value(page, bastion, c), *(_value(page, m, c) for _, m in pair)]
            for c in SIDE_COLUMNS]
    parts.append(table(header, rows))
    parts += [page.t("bastion.paths.lead"), diagrams(page, [bastion, *(m for _, m in pair)])]
    for m in [bastion] + [m for _, m in pair]:
        needs = "\n".join(f"- {page.cites.fact(f)}" for f in m.prerequisites) \
            or f"- {page.t('none_listed')}"
        parts += [page.fill("bastion.side.needs", link=page.method_link(m, "prerequisites")),
                  needs]
    return "\n\n".join(parts)


def _still_right(page: Page, bastion: Method) -> str:
    """The bastion host's own use-when list."""
    items = "\n".join(f"- {page.text(x)}" for x in bastion.use_when)
    parts = [heading(2, page.t("bastion.h.still"), "still-right"), page.t("bastion.still.lead"),
             items, page.fill("bastion.still.more", link=page.method_link(bastion))]
    return "\n\n".join(p for p in parts if p)


def _next(page: Page) -> str:
    """Links to the worked scenarios and the decision tree."""
    known = {s.id: s for s in page.kb.scenarios}
    items = ["- " + page.fill("bastion.next.item",
                              link=f"[{page.text(known[s].title)}]({page.rel(f'scenarios/{s}.md')})",
                              summary=page.text(known[s].summary))
             for s in SCENARIOS if s in known]
    parts = [heading(2, page.t("bastion.h.next"), "next-steps"),
             page.fill("bastion.next.lead", decide=page.rel("decide.md")), "\n".join(items)]
    return "\n\n".join(p for p in parts if p)


def bastion_page(kb: KnowledgeBase, lang: str) -> str:
    """The whole /bastion/ page in `lang`."""
    bastion = find_method(kb, BASTION_ID)
    pair = replacements(kb)
    page = Page.with_citations(kb, lang, PAGE)
    parts = [f"# {page.t('bastion.title')}",
             page.fill("bastion.intro", compare=page.rel("compare.md")),
             page.text(bastion.description),
             _purposes(page), _pair(page, pair), _which(page, pair),
             _side_by_side(page, bastion), _cost(page, bastion, pair),
             _still_right(page, bastion), _next(page),
             heading(2, page.t("method.h.sources"), "sources"),
             page.t("method.sources.lead"), page.cites.render()]
    return "\n\n".join(p for p in parts if p) + "\n"
