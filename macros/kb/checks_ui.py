"""Check data/ui.yaml, the site's UI strings, with the knowledge base's loader and text rules.

Besides what the loader reports (YAML syntax, duplicate keys) and the knowledge base's text rules
(text-empty, text-stray-space, text-language from macros/kb/checks_content.py), the rules are:
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from macros.render import i18n
from .checks_content import check_text_empty, check_text_language, check_text_stray_space
from .document import Document, display_path
from .loader import load_document
from .model import Text
from .problems import Problem
from macros.kb.rules import descriptions

RULES = descriptions("ui")  # this layer's rules, from the registry (macros/kb/rules.py)
__doc__ += "".join(f"\n- {rule}: {meaning}" for rule, meaning in RULES.items()) + "\n"

PROJECT_DIR = Path(__file__).resolve().parents[2]
# The code that looks UI strings up: every .py file of these folders except the two that only
# serve the strings (i18n.py) or check them (this file).
CODE_DIRS = ("macros", "hooks")
NOT_LOOKUPS = ("macros/render/i18n.py", "macros/kb/checks_ui.py")  # define lookups, make none
LOOKUPS = ("t", "fill")  # i18n.t(key, lang), i18n.fill(key, lang, ...), and i18n.T[key]
# Keys the code reaches without naming them, and why. Every other dynamic key is found from the
# code itself: an f-string such as f"cap.{c}" uses every key matching cap.<one segment>, and a
# literal ending in "." joined to a value ("val.extra_cost." + ...) uses every key under it.
DYNAMIC_PREFIXES = {
    "w.": "render_decide.py hands every w.* key to the /decide/ widget (decide.js)",
}
# Separators that are rightly empty or a space in one language (Japanese sentences follow each
# other with no space): text-empty does not apply to them.
SEPARATOR_KEYS = ("sep.sentence", "w.sentence")
# {gap} is the space Japanese needs after a name in Latin script ("PuTTY は", render_decide.gap);
# English always writes that space itself, so only ja may use it.
JA_ONLY_PLACEHOLDERS = {"gap"}
_TEXT_RULES = (check_text_empty, check_text_stray_space, check_text_language)
# text-language only looks at texts with words outside placeholders and `code`: "{os}: {uis}" and
# "`~/.ssh/config`" are the same in both languages.
_NO_WORDS = re.compile(r"^[\W\d_]*$")
_NOT_WORDS = re.compile(r"\{[^{}]*\}|`[^`]*`")


@dataclass(frozen=True)
class Lookups:
    """What the code looks up: keys named literally (with where), and patterns of built keys."""

    named: dict[str, tuple[str, int]]  # key -> (file, line) of its first literal lookup
    literals: frozenset[str]  # every string literal of the code (keys kept in tuples, dicts)
    patterns: tuple[re.Pattern[str], ...]  # keys built at run time

    def uses(self, key: str) -> bool:
        """True when some code can look `key` up."""
        return key in self.named or key in self.literals or any(
            p.fullmatch(key) for p in self.patterns)


def find_lookups(files: Iterable[Path], root: Path = PROJECT_DIR) -> Lookups:
    """Read the code statically (ast): no module is imported or run."""
    named: dict[str, tuple[str, int]] = {}
    literals: set[str] = set()
    patterns = [re.compile(re.escape(prefix) + ".+") for prefix in DYNAMIC_PREFIXES]
    for path in files:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError:  # importing it fails louder than any problem listed here
            continue
        where = display_path(path) if not path.is_relative_to(root) \
            else path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            key = _looked_up(node)
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                named.setdefault(key.value, (where, key.lineno))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
                if re.fullmatch(r"[a-z_]+(\.[a-z_-]+)*\.", node.value):  # "val.extra_cost." + x
                    patterns.append(re.compile(re.escape(node.value) + "[^.]+"))
            elif isinstance(node, ast.JoinedStr):
                pattern = _pattern(node)
                if pattern:
                    patterns.append(pattern)
    return Lookups(named, frozenset(literals), tuple(patterns))


def _looked_up(node: ast.AST) -> ast.AST | None:
    # The key argument of t(...), fill(...) or T[...], or None.
    if isinstance(node, ast.Call) and node.args:
        name = node.func.id if isinstance(node.func, ast.Name) else \
            node.func.attr if isinstance(node.func, ast.Attribute) else None
        return node.args[0] if name in LOOKUPS else None
    if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == "T":
        return node.slice
    return None


def _pattern(node: ast.JoinedStr) -> re.Pattern[str] | None:
    # f"cap.{c}" -> cap\.[^.]+ ; only f-strings that start like a key (a word and a dot).
    parts = [re.escape(p.value) if isinstance(p, ast.Constant) else "[^.]+" for p in node.values]
    first = node.values[0] if node.values else None
    if not (isinstance(first, ast.Constant) and re.match(r"[a-z_]+\.", str(first.value))):
        return None
    return re.compile("".join(parts))


def code_files(root: Path = PROJECT_DIR) -> list[Path]:
    """The Python files whose lookups count (CODE_DIRS, minus NOT_LOOKUPS)."""
    return sorted(p for d in CODE_DIRS for p in (root / d).rglob("*.py")
                  if p.relative_to(root).as_posix() not in NOT_LOOKUPS)


def placeholders(template: str) -> set[str]:
    """The {names} of a str.format template (format specs such as {y:04d} ignored)."""
    try:
        return {name.split(".")[0].split("[")[0]
                for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:  # an unbalanced brace: reported by ui_problems
        return set()


def ui_problems(path: str | os.PathLike[str] | None = None, *, lookups: Lookups | None = None,
                today: dt.date | None = None) -> list[Problem]:
    """Every problem of a UI strings file (default data/ui.yaml), sorted by line then field."""
    doc = i18n.DOCUMENT if path is None or Path(path).resolve() == i18n.UI_FILE else \
        load_document(path)
    lookups = lookups or find_lookups(code_files())
    problems = list(doc.problems)
    if isinstance(doc.data, dict):
        texts = dict(_entries(doc, problems))
        problems += _placeholder_problems(doc, texts)
        today = today or dt.date.today()
        for rule in _TEXT_RULES:
            problems += rule(_texts_for(rule, texts), doc, today)
        problems += _usage_problems(doc, lookups)
    return sorted(problems, key=lambda p: (p.file != doc.file, p.file, p.line or 0, p.field))


def _texts_for(rule, texts: dict[str, Text]) -> dict[str, Text]:
    # The knowledge base's text rules walk any mapping of Text: give each the entries it judges.
    if rule is check_text_empty:
        return {k: v for k, v in texts.items() if k not in SEPARATOR_KEYS}
    if rule is check_text_language:
        return {k: v for k, v in texts.items() if not _NO_WORDS.match(_NOT_WORDS.sub("", v.en))}
    return texts


def _entries(doc: Document, problems: list[Problem]) -> Iterator[tuple[str, Text]]:
    for key, entry in doc.data.items():
        if not isinstance(entry, dict):
            problems.append(doc.problem((key,), "ui-entry", "must be a mapping of en and ja "
                                        f"texts; got {type(entry).__name__}",
                                        "write `en: ...` and `ja: ...` on the two lines below "
                                        "the key"))
            continue
        extra = sorted(set(entry) - set(i18n.LANGS))
        if extra:
            problems.append(doc.problem((key, extra[0]), "ui-entry",
                                        f"must hold only en and ja; got {extra[0]!r}",
                                        "remove it; a comment (#) can explain the string"))
        bad = False
        for lang, name in (("en", "English"), ("ja", "Japanese")):
            if not isinstance(entry.get(lang), str):
                bad = True
                got = "nothing" if lang not in entry else type(entry[lang]).__name__
                problems.append(doc.problem((key, lang), "ui-entry",
                                            f"must have {lang} text; got {got}",
                                            f"write the {name} text, quoted if it contains ': '"))
        if not bad:
            yield key, Text(en=entry["en"], ja=entry["ja"])


def _placeholder_problems(doc: Document, texts: dict[str, Text]) -> Iterator[Problem]:
    for key, text in texts.items():
        for lang in i18n.LANGS:
            try:
                list(string.Formatter().parse(text.get(lang)))
            except ValueError as exc:
                yield doc.problem((key, lang), "ui-placeholders",
                                  f"must be a valid template; {exc}",
                                  "write a literal brace twice ({{ or }})")
        en, ja = placeholders(text.en), placeholders(text.ja) - JA_ONLY_PLACEHOLDERS
        if en != ja:
            yield doc.problem((key, "ja"), "ui-placeholders",
                              f"must use the same placeholders as en; en has "
                              f"{_names(en)}, ja has {_names(ja)}",
                              "use exactly the en placeholders, each written {name}")


def _names(names: set[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in sorted(names)) or "none"


def _usage_problems(doc: Document, lookups: Lookups) -> Iterator[Problem]:
    for key in doc.data:
        if not lookups.uses(key):
            yield doc.problem((key,), "ui-unused", "must be looked up by some code; no code names "
                              "it or builds its key",
                              "remove it, or look it up where the string is shown")
    for key, (file, line) in sorted(lookups.named.items()):
        if key not in doc.data:
            yield Problem(file=file, line=line, item=None, field=key, rule="ui-missing",
                          message=f"must name a key of {doc.file}; {key!r} is not there",
                          fix=f"add {key}: {{en: ..., ja: ...}} to {doc.file}, or fix the "
                              "key's spelling")
