"""The visible text of the built Japanese pages, one paragraph per block element, for textlint.

scripts/lint_ja.py checks the Japanese strings where they are written (data/kb.yaml, data/ui.yaml,
docs/ja/); this module reads what a reader of a built `/ja/` page sees once they are put together:
page_texts(site_dir) returns one lint_ja.Text per block element (p, li, td, th, h1-h6, dt, dd,
summary, ...), named by the page's URL and a short element path, so that

    /ja/compare/: article>table[2]>tr[3]>td[1]: <textlint message> [textlint:<rule>] (fix: ...)

says where to look. What is skipped: <script>, <style>, <pre> and other code blocks, hidden
elements (the `hidden` attribute, aria-hidden="true") and Material's chrome a reader does not read
as text (the search dialog, the table of contents that repeats the headings, the header-link ¶).
Inline elements stay in their sentence; inline <code> is kept as Markdown code (`...`), which
textlint does not check, as in the sources; footnote markers (<sup>) are dropped. The site chrome
outside the article (header, nav, footer) is the same on every page: each of its blocks is
reported once, on the first page that has it.

Table cells, headings, list items without 。, terms, summaries, buttons and the chrome are labels
(CONTRACT.md 9.3: no sentence-final 。), like the label fields of the sources.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from scripts.lint_ja import Text

# Elements that continue the sentence they are in; every other element starts a block.
INLINE = frozenset("a abbr b bdi bdo br cite code data dfn del em i img ins kbd mark q s samp "
                   "small span strong sub sup time u var wbr".split())
# Never read as text: code blocks, scripts and styles, form controls, images.
SKIP = frozenset("script style pre template svg input select textarea img iframe object "
                 "head".split())
# Material's chrome that is hidden until asked for, or repeats what the article shows.
SKIP_CLASSES = frozenset(("md-search", "md-dialog", "md-sidebar--secondary", "md-nav--secondary",
                          "headerlink",
                          "md-content__button", "md-tooltip", "md-tooltip2", "highlight"))
# Inline elements that the reader sees as blocks of their own (Material's skip links).
BLOCK_CLASSES = frozenset(("md-skip",))
# Blocks whose text is a label (no sentence-final 。): table cells, headings, terms, controls.
LABEL_TAGS = frozenset("h1 h2 h3 h4 h5 h6 td th dt summary caption figcaption button label "
                       "legend option nav".split())
_JA = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]")
_SPACE = re.compile(r"\s+")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_LIST_START = re.compile(r"^(\d+)([.)])(\s)|^([-+])(\s)")


def page_url(site_dir: Path, html_file: Path) -> str:
    """/ja/decide/ for <site>/ja/decide/index.html; /ja/404.html for <site>/ja/404.html."""
    relative = html_file.relative_to(site_dir).as_posix()
    return "/" + (relative[:-len("index.html")] if relative.endswith("index.html") else relative)


def html_files(site_dir: Path, lang_dir: str = "ja") -> list[Path]:
    """Every page of the language's build, in a stable order (redirect stubs excluded)."""
    pages = []
    for path in sorted((site_dir / lang_dir).rglob("*.html"), key=lambda p: page_url(site_dir, p)):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text and "md-content" not in text:
            continue  # a mkdocs-redirects stub, not a page
        pages.append(path)
    return pages


def page_texts(site_dir: str | Path, lang_dir: str = "ja") -> list[Text]:
    """One Text per block of visible Japanese text of every page under `site_dir`/`lang_dir`."""
    site_dir = Path(site_dir)
    texts: list[Text] = []
    seen_chrome: set[str] = set()
    for path in html_files(site_dir, lang_dir):
        url = page_url(site_dir, path)
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        body = soup.body or soup
        for element_path, text, label, chrome in blocks(body):
            if not _JA.search(text):
                continue  # English or code only: not this check's business
            if chrome:
                if text in seen_chrome:
                    continue
                seen_chrome.add(text)
            texts.append(Text(file=url, line=0, field=element_path, text=text, label=label))
    return texts


