"""Connection-path diagrams: a method's `path:` drawn as inline SVG, with a text list beside it.

`diagram(page, method)` is a pure function of the data and the page's language. The output is one
raw HTML block (no blank line inside, so Markdown leaves it alone): a <figure> holding an SVG with
role="img", a <title> and <desc> in the page's language, and an ordered list that says the same
in words for screen readers, for print and for anyone who prefers text. The SVG is drawn by
`svg(drawing, id_base)` from a `Drawing`: the path's labels already resolved to the page's
language as plain text, so it can measure and wrap them before it escapes each line.

Layout: the hops sit in one left-to-right row with a labelled arrow between each neighbouring pair,
so every coordinate follows from the text widths: there is no graph to lay out, and a layout
library (Graphviz, ELK) would add a binary or a JavaScript runtime to the build for a single row.
Widths are estimated per character (full-width CJK characters count 1 em, others 0.6 em) and
long labels are wrapped; the numbers are tuned so both languages fit in their boxes. All
coordinates are in user units of the viewBox, 16 to the em, and the SVG's width and height are
given in em, so the drawing scales with the page's text. Colours come from CSS classes in
site.css (currentColor and Material's variables), so it follows the light and dark schemes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable

from macros.kb.model import Method
from macros.render.context import Page
from macros.render.text import attr, esc

EM = 16  # user units per em
FONT = 14  # font size of every label, in user units (0.875 em)
LINE = 18  # line height
PAD = 10  # inside a box, around its text
BOX_MAX = 10.5 * EM  # widest a box may be before its name wraps
LEG_MIN, LEG_MAX = 7 * EM, 11 * EM  # an arrow's length grows with its labels up to this
GAP = 6  # between an arrow and its labels
HEAD = 8  # arrowhead length


def text_width(text: str) -> float:
    """Estimated width of `text` at FONT size (CJK full-width 1 em, everything else 0.6 em)."""
    return sum(FONT * (1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6) for ch in text)


def wrap(text: str, width: float) -> list[str]:
    """Split `text` into lines no wider than `width`: at spaces, or between CJK characters."""
    lines, line = [], ""
    for token in _tokens(text):
        if line and text_width((line + token).rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _tokens(text: str) -> Iterable[str]:
    """Words with their trailing space, and single full-width characters."""
    word = ""
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            if word:
                yield word
                word = ""
            yield ch
        elif ch == " ":
            yield word + ch
            word = ""
        else:
            word += ch
    if word:
        yield word


def _text(x: float, y: float, line: str, cls: str, anchor: str = "middle") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}">'
            f'{esc(line)}</text>')


@dataclass(frozen=True, slots=True)
class Box:
    """One hop as drawn: its kind, name and badges (where IAM decides, where it is logged)."""

    kind: str
    name: str
    badges: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Arrow:
    """One leg as drawn: the way the connection opens, what it carries, its rule, the network."""

    opens: str
    carries: str
    rule: str
    via: str


@dataclass(frozen=True, slots=True)
class Drawing:
    """A method's path with every label in one language, as plain (unescaped) text."""

    title: str
    desc: str
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]


def drawing(page: Page, method: Method) -> Drawing:
    """The labels of `method.path` (which must be set) in the page's language."""
    lang, path = page.lang, method.path
    names = page.t("diagram.sep").join(h.name.get(lang) for h in path.hops)
    boxes = tuple(Box(hop.kind, hop.name.get(lang),
                      tuple(page.t(f"diagram.badge.{kind}")
                            for kind, value in (("iam", hop.iam), ("log", hop.log))
                            if value is not None))
                  for hop in path.hops)
    arrows = tuple(Arrow(leg.opens, leg.carries.get(lang), page.t(f"diagram.rule.{leg.rule}"),
                         leg.via.get(lang)) for leg in path.legs)
    return Drawing(page.fill("diagram.title", name=method.name.get(lang)),
                   page.fill("diagram.desc", hops=names), boxes, arrows)


def _leg_lines(arrow: Arrow) -> tuple[list[str], list[tuple[str, str]]]:
    """Above the arrow: what it carries. Below: the rule, then the network crossed."""
    above = wrap(arrow.carries, LEG_MAX - 2 * GAP)
    below = [(line, "kb-diagram__rule") for line in wrap(arrow.rule, LEG_MAX - 2 * GAP)]
    below += [(line, "kb-diagram__via") for line in wrap(arrow.via, LEG_MAX - 2 * GAP)]
    return above, below


