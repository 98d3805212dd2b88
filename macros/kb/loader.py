"""Read a YAML data file with the line of every key and item; bad input becomes Problems."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .document import WHOLE_FILE, Document, JsonPath, describe, display_path
from .problems import Problem
from macros.kb.rules import descriptions

# Rule name -> what it means; every rule has a failing fixture in tests/fixtures/invalid/ or,
# when no file can show it (a missing file, a directory), a test of its own.
RULES = descriptions("file")  # this layer's rules, from the registry (macros/kb/rules.py)
_START_OVER = "restore it from git, or start from tests/fixtures/valid/minimal.yaml"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# The real file has about 30,000 nodes. Aliases can make a small file expand to billions (the
# "billion laughs" attack), which the schema would then walk: stop counting well before that.
MAX_NODES = 500_000


class _LineRecorder:
    """Records the 1-based line of every key and item, and duplicate keys, on a PyYAML loader."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.lines: dict[JsonPath, int] = {}
        self.raw_bools: dict[JsonPath, str] = {}  # path -> text YAML 1.1 read as a boolean
        self.duplicates: list[tuple[JsonPath, int, int]] = []  # (path, line, first line)
        self.walked = 0  # nodes visited by record(), aliases counted once per use

    def record(self, node: Node, path: JsonPath = (), stack: frozenset[int] = frozenset()) -> None:
        """Walk the composed node tree once, before construction, noting lines and duplicates."""
        if id(node) in stack:  # a recursive alias (&a [*a]) would never end
            raise yaml.MarkedYAMLError(problem="found an alias that contains itself",
                                       problem_mark=node.start_mark)
        stack = stack | {id(node)}
        self.walked += 1
        if self.walked > MAX_NODES:
            raise yaml.MarkedYAMLError(problem=f"found aliases that expand to more than "
                                       f"{MAX_NODES:,} values", problem_mark=node.start_mark)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:  # `<<: *base` adds keys; they live elsewhere
                    continue
                key, line = key_text(key_node), key_node.start_mark.line + 1
                if key in seen:
                    self.duplicates.append((path + (key,), line, seen[key]))
                seen[key] = self.lines[path + (key,)] = line  # the last one wins, as in PyYAML
                self.record(value_node, path + (key,), stack)
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                self.lines[path + (index,)] = item.start_mark.line + 1
                self.record(item, path + (index,), stack)
        elif node.tag == _BOOL_TAG and not node.style:  # plain: None in PyYAML, '' in libyaml
            self.raw_bools[path] = node.value

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[str, Any]:
        """Build a mapping whose keys are always the text written (`yes:` is 'yes', not True)."""
        self.flatten_mapping(node)
        return {key_text(k): self.construct_object(v, deep=deep) for k, v in node.value}

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        """Keep an impossible date such as 2026-13-01 as text so the schema reports it."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return node.value


class LineLoader(_LineRecorder, yaml.SafeLoader):
    """The pure-Python SafeLoader with lines: its error messages are the ones translated below."""


LineLoader.add_constructor("tag:yaml.org,2002:timestamp", LineLoader.construct_yaml_timestamp)

# libyaml composes the node tree about ten times faster, with the same lines on every node. It
# words errors differently and counts byte offsets, so any error is reported by LineLoader instead.
FastLineLoader: type | None = None
if getattr(yaml, "CSafeLoader", None) is not None:
    class FastLineLoader(_LineRecorder, yaml.CSafeLoader):  # type: ignore[no-redef]
        """LineLoader on libyaml's parser: the same data, lines and duplicates, only faster."""

    FastLineLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                   FastLineLoader.construct_yaml_timestamp)


