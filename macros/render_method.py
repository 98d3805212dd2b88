"""The /methods/ index and one /methods/<id>/ page per method, built from the data."""

from __future__ import annotations

from macros.i18n import fill, t
from macros.model import KnowledgeBase, Method
from macros.render_diagram import diagram
from macros.render_common import (CAP_COLUMNS, capability, find_method, fmt_date, heading,
                                  method_link, os_list, table, value_label)
from macros.render_kits import setup_section
from macros.render_refs import Citations
from macros.text import code_block, esc, rel

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


def _footnotes(method: Method, tables: tuple[str, ...], cites: Citations) -> str:
    """The method's table notes for `tables`, as an admonition under the matching section."""
    notes = [n for n in method.footnotes if n.table in tables]
    if not notes:
        return ""
    body = "\n".join(f"    - {esc(n.text.get(cites.lang))}{cites.mark(n.sources)}" for n in notes)
    return f'!!! note "{t("label.note", cites.lang)}"\n\n{body}'


def _glance(kb: KnowledgeBase, method: Method, cites: Citations) -> str:
    """Summary, a two-column table of OSes, ports, tools and capabilities, last-verified date."""
    lang, page = cites.lang, _page(method)
    rows = [[t("col.instance_os", lang), os_list(method.cap("instance_os"), lang)],
            [t("col.client_os", lang), os_list(method.cap("client_os"), lang)],
            [t("col.protocol", lang), esc(method.protocol.get(lang))],
            [t("col.tools", lang),
             t("sep.list", lang).join(esc(x.get(lang)) for x in method.tools)]]
    for name, row in zip(("instance_os", "client_os"), rows):
        cap = capability(method, name)
        row[1] += cites.unconfirmed(cap.unconfirmed) + cites.mark(cap.sources)
    for column in CAP_COLUMNS:
        cap = capability(method, column)
        cell = value_label(method, column, lang) + cites.unconfirmed(cap.unconfirmed)
        if cap.note is not None:
            cell += "<br>" + esc(cap.note.get(lang))
        rows.append([t(f"cap.{column}", lang), cell + cites.mark(cap.sources)])
    links = fill("method.glance.links", lang,
                 compare=rel(page, "compare.md", f"capabilities-{method.id}"),
                 decide=rel(page, "decide.md"))
    verified = fill("method.glance.verified", lang, date=fmt_date(method.verified, lang))
    parts = [heading(2, t("method.h.at-a-glance", lang), "at-a-glance"),
             esc(method.summary.get(lang)), diagram(method, lang, cites.mark),
             table([t("col.item", lang), t("col.value", lang)], rows),
             _footnotes(method, ("os-and-ports", "capabilities"), cites), verified, links]
    return "\n\n".join(p for p in parts if p)


def _facts(method: Method, kind: str, cites: Citations, checklist: bool = False) -> str:
    """A prerequisites, benefits or limitations section."""
    lang = cites.lang
    facts = getattr(method, kind)
    parts = [heading(2, t(f"method.h.{kind}", lang), kind)]
    if not facts:
        parts.append(t(f"method.{'prereq' if checklist else kind}.none", lang))
    else:
        if checklist:
            parts.append(t("method.prereq.lead", lang))
        prefix = CHECKBOX if checklist else ""
        parts.append(_bullets([prefix + cites.fact(f) for f in facts]))
    parts.append(_footnotes(method, (kind,), cites))
    return "\n\n".join(p for p in parts if p)


def _connect(method: Method, cites: Citations) -> str:
    """Each step: an H3 with a stable anchor, its note and sources, a copyable code block."""
    lang = cites.lang
    parts = [heading(2, t("method.h.how-to-connect", lang), "how-to-connect")]
    if not method.connect:
        parts.append(t("method.connect.none", lang))
        return "\n\n".join(parts)
    parts.append(t("method.connect.lead", lang))
    for number, step in enumerate(method.connect, start=1):
        parts.append(heading(3, esc(step.title.get(lang)), f"connect-{number}"))
        marks = cites.mark(step.sources)
        if step.note is not None:
            parts.append(esc(step.note.get(lang)) + marks)
        elif marks:
            parts.append(f"{t('label.sources', lang)}: {marks}")
        if step.shell != "any":  # where to type it; nothing when every shell takes it
            parts.append(f"**{t(f'shell.{step.shell}', lang)}**")
        parts.append(code_block(step.command, SHELL_LANGUAGE[step.shell]))
    return "\n\n".join(parts)


def _when(kb: KnowledgeBase, method: Method, lang: str) -> str:
    """Use-when and avoid-when lists; each avoid item links to the better method."""
    page = _page(method)
    use = [esc(x.get(lang)) for x in method.use_when] or [t("none_listed", lang)]
    avoid = []
    for alt in method.avoid_when:
        text = esc(alt.text.get(lang))
        if alt.instead is not None:
            link = method_link(page, find_method(kb, alt.instead), lang)
            text = fill("method.avoid.instead", lang, text=text, link=link)
        avoid.append(text)
    parts = [heading(2, t("method.h.when-to-use", lang), "when-to-use"),
             heading(3, t("method.use_when.h", lang), "use-when"), _bullets(use)]
    if avoid:
        parts += [heading(3, t("method.avoid_when.h", lang), "avoid-when"), _bullets(avoid)]
    return "\n\n".join(parts)


def _changes(method: Method, cites: Citations) -> str:
    """What changed since the article, or an explicit statement that nothing did."""
    lang = cites.lang
    parts = [heading(2, t("method.h.changes", lang), "changes")]
    if not method.changes:
        parts.append(fill("method.changes.none", lang, date=fmt_date(method.verified, lang)))
        return "\n\n".join(parts)
    items = []
    for change in method.changes:
        since = "" if change.since is None else \
            "**" + fill("method.changes.since", lang, since=esc(change.since)) + "** "
        items.append(since + cites.fact(change))
    parts += [t("method.changes.lead", lang), _bullets(items)]
    return "\n\n".join(parts)


def method_page(kb: KnowledgeBase, method_id: str, lang: str) -> str:
    """The whole /methods/<id>/ page in `lang`."""
    method = find_method(kb, method_id)
    cites = Citations(kb, lang, first=method.sources)
    parts = [f"# {esc(method.name.get(lang))}", esc(method.description.get(lang)),
             _glance(kb, method, cites),
             _facts(method, "prerequisites", cites, checklist=True),
             _facts(method, "benefits", cites), _facts(method, "limitations", cites),
             _connect(method, cites), setup_section(kb, method, _page(method), cites),
             _when(kb, method, lang), _changes(method, cites),
             heading(2, t("method.h.sources", lang), "sources"),
             t("method.sources.lead", lang), cites.render(),
             fill("method.sources.last", lang, date=fmt_date(method.verified, lang))]
    return "\n\n".join(parts) + "\n"


def methods_index(kb: KnowledgeBase, lang: str) -> str:
    """The /methods/ page: every method with its instance OS and summary."""
    rows = [[method_link(INDEX_PAGE, m, lang), os_list(m.cap("instance_os"), lang),
             esc(m.summary.get(lang))] for m in kb.methods]
    outro = fill("methods.outro", lang, compare=rel(INDEX_PAGE, "compare.md"),
                                            decide=rel(INDEX_PAGE, "decide.md"))
    parts = [f"# {t('methods.title', lang)}",
             fill("methods.intro", lang, n=len(kb.methods)),
             table([t("col.method", lang), t("col.instance_os", lang), t("col.summary", lang)],
                   rows),
             outro]
    return "\n\n".join(parts) + "\n"
