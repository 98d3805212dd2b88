"""Damaged and hostile knowledge bases, generated from the real data/kb.yaml (no hand copies).

Every case is the real file with one thing broken or one kind of payload planted. A case in
`CASES` must FAIL validation with a located message (the file line, the field and the rule it
must name); a case in `BUILD_CASES` is valid data and must BUILD with every planted payload shown
literally. tests/test_hostile_data.py runs them; no tests live here.

Lines are located independently of the validator: data mutations are dumped with PyYAML and the
damaged node is found again with plain `yaml.compose`; text mutations know the line they break.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL_KB = ROOT / "data" / "kb.yaml"

# Planted in text. Each payload is wrapped so that a template engine evaluating it, or a Markdown
# or HTML parser eating it, changes the text: the built page must show it exactly as written.
HTML = ('</title></textarea></style></script><script>alert("x")</script>'
        '<img src=x onerror=alert(1)>"><svg onload=alert(6)>\'><b onmouseover=alert(7)>b</b> '
        '**b** _i_ [link](javascript:alert(2)) ![img](x.png) <a href="javascript:alert(3)">a</a> '
        '<https://evil.test/auto> <iframe src=//evil.test></iframe> | cell | `tick` '
        '&amp; &lt;p&gt; <!-- c -->')
JINJA = '[{{ 7*7 }}] {% raw %} {# c #} {## x ##} {{ config.site_name }} {%- if 1 %}y{% endif %}'
# Control and bidirectional characters that YAML lets through when escaped in double quotes.
# Python-Markdown reserves \x02/\x03 for its placeholders (it drops them), so they are not here.
CONTROL = "ctl[\x00\x07\x1b\x7f\x85\u200b\u202e\u2066]ltc"
COMMAND_TAIL = "\n```\n</code></pre><script>alert(4)</script>\n~~~\n{{ 7*7 }}"
LONG = 100_000


@functools.lru_cache(maxsize=None)
def real_text() -> str:
    """data/kb.yaml as text."""
    return REAL_KB.read_text(encoding="utf-8")


# libyaml when PyYAML has it: the corpus dumps and re-reads the 3,800-line file dozens of times.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.lru_cache(maxsize=None)
def _real_data() -> Any:
    return yaml.load(real_text(), Loader=_LOADER)


def real_data() -> Any:
    """data/kb.yaml as plain data (a fresh copy to change)."""
    return copy.deepcopy(_real_data())


def dump(data: Any) -> str:
    """YAML text for `data`; no line wrapping, so one value stays on one line."""
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=2**30)


def line_of(text: str, path: tuple) -> int:
    """1-based line of the node at `path` in `text` (of its key, for a mapping entry)."""
    node, line = yaml.compose(text, Loader=_LOADER), 1
    for step in path:
        if isinstance(node, yaml.MappingNode):
            key, node = next((k, v) for k, v in node.value if k.value == step)
            line = key.start_mark.line + 1
        else:
            node = node.value[step]
            line = node.start_mark.line + 1
    return line


@dataclass(frozen=True)
class Damaged:
    """A damaged file: its content, and the line its problem must be reported on."""

    content: str | bytes
    line: int | range | None  # a range when any line of the damaged block will do


@dataclass(frozen=True)
class Case:
    """One damaged knowledge base and the problem the validator must report for it."""

    name: str
    make: Callable[[], Damaged]
    field: str | None  # the message's field, exactly ("(file)" for the file itself); None: any
    rule: str | None  # None: any rule (the case only fixes the line)
    kind: str  # what is broken, for the report: type, missing, reference, duplicate, ...
    slow_risk: bool = False  # run in a subprocess with a time and memory limit
    known_bug: str | None = None  # a reported defect: the test is a strict xfail until it is fixed


def changed(path: tuple, change: Callable[[Any], Any], at: tuple | None = None) -> Callable[[], Damaged]:
    """A mutation of the data: `change(parent)` edits the mapping or list at `path`.

    The problem must be reported on the line of `at` (default: `path`).
    """
    def make() -> Damaged:
        data = real_data()
        parent = data
        for step in path:
            parent = parent[step]
        change(parent)
        text = dump(data)
        return Damaged(text, line_of(text, path if at is None else at))
    return make


def setter(key: Any, value: Any) -> Callable[[Any], None]:
    """A change that sets `parent[key] = value`."""
    def change(parent: Any) -> None:
        parent[key] = value
    return change


def deleter(key: Any) -> Callable[[Any], None]:
    """A change that deletes `parent[key]`."""
    def change(parent: Any) -> None:
        del parent[key]
    return change


def whole(transform: Callable[[Any], Any], line: int | None = None) -> Callable[[], Damaged]:
    """The whole document replaced by `transform(data)`."""
    return lambda: Damaged(dump(transform(real_data())), line)


def edited(edit: Callable[[list[str]], int]) -> Callable[[], Damaged]:
    """A text mutation of the real file: `edit(lines)` changes lines, returns the 0-based line broken."""
    def make() -> Damaged:
        lines = real_text().split("\n")
        at = edit(lines)
        return Damaged("\n".join(lines), at + 1)
    return make


def _first(lines: list[str], prefix: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


def _tab(lines: list[str]) -> int:
    at = _first(lines, "  explanation:")
    lines[at] = "\t" + lines[at].lstrip()
    return at


def _open_quote(lines: list[str]) -> int:
    at = _first(lines, '    en: "Choosing how')
    lines[at] = lines[at].rstrip('"')
    # The string then closes at the next line's first quote, and text follows it there: the
    # message names that line and says to check "this line and the one above".
    return at + 1


def _duplicate_key(lines: list[str]) -> int:
    at = _first(lines, "  summary:")  # article.summary, set a second time below article.title
    lines.insert(_first(lines, "  title:"), '  summary: {en: "again", ja: "もう一度"}')
    return at + 1  # the second `summary:` (the first moved down one line) is the duplicate


def _colon(lines: list[str]) -> int:
    at = lines.index("ranking:") + 1
    lines.insert(at, "  explanation: broken: value")
    return at


def _truncate(lines: list[str]) -> int:
    # Cut halfway through the file, inside a flow list: `sources: [sm-pre, sm-`.
    at = next(i for i, line in enumerate(lines) if "sources: [" in line and i > len(lines) // 2)
    lines[at] = lines[at][: lines[at].index("[") + 5]
    del lines[at + 1:]
    return at


def _bytes(content: Callable[[], bytes], line: int | None) -> Callable[[], Damaged]:
    return lambda: Damaged(content(), line)


def _latin1() -> Damaged:
    text = real_text()
    at = text.index("お客様")
    return Damaged(text[:at].encode("utf-8") + b"\xe9t\xe9" + text[at:].encode("utf-8"),
                   text[:at].count("\n") + 1)


def _raw_nul() -> Damaged:
    text = real_text()
    at = text.index("Session Manager")
    return Damaged(text[:at] + "\x00" + text[at:], text[:at].count("\n") + 1)


def _bomb(levels: int = 9) -> list[str]:
    """A billion-laughs alias chain: 9**levels strings once every alias is expanded."""
    out = ['&a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    out += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return out


def _bomb_top() -> Damaged:
    chain = _bomb()
    lines = real_text().rstrip("\n").split("\n")
    at = len(lines) + 1
    lines += ["bomb:"] + [f"  lol{i}: {value}" for i, value in enumerate(chain)]
    return Damaged("\n".join(lines) + "\n", range(at, at + len(chain) + 1))


def _bomb_in_tools() -> Damaged:
    # The same chain written inline, as the first method's tools: where the schema will walk it.
    def chain(level: int) -> str:
        if level == 0:
            return "&a0 [" + ", ".join(['"lol"'] * 9) + "]"
        return f"&a{level} [{chain(level - 1)}, " + ", ".join([f"*a{level - 1}"] * 8) + "]"

    lines = real_text().split("\n")
    at = _first(lines, "    tools:")
    lines[at] = "    tools: " + chain(8)
    while lines[at + 1].startswith("      "):  # the original items
        del lines[at + 1]
    return Damaged("\n".join(lines), at + 1)


def _recursive_alias() -> Damaged:
    lines = real_text().split("\n")
    at = _first(lines, "    tools:")
    lines[at] = "    tools: &loop [*loop]"
    # Drop the original items of the list.
    while lines[at + 1].startswith("      "):
        del lines[at + 1]
    return Damaged("\n".join(lines), at + 1)


def _duplicate(list_key: str, index: int, of: int, key: str = "id") -> Callable[[], Damaged]:
    def make() -> Damaged:
        data = real_data()
        data[list_key][index][key] = data[list_key][of][key]
        text = dump(data)
        return Damaged(text, line_of(text, (list_key, index, key)))
    return make


M0 = ("methods", 0)  # ssh-client
SM = "methods[ssh-client]"
CASES: list[Case] = [
    # Wrong types.
    Case("type-reach-string", changed(M0 + ("capabilities", "reach"), setter("value", "everywhere"),
                                      M0 + ("capabilities", "reach", "value")),
         f"{SM}.capabilities.reach.value", "schema-type", "type"),
    Case("type-max-session-text", changed(M0 + ("capabilities", "max_session"), setter("value", "one hour"),
                                          M0 + ("capabilities", "max_session", "value")),
         f"{SM}.capabilities.max_session.value", "schema-type", "type"),
    Case("type-name-not-mapping", changed(("methods", 1), setter("name", "PuTTY"), ("methods", 1, "name")),
         "methods[putty].name", "schema-type", "type"),
    Case("type-questions-mapping", changed((), setter("questions", {"os": "linux"}), ("questions",)),
         "questions", "schema-type", "type"),
    Case("type-verified-text", changed(("methods", 2), setter("verified", "yesterday"), ("methods", 2, "verified")),
         "methods[rdp-client].verified", "schema-date", "type"),
    Case("type-bool-as-text", changed(M0 + ("capabilities", "iam_controlled"), setter("value", "yes"),
                                      M0 + ("capabilities", "iam_controlled", "value")),
         f"{SM}.capabilities.iam_controlled.value", "schema-type", "type"),
    Case("type-url-number", changed(("sources", 0, "url"), setter("en", 42), ("sources", 0, "url", "en")),
         "sources[ec2-connect].url.en", "schema-type", "type"),
    Case("type-top-level-list", whole(lambda data: [data], 1), "(file)", "top-level-type", "type"),
    # Missing fields.
    Case("missing-summary", changed(("methods", 3), deleter("summary")),
         "methods[fleet-manager].summary", "schema-required", "missing"),
    Case("missing-capability", changed(M0 + ("capabilities",), deleter("agent")),
         f"{SM}.capabilities.agent", "schema-required", "missing"),
    Case("missing-source-verified", changed(("sources", 0), deleter("verified")),
         "sources[ec2-connect].verified", "schema-required", "missing"),
    Case("missing-ranking", whole(lambda data: {k: v for k, v in data.items() if k != "ranking"}, 1),
         "ranking", "schema-required", "missing"),
    Case("missing-answer-text", changed(("questions", 0, "answers", 0), deleter("text")),
         "questions[broken].answers[yes].text", "schema-required", "missing"),
    # Unknown references.
    Case("unknown-source", changed(M0, lambda m: m["sources"].append("no-such-source"),
                                   M0 + ("sources", -1)),
         f"{SM}.sources[{len(_real_data()['methods'][0]['sources']) + 1}]", "unknown-source", "reference"),
    Case("unknown-method-in-ranking", changed(("ranking", "order"), setter(0, "no-such-method"),
                                              ("ranking", "order", 0)),
         "ranking.order[1]", "unknown-method", "reference"),
    Case("unknown-instead", changed(M0 + ("avoid_when", 0), setter("instead", "no-such-method"),
                                    M0 + ("avoid_when", 0, "instead")),
         f"{SM}.avoid_when[1].instead", "unknown-method", "reference"),
    Case("unknown-scenario-answer", changed(("scenarios", 0, "answers"), setter("os", "solaris"),
                                            ("scenarios", 0, "answers", "os")),
         "scenarios[replace-bastion-linux].answers.os", "unknown-answer", "reference"),
    Case("unknown-capability", changed(("questions", 0, "answers", 0, "requires", 0),
                                       setter("capability", "teleport"),
                                       ("questions", 0, "answers", 0, "requires", 0, "capability")),
         "questions[broken].answers[yes].requires[1].capability", "unknown-capability", "reference"),
    Case("unknown-footnote-table", changed(M0 + ("footnotes", 0), setter("table", "no-such-table"),
                                           M0 + ("footnotes", 0, "table")),
         f"{SM}.footnotes[1].table", "schema-enum", "reference"),
    # Duplicates.
    Case("duplicate-method-id", _duplicate("methods", 1, 0), "methods[ssh-client].id", "duplicate-id",
         "duplicate"),
    Case("duplicate-source-id", _duplicate("sources", 1, 0), "sources[ec2-connect].id", "duplicate-id",
         "duplicate"),
    Case("duplicate-question-key", _duplicate("questions", 1, 0, "key"), "questions[broken].key",
         "duplicate-id", "duplicate"),
    Case("duplicate-yaml-key", edited(_duplicate_key), "article.summary", "yaml-duplicate-key",
         "duplicate"),
    # Empty translations.
    Case("empty-ja-name", changed(M0 + ("name",), setter("ja", ""), M0 + ("name", "ja")),
         f"{SM}.name.ja", "schema-empty", "empty"),
    Case("blank-en-summary", changed(M0 + ("summary",), setter("en", "   "), M0 + ("summary", "en")),
         f"{SM}.summary.en", "text-empty", "empty"),
    Case("missing-ja-description", changed(M0 + ("description",), deleter("ja")),
         f"{SM}.description.ja", "schema-required", "empty"),
    Case("null-ja-tool", changed(M0 + ("tools", 0), setter("ja", None), M0 + ("tools", 0, "ja")),
         f"{SM}.tools[1].ja", "schema-type", "empty"),
    # Malformed YAML and files.
    Case("yaml-tab", edited(_tab), "(file)", "yaml-syntax", "yaml"),
    Case("yaml-open-quote", edited(_open_quote), "(file)", "yaml-syntax", "yaml"),
    Case("yaml-colon", edited(_colon), "(file)", "yaml-syntax", "yaml"),
    Case("yaml-truncated", edited(_truncate), "(file)", "yaml-syntax", "yaml"),
    Case("file-latin1", _latin1, "(file)", "file-encoding", "yaml"),
    Case("file-empty", _bytes(lambda: b"# nothing here\n", None), "(file)", "file-empty", "yaml"),
    Case("yaml-raw-nul", _raw_nul, "(file)", "yaml-syntax", "control", slow_risk=True),
    # Aliases.
    # Any rule name will do for a bomb, as long as a line of the chain is named and it is quick.
    Case("alias-bomb-unknown-key", _bomb_top, None, None, "alias", slow_risk=True),
    Case("alias-bomb-in-tools", _bomb_in_tools, None, None, "alias", slow_risk=True),
    Case("alias-recursive", _recursive_alias, "(file)", "yaml-syntax", "alias"),
    # Hostile values where the schema allows no free text.
    Case("script-in-method-id", changed(M0, setter("id", '<script>alert(1)</script>'), M0 + ("id",)),
         "methods[<script>alert(1)</script>].id", "schema-pattern", "payload"),
    Case("long-method-id", changed(M0, setter("id", "x" * LONG), M0 + ("id",)), None, None, "long"),
    Case("javascript-source-url", changed(("sources", 0, "url"), setter("en", "javascript:alert(1)"),
                                          ("sources", 0, "url", "en")),
         "sources[ec2-connect].url.en", "source-url", "payload"),
    Case("jinja-in-answer-key", changed(("questions", 1, "answers", 0), setter("key", "{{ 7*7 }}"),
                                        ("questions", 1, "answers", 0, "key")),
         "questions[os].answers[{{ 7*7 }}].key", "schema-pattern", "payload"),
]


# ---- payloads that must build, escaped -------------------------------------------------------

def text_fields(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """Every {en, ja} text mapping of the data (source URLs excluded: they are addresses)."""
    if isinstance(data, dict):
        if set(data) == {"en", "ja"} and all(isinstance(v, str) for v in data.values()):
            if path[-1:] != ("url",):
                yield path, data
            return
        for key, value in data.items():
            yield from text_fields(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from text_fields(value, path + (index,))


def commands(data: Any) -> Iterator[dict]:
    """Every step mapping with a `command`."""
    for method in data["methods"]:
        yield from method["connect"]


def planted(payload: str, *, command_tail: str = COMMAND_TAIL) -> Callable[[], str]:
    """The real data with `payload` before every English and after every Japanese text, and after
    every command (plus a tail that tries to close the code block)."""
    def make() -> str:
        data = real_data()
        for path, text in text_fields(data):
            text["en"] = f"{payload} {text['en']}"
            text["ja"] = f"{text['ja']} {payload}"
        for step in commands(data):
            step["command"] = f"{step['command']} {payload}{command_tail}"
        return dump(data)
    return make


def _long() -> str:
    # Where a text is shown once or a few times: a name or an exclusion reason is repeated on
    # every path of /decide/'s outline (a 100,000-character name made /ja/decide/ 73 MB and the
    # build 172 s), which measures the outline, not the escaping.
    data = real_data()
    method = data["methods"][4]  # session-manager
    for key in ("description", "protocol"):
        method[key]["en"] += " " + ("long " * (LONG // 5))[:LONG]
        method[key]["ja"] += ("長い" * (LONG // 2))[:LONG]  # no space between Japanese characters
    method["connect"][0]["command"] += " " + "x" * LONG
    method["limitations"][0]["text"]["en"] += " " + "l" * LONG
    data["questions"][2]["help"]["en"] += " " + "h" * LONG  # only in /decide/'s widget data
    return dump(data)


@dataclass(frozen=True)
class BuildCase:
    """A hostile knowledge base that is valid data and must build with the payload escaped."""

    name: str
    make: Callable[[], str]
    literal: tuple[str, ...]  # strings that must appear as page text, exactly
    evaluated: tuple[str, ...] = field(default=())  # what would show if a payload were executed


BUILD_CASES: list[BuildCase] = [
    BuildCase("html-markdown-everywhere", planted(HTML), literal=(HTML,)),
    BuildCase("jinja-and-control-everywhere", planted(f"{JINJA} {CONTROL}"),
              literal=(JINJA, CONTROL), evaluated=("[49]",)),
    BuildCase("long-strings", _long, literal=(("long " * (LONG // 5))[:LONG].strip(),
                                              "長い" * (LONG // 2), "x" * LONG, "l" * LONG)),
]
