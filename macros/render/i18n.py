"""Look up the site's UI strings; the strings themselves live in data/ui.yaml, not here.

data/ui.yaml holds every label, heading and sentence of the interface as `key: {en, ja}`, the
shape contributors edit in data/kb.yaml. It is read once, with the validator's line-tracking
loader, when this module is imported; `make validate` checks it (macros/kb/checks_ui.py).
Strings are trusted Markdown written by this project. Placeholders use str.format names, and
everything substituted into them from the data must already be escaped by the caller.
"""

from __future__ import annotations

import html
import re
import string
from pathlib import Path

from macros.kb.document import Document
from macros.kb.loader import load_document

UI_FILE = Path(__file__).resolve().parents[2] / "data" / "ui.yaml"
LANGS = ("en", "ja")


def _strings(doc: Document) -> dict[str, dict[str, str]]:
    """Every well-formed entry of a loaded UI file; macros/kb/checks_ui.py reports the others."""
    data = doc.data if isinstance(doc.data, dict) else {}
    return {key: {lang: entry[lang] for lang in LANGS} for key, entry in data.items()
            if isinstance(entry, dict) and all(isinstance(entry.get(lang), str) for lang in LANGS)}


DOCUMENT = load_document(UI_FILE)  # loaded once; the checker reuses it with its lines
T: dict[str, dict[str, str]] = _strings(DOCUMENT)


def t(key: str, lang: str) -> str:
    """Return UI string `key` in `lang`; a missing key or language raises KeyError."""
    try:
        entry = T[key]
    except KeyError:
        raise KeyError(f"unknown UI string {key!r}") from None
    try:
        return entry[lang]
    except KeyError:
        raise KeyError(f"UI string {key!r} has no {lang!r} text") from None


# Japanese puts a space between Latin letters or digits and kana/kanji ("3 つ", "Session Manager
# を"), never between two Japanese characters. Values are inserted into templates without spaces
# and `spaced` adds one where the visible characters on either side call for it.
_JA_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_END = re.compile(r"[A-Za-z0-9)%]")
_LATIN_START = re.compile(r"[A-Za-z0-9(]")
_INVISIBLE = (re.compile(r"<sup>.*?</sup>"), re.compile(r"<[^>]+>"))
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _visible(markdown: str) -> str:
    """Roughly the text a reader sees: no footnote markers, tags, link targets or bold marks."""
    for pattern in _INVISIBLE:
        markdown = pattern.sub("", markdown)
    markdown = _MD_LINK.sub(r"\1", markdown).replace("**", "")
    return html.unescape(markdown)


def spaced(left: str, right: str) -> str:
    """Concatenate Japanese text, adding a space where Latin text meets kana or kanji."""
    if not left or not right or left[-1].isspace() or right[0].isspace():
        return left + right
    a, b = _visible(left)[-1:], _visible(right)[:1]
    if (_LATIN_END.match(a) and _JA_CHAR.match(b)) or (_JA_CHAR.match(a) and _LATIN_START.match(b)):
        return left + " " + right
    return left + right


def fill(key: str, lang: str, **values: object) -> str:
    """UI string `key` with its {placeholders} filled; Japanese gets spaces around Latin values."""
    template = t(key, lang)
    if lang != "ja":
        return template.format(**values)
    out, after_value = "", False
    for literal, field, spec, _conversion in string.Formatter().parse(template):
        out = spaced(out, literal) if after_value else out + literal
        after_value = field is not None
        if field is not None:
            out = spaced(out, format(values[field], spec or ""))
    return out