def blocks(root: Tag) -> Iterator[tuple[str, str, bool, bool]]:
    """(element path, Markdown text, label?, chrome?) of every block under `root`, in order."""
    yield from _walk(root, [], in_article=False, in_label=False)


def _hidden(element: Tag) -> bool:
    if element.name in SKIP or element.has_attr("hidden"):
        return True
    if str(element.get("aria-hidden", "")).lower() == "true":
        return True
    return bool(SKIP_CLASSES.intersection(element.get("class") or ()))


def _step(element: Tag) -> str:
    """One step of an element path: tag#id, div.class, or tag[n] when its parent has several."""
    if element.get("id"):
        return f"{element.name}#{element['id']}"
    if element.name in ("div", "nav", "section") and element.get("class"):
        return f"{element.name}.{element['class'][-1]}"
    parent = element.parent
    if parent is None:
        return element.name
    same = [c for c in parent.children if isinstance(c, Tag) and c.name == element.name]
    return element.name if len(same) == 1 else f"{element.name}[{same.index(element) + 1}]"


_QUIET_STEPS = frozenset(("thead", "tbody", "tfoot"))


def _path(steps: list[str]) -> str:
    return ">".join(s for s in steps if s not in _QUIET_STEPS)


def _walk(element: Tag, steps: list[str], in_article: bool,
          in_label: bool) -> Iterator[tuple[str, str, bool, bool]]:
    """The blocks of `element` (itself a block): its own inline text, then its child blocks.
    `in_label`: inside a table cell or another label element, whose blocks are labels too."""
    here = steps
    if element.name not in ("body", "[document]"):
        if "md-content" in (element.get("class") or ()) or element.name == "article":
            in_article = True
            here = [element.name]  # paths inside the article start at it
        else:
            here = steps + [_step(element)]
    parts: list[str] = []

    def flush() -> Iterator[tuple[str, str, bool, bool]]:
        text = _SPACE.sub(" ", "".join(parts)).strip()
        parts.clear()
        if text:
            label = in_label or _is_label(element, text, in_article)
            yield _path(here), _escape_start(text), label, not in_article

    for child in element.children:
        if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            parts.append(_md(str(child)))
        elif isinstance(child, Tag):
            if _hidden(child):
                continue
            if child.name == "br":
                yield from flush()  # a line of its own, as the reader sees it
            elif child.name in INLINE and not BLOCK_CLASSES.intersection(child.get("class") or ()):
                parts.append(_inline(child))
            else:
                yield from flush()
                yield from _walk(child, here, in_article, in_label or element.name in LABEL_TAGS)
    yield from flush()


def _inline(element: Tag) -> str:
    """The Markdown of an inline element and its inline content."""
    if _hidden(element) or element.name == "sup":
        return ""  # footnote markers and citation numbers: not part of the sentence
    if element.name == "code":
        code = _SPACE.sub(" ", element.get_text()).strip()
        fence = "``" if "`" in code else "`"
        return f"{fence} {code} {fence}" if fence == "``" else f"`{code}`"
    out = []
    for child in element.children:
        if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            out.append(_md(str(child)))
        elif isinstance(child, Tag):
            out.append(" " if child.name == "br" else _inline(child))
    return "".join(out)


def _md(text: str) -> str:
    """Text as Markdown that reads back as the same text (no emphasis, links, HTML or headings)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _escape_start(text: str) -> str:
    # "1. " or "- " at the start of a paragraph would make it a list.
    return _LIST_START.sub(lambda m: (m.group(1) + "\\" + m.group(2) + m.group(3)) if m.group(1)
                           else ("\\" + m.group(4) + m.group(5)), text, count=1)


def _is_label(element: Tag, text: str, in_article: bool) -> bool:
    if not in_article or element.name in LABEL_TAGS:
        return True
    # A block without any 。 is a fragment (a lead-in ending in a colon, a list of names, a card's
    # title), as scripts/lint_ja.py treats UI strings (is_ui_label).
    return "。" not in text
