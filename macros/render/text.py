"""Escaping and linking helpers shared by every renderer (pure functions, no MkDocs)."""

from __future__ import annotations

import html
import posixpath
import re

# Characters that mean something to Markdown, attr_list, macros' Jinja or tables. Each is written
# as a numeric character reference so data text always shows literally and never becomes markup.
_MARKDOWN_META = {
    ch: f"&#{ord(ch)};"
    for ch in "\\`*_{}[]()#!|~=^"
}
# Only at the start of a value do these begin a block (a list item, a heading, a numbered list).
_LEADING_RE = re.compile(r"^(\s*)([-+#>]|\d+[.)])")
_META_RE = re.compile("[" + re.escape("".join(_MARKDOWN_META)) + "]")


def esc(value: object) -> str:
    """Escape a data string for use inside Markdown: HTML-escaped, Markdown syntax neutralised.

    Newlines become spaces so a value never ends a table row or a list item early.
    """
    # Quotes are escaped after the Markdown pass: html.escape(quote=True) would emit "&#x27;",
    # whose "#" the Markdown pass would then break into a visible "&#x27;".
    text = html.escape(str(value), quote=False)
    text = _META_RE.sub(lambda m: _MARKDOWN_META[m.group(0)], text)
    text = text.replace('"', "&quot;").replace("'", "&#39;")
    text = " ".join(text.split())
    return _LEADING_RE.sub(lambda m: m.group(1) + m.group(2)[:-1] + f"&#{ord(m.group(2)[-1])};", text)


# Inside a paragraph, list item or table cell, Python-Markdown runs its inline patterns (code,
# links, images, emphasis, backslash escapes) before it sets raw HTML tags aside, so an attribute
# value is Markdown too: `[a](b)` in a title="..." became <a href="b">, whose quote ended the
# attribute. These characters start every such pattern (and '|' a table cell); as references they
# reach the browser unchanged. '_' between two letters or digits never emphasises, so it is kept
# there and URLs (ja_jp) read as before.
_ATTR_META_RE = re.compile(r"[\\`*\[\]|]|(?<![^\W_])_|_(?![^\W_])")


def attr(value: object) -> str:
    """Escape a value for a double-quoted HTML attribute, also where Markdown reads it inline."""
    text = html.escape(str(value), quote=True)
    return _ATTR_META_RE.sub(lambda m: f"&#{ord(m.group(0))};", text)


def rel(from_page: str, to_page: str, anchor: str | None = None, query: str | None = None) -> str:
    """Relative link between two source pages (e.g. 'methods/ssh-client.md' -> 'compare.md').

    Linking .md to .md lets MkDocs check the link and anchor in strict mode.
    """
    base = posixpath.dirname(from_page)
    target = posixpath.relpath(to_page, base or ".")
    if query:
        target += "?" + query
    if anchor:
        target += "#" + anchor
    return target


def code_block(code: str, lang: str = "bash") -> str:
    """A fenced code block that no backtick run inside `code` can close early."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{code.rstrip()}\n{fence}"