def svg(drawing: Drawing, id_base: str) -> str:
    """The SVG of a drawn path, labelled by its title and desc."""
    boxes = [(wrap(box.name, BOX_MAX - 2 * PAD), list(box.badges)) for box in drawing.boxes]
    legs = [_leg_lines(arrow) for arrow in drawing.arrows]
    box_w = [max(text_width(x) for x in name + badges) + 2 * PAD for name, badges in boxes]
    leg_w = [min(LEG_MAX, max(LEG_MIN, max(text_width(x) for x in above + [b for b, _ in below]) + 2 * GAP))
             for above, below in legs]
    rows = max(len(name) + len(badges) for name, badges in boxes)
    above_n = max(len(above) for above, _ in legs)
    top = 4 + max(0, above_n * LINE + GAP - (rows * LINE + 2 * PAD) / 2)  # room for labels
    box_h = rows * LINE + 2 * PAD
    mid = top + box_h / 2
    below_n = max(len(below) for _, below in legs)
    height = max(top + box_h, mid + GAP + below_n * LINE) + 6
    width = sum(box_w) + sum(leg_w) + 4

    title_id, desc_id = f"{id_base}-title", f"{id_base}-desc"
    parts = [f'<svg class="kb-diagram__svg" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'aria-labelledby="{attr(title_id)} {attr(desc_id)}" '
             f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width / EM:.2f}em" '
             f'height="{height / EM:.2f}em">',
             f'<title id="{attr(title_id)}">{esc(drawing.title)}</title>',
             f'<desc id="{attr(desc_id)}">{esc(drawing.desc)}</desc>']
    x = 2.0
    for i, ((name, badges), w) in enumerate(zip(boxes, box_w)):
        kind = drawing.boxes[i].kind
        parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{w:.1f}" height="{box_h:.1f}" '
                     f'rx="6" class="kb-diagram__box kb-diagram__box--{kind}"/>')
        lines = [(line, "kb-diagram__name") for line in name] + \
                [(line, "kb-diagram__badge") for line in badges]
        first = mid - (len(lines) - 1) * LINE / 2 + FONT * 0.35
        parts += [_text(x + w / 2, first + n * LINE, line, cls) for n, (line, cls) in enumerate(lines)]
        x += w
        if i < len(legs):
            parts.append(_arrow(x, leg_w[i], mid, drawing.arrows[i].opens, legs[i]))
            x += leg_w[i]
    parts.append("</svg>")
    return "".join(parts)


def _arrow(x: float, w: float, mid: float, opens: str,
           labels: tuple[list[str], list[tuple[str, str]]]) -> str:
    """A horizontal arrow from x to x+w at height `mid`, pointing the way the connection opens."""
    x1, x2 = x + 3, x + w - 3
    tip, back = (x2, x2 - HEAD) if opens == "right" else (x1, x1 + HEAD)
    start, end = (x1, back) if opens == "right" else (back, x2)
    head = f"{tip:.1f},{mid:.1f} {back:.1f},{mid - 5:.1f} {back:.1f},{mid + 5:.1f}"
    above, below = labels
    centre = x + w / 2
    out = [f'<line x1="{start:.1f}" y1="{mid:.1f}" x2="{end:.1f}" y2="{mid:.1f}" '
           f'class="kb-diagram__line"/>',
           f'<polygon points="{head}" class="kb-diagram__head"/>']
    out += [_text(centre, mid - GAP - (len(above) - 1 - n) * LINE - 3, line, "kb-diagram__carries")
            for n, line in enumerate(above)]
    out += [_text(centre, mid + GAP + FONT + n * LINE, line, cls)
            for n, (line, cls) in enumerate(below)]
    return "".join(out)


def steps(page: Page, method: Method) -> str:
    """The path in words: each hop, and between hops who opens which connection through what."""
    mark = page.cites.mark if page.cites is not None else lambda ids: ""
    path, items = method.path, []
    for i, hop in enumerate(path.hops):
        text = page.fill("diagram.step.hop", name=page.text(hop.name), does=page.text(hop.does))
        if hop.iam is not None:
            text += " " + page.fill("diagram.step.iam", text=page.text(hop.iam))
        if hop.log is not None:
            text += " " + page.fill("diagram.step.log", text=page.text(hop.log))
        items.append(text + mark(hop.sources))
        if i < len(path.legs):
            leg = path.legs[i]
            left, right = path.hops[i], path.hops[i + 1]
            opener, target = (left, right) if leg.opens == "right" else (right, left)
            text = page.fill("diagram.step.leg", opener=page.text(opener.name),
                             target=page.text(target.name), carries=page.text(leg.carries),
                             via=page.text(leg.via))
            rule = page.text(leg.rule_text) if leg.rule_text is not None \
                else page.fill("diagram.step.rule", rule=page.t(f"diagram.rule.{leg.rule}"))
            items.append(f"{text} {rule}{mark(leg.sources)}")
    if page.lang == "ja":
        items = [item.replace("。 ", "。") for item in items]
    return '<ol class="kb-diagram__steps">' + "".join(f"<li>{x}</li>" for x in items) + "</ol>"


def diagram(page: Page, method: Method, id_base: str | None = None) -> str:
    """A figure with the SVG and its text list; '' for a method without a path.

    Sources are marked with the page's citations (none on a page without them).
    """
    if method.path is None:
        return ""
    base = id_base or f"path-{method.id}"
    drawn = drawing(page, method)
    return (f'<figure class="kb-diagram" aria-labelledby="{attr(base)}-caption">'
            f'<figcaption id="{attr(base)}-caption">{esc(drawn.title)}</figcaption>'
            f'<div class="kb-diagram__scroll" tabindex="0" role="group" '
            f'aria-labelledby="{attr(base)}-caption">{svg(drawn, base)}</div>'
            f'{steps(page, method)}</figure>')


def diagrams(page: Page, methods: Iterable[Method]) -> str:
    """Several methods' figures, one after another (for /bastion/)."""
    return "\n\n".join(d for d in (diagram(page, m) for m in methods) if d)
