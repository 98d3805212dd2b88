"""The /methods/ index and one /methods/<id>/ page per method, built from the data."""

from __future__ import annotations

from macros.kb.model import KnowledgeBase, Method
from macros.render.common import CAP_COLUMNS, capability, find_method, heading, table
from macros.render.context import Page
from macros.render.diagram import diagram
from macros.render.kits import setup_section
from macros.render.text import code_block, esc

INDEX_PAGE = "methods/index.md"
CHECKBOX = '<span aria-hidden="true">☐</span> '  # a printable checklist without any extension
# A step's shell (model.SHELLS) -> the language of its code block; "any" text runs unchanged in
# every shell and is highlighted as bash, as before shells were recorded.
SHELL_LANGUAGE = {"any": "bash", "posix": "bash", "powershell": "powershell", "cmd": "text",
                  "ssh-config": "ssh-config"}


def _page(method: Method) -> str:
    return f"methods/{method.id}.md"


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _footnotes(page: Page, method: Method, tables: tuple[str, ...]) -> str:
    """The method's table notes for `tables`, as an admonition under the matching section."""
    notes = [n for n in method.footnotes if n.table in tables]
    if not notes:
        return ""
    body = "\n".join(f"    - {page.text(n.text)}{page.cites.mark(n.sources)}" for n in notes)
    return f'!!! note "{page.t("label.note")}"\n\n{body}'


def _glance(page: Page, method: Method) -> str:
    """Summary, a two-column table of OSes, ports, tools and capabilities, last-verified date."""
    cites = page.cites
    rows = [[page.t("col.instance_os"), page.os_list(method.cap("instance_os"))],
            [page.t("col.client_os"), page.os_list(method.cap("client_os"))],
            [page.t("col.protocol"), page.text(method.protocol)],
            # One tool a line, as in /compare/: a tool's name often carries a parenthetical.
            [page.t("col.tools"), "<br>".join(page.text(x) for x in method.tools)]]
    for name, row in zip(("instance_os", "client_os"), rows):
        cap = capability(method, name)
        row[1] += cites.unconfirmed(cap.unconfirmed) + cites.mark(cap.sources)
    for column in CAP_COLUMNS:
        cap = capability(method, column)
        cell = page.value_label(method, column) + cites.unconfirmed(cap.unconfirmed)
        if cap.note is not None:
            cell += "<br>" + page.text(cap.note)
        rows.append([page.t(f"cap.{column}"), cell + cites.mark(cap.sources)])
    links = page.fill("method.glance.links",
                      compare=page.rel("compare.md", f"capabilities-{method.id}"),
                      decide=page.rel("decide.md"))
    verified = page.fill("method.glance.verified", date=page.date(method.verified))
    parts = [heading(2, page.t("method.h.at-a-glance"), "at-a-glance"),
             page.text(method.summary), diagram(page, method),
             table([page.t("col.item"), page.t("col.value")], rows),
             _footnotes(page, method, ("os-and-ports", "capabilities")), verified, links]
    return "\n\n".join(p for p in parts if p)


def _facts(page: Page, method: Method, kind: str, checklist: bool = False) -> str:
    """A prerequisites, benefits or limitations section."""
    facts = getattr(method, kind)
    parts = [heading(2, page.t(f"method.h.{kind}"), kind)]
    if not facts:
        parts.append(page.t(f"method.{'prereq' if checklist else kind}.none"))
    else:
        if checklist:
            parts.append(page.t("method.prereq.lead"))
        prefix = CHECKBOX if checklist else ""
        parts.append(_bullets([prefix + page.cites.fact(f) for f in facts]))
    parts.append(_footnotes(page, method, (kind,)))
    return "\n\n".join(p for p in parts if p)


def _connect(page: Page, method: Method) -> str:
    """Each step: an H3 with a stable anchor, its note and sources, a copyable code block."""
    parts = [heading(2, page.t("method.h.how-to-connect"), "how-to-connect")]
    if not method.connect:
        parts.append(page.t("method.connect.none"))
        return "\n\n".join(parts)
    parts.append(page.t("method.connect.lead"))
    for number, step in enumerate(method.connect, start=1):
        parts.append(heading(3, page.text(step.title), f"connect-{number}"))
        marks = page.cites.mark(step.sources)
        if step.note is not None:
            parts.append(page.text(step.note) + marks)
        elif marks:
            parts.append(f"{page.t('label.sources')}: {marks}")
        if step.shell != "any":  # where to type it; nothing when every shell takes it
            parts.append(f"**{page.t(f'shell.{step.shell}')}**")
        parts.append(code_block(step.command, SHELL_LANGUAGE[step.shell]))
    return "\n\n".join(parts)


def _when(page: Page, method: Method) -> str:
    """Use-when and avoid-when lists; each avoid item links to the better method."""
    use = [page.text(x) for x in method.use_when] or [page.t("none_listed")]
    avoid = []
    for alt in method.avoid_when:
        text = page.text(alt.text)
        if alt.instead is not None:
            link = page.method_link(find_method(page.kb, alt.instead))
            text = page.fill("method.avoid.instead", text=text, link=link)
        avoid.append(text)
    parts = [heading(2, page.t("method.h.when-to-use"), "when-to-use"),
             heading(3, page.t("method.use_when.h"), "use-when"), _bullets(use)]
    if avoid:
        parts += [heading(3, page.t("method.avoid_when.h"), "avoid-when"), _bullets(avoid)]
    return "\n\n".join(parts)


def _changes(page: Page, method: Method) -> str:
    """What changed since the article, or an explicit statement that nothing did."""
    parts = [heading(2, page.t("method.h.changes"), "changes")]
    if not method.changes:
        parts.append(page.fill("method.changes.none", date=page.date(method.verified)))
        return "\n\n".join(parts)
    items = []
    for change in method.changes:
        since = "" if change.since is None else \
            "**" + page.fill("method.changes.since", since=esc(change.since)) + "** "
        items.append(since + page.cites.fact(change))
    parts += [page.t("method.changes.lead"), _bullets(items)]
    return "\n\n".join(parts)


def method_page(kb: KnowledgeBase, method_id: str, lang: str) -> str:
    """The whole /methods/<id>/ page in `lang`."""
    method = find_method(kb, method_id)
    page = Page.with_citations(kb, lang, _page(method), first=method.sources)
    parts = [f"# {page.text(method.name)}", page.text(method.description),
             _glance(page, method),
             _facts(page, method, "prerequisites", checklist=True),
             _facts(page, method, "benefits"), _facts(page, method, "limitations"),
             _connect(page, method), setup_section(page, method),
             _when(page, method), _changes(page, method),
             heading(2, page.t("method.h.sources"), "sources"),
             page.t("method.sources.lead"), page.cites.render(),
             page.fill("method.sources.last", date=page.date(method.verified))]
    return "\n\n".join(parts) + "\n"


def methods_index(kb: KnowledgeBase, lang: str) -> str:
    """The /methods/ page: every method with its instance OS and summary."""
    page = Page(kb, lang, INDEX_PAGE)
    rows = [[page.method_link(m), page.os_list(m.cap("instance_os")), page.text(m.summary)]
            for m in kb.methods]
    outro = page.fill("methods.outro", compare=page.rel("compare.md"),
                      decide=page.rel("decide.md"))
    parts = [f"# {page.t('methods.title')}",
             page.fill("methods.intro", n=len(kb.methods)),
             table([page.t("col.method"), page.t("col.instance_os"), page.t("col.summary")],
                   rows),
             outro]
    return "\n\n".join(parts) + "\n"