def key_text(node: Node) -> str:
    """The text of a mapping key as written; keys are names, never booleans or numbers."""
    return node.value if isinstance(node, ScalarNode) else f"<{node.id} key>"


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read and parse `path`; never raises for bad input, reports it in `Document.problems`."""
    doc = Document(file=display_path(path))
    text = _read(path, doc)
    loader = None if text is None else _parse(text, doc)
    if loader is None:
        return doc
    if doc.data is None:  # no document, `---` alone, or `~`
        _fail(doc, "file-empty", "must not be empty", _START_OVER)
    elif not isinstance(doc.data, dict):
        _fail(doc, "top-level-type", "must be a mapping of article, ranking, questions, "
              f"scenarios, sources and methods; got {describe(doc.data)}", _START_OVER,
              line=doc.lines.get(()))
    for dup_path, line, first in loader.duplicates if doc.data is not None else ():
        doc.problems.append(doc.problem(
            dup_path, "yaml-duplicate-key",
            f"must appear once; {dup_path[-1]!r} is already set on line {first}",
            f"keep one {dup_path[-1]}; YAML would silently use the last one", line=line))
    return doc


def _fail(doc: Document, rule: str, message: str, fix: str, line: int | None = None) -> None:
    # A problem with the file as a whole: nothing in it can be checked further.
    doc.data = None
    doc.problems.append(Problem(file=doc.file, line=line, item=None, field=WHOLE_FILE,
                                rule=rule, message=message, fix=fix))


def _read(path: str | os.PathLike[str], doc: Document) -> str | None:
    # The file's text, or None after reporting why it cannot be read.
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return _fail(doc, "file-missing", "must exist; no such file",
                     "check the path (the knowledge base is data/kb.yaml)")
    except OSError as exc:
        return _fail(doc, "file-unreadable", f"must be a readable file; {exc.strerror}",
                     "check the path and the file's permissions")
    try:
        return raw.decode("utf-8-sig")  # a byte order mark is harmless: drop it
    except UnicodeDecodeError as exc:
        return _fail(doc, "file-encoding", f"must be UTF-8 text; got byte "
                     f"0x{raw[exc.start]:02x}, which is not UTF-8", "save the file as UTF-8",
                     line=raw[:exc.start].count(b"\n") + 1)


def _parse(text: str, doc: Document) -> _LineRecorder | None:
    # Fills doc.data, doc.lines and doc.raw_bools; None after reporting a syntax error.
    if FastLineLoader is not None:
        loader = _parse_fast(text, doc)
        if loader is not None:
            return loader
    try:
        loader = LineLoader(text)  # the reader rejects characters YAML forbids, such as NUL
    except yaml.YAMLError as exc:
        return _reader_error(doc, exc, text)
    try:
        node = loader.get_single_node()
        if node is not None:
            loader.record(node)
            doc.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        return _fail(doc, "yaml-syntax", *_syntax(exc))
    except yaml.YAMLError as exc:  # errors without a position (e.g. a bad stream)
        return _fail(doc, "yaml-syntax", f"must be valid YAML; {exc}",
                     "check the indentation and the quotes")
    finally:
        loader.dispose()
    doc.lines, doc.raw_bools = loader.lines, loader.raw_bools
    return loader


def _parse_fast(text: str, doc: Document) -> _LineRecorder | None:
    # The libyaml path; None when it meets any error, which LineLoader then parses and words.
    loader = FastLineLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            loader.record(node)
            doc.data = loader.construct_document(node)
    except Exception:  # noqa: BLE001 - whatever went wrong, the slow path reports it exactly
        doc.data = None
        return None
    finally:
        loader.dispose()
    doc.lines, doc.raw_bools = loader.lines, loader.raw_bools
    return loader


def _reader_error(doc: Document, exc: yaml.YAMLError, text: str) -> None:
    # PyYAML's ReaderError names the character and its offset, not a line: count the lines.
    position, character = getattr(exc, "position", None), getattr(exc, "character", None)
    line = text[:position].count("\n") + 1 if isinstance(position, int) else None
    if isinstance(character, str) and len(character) == 1:
        character = ord(character)
    code = f"U+{character:04X}" if isinstance(character, int) else "a character YAML forbids"
    return _fail(doc, "yaml-syntax", f"must not contain the control character {code}",
                 "delete it: it is invisible in most editors, so retype the line", line)


def _syntax(exc: yaml.MarkedYAMLError) -> tuple[str, str, int | None]:
    # PyYAML's wording is parser jargon: translate the usual mistakes, keep the rest verbatim.
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    if "aliases that expand" in problem:
        return (f"must not nest {problem.removeprefix('found ')}",
                "write the values out instead of nesting aliases (&name / *name)", line)
    if "'\\t'" in problem:
        return ("must be indented with spaces; found a tab", "replace the tab with spaces", line)
    if "quoted scalar" in context and exc.context_mark:
        return ("must close the quote that starts on this line",
                'end the text with the same quote mark; inside "...", write \\" for a quote',
                exc.context_mark.line + 1)
    if "found '<scalar>'" in problem and _near_quote(mark):  # `'it's'`, or a quote left open
        return ("must be valid YAML; more text follows a closing quote",
                "check the quotes on this line and the one above: inside \"...\" write \\\" "
                "for a quote, inside '...' write ''", line)
    if "mapping values are not allowed" in problem and _line(mark).count(": ") > 1:
        return ("must quote text that contains ': '",
                'wrap the whole value in double quotes', line)
    where = f" ({context}, line {exc.context_mark.line + 1})" if context and exc.context_mark \
        else (f" ({context})" if context else "")
    return (f"must be valid YAML; {problem}{where}",
            "check the indentation and the quotes on this line and the lines above it", line)


def _line(mark: Any, offset: int = 0) -> str:
    lines = (getattr(mark, "buffer", None) or "").split("\n")
    index = mark.line + offset if mark else -1
    return lines[index] if 0 <= index < len(lines) else ""


def _near_quote(mark: Any) -> bool:
    # True when this line or the one above has a quote: the scalar then follows a closed quote.
    return any(q in _line(mark, offset) for offset in (-1, 0) for q in "'\"")
