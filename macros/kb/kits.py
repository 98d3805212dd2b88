"""Set-up kits: files beside the knowledge base that a manifest per method names and explains.

    data/kits/<method id>/kit.yaml      the manifest: one entry per file (see KitFile)
    data/kits/<method id>/<file>        IAM policies (JSON), CloudFormation templates (YAML),
                                        ~/.ssh/config blocks and AWS CLI commands

A manifest entry may name a file of another kit (`../session-manager/template.yaml`), so one file
serves two methods; every file is served once, at /kits/<path under data/kits>.

`kit_problems(kb_path, kb, problems)` is called by macros.kb.load.check_kb: it loads the kits beside the
knowledge base, adds their problems in the validator's grammar, and returns `kb` with the kits in
its `kits` field, where renderers find them with `kits_of(kb)`. The linters of each field (cfn-lint, parliament) run
in tests/test_kits.py, not here: the build needs nothing beyond PyYAML. No MkDocs import.
"""

from __future__ import annotations

import dataclasses
import json
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .document import Document, describe, display_path
from .loader import load_document
from .model import LANGS, KnowledgeBase, Text
from .problems import Problem
from macros.kb.rules import descriptions

KITS_DIR = "kits"  # beside the knowledge base file: data/kb.yaml -> data/kits/
MANIFEST = "kit.yaml"
# Kind -> the language of the page's code block for a file of that kind.
KINDS: dict[str, str] = {
    "iam-policy": "json",
    "cloudformation": "yaml",
    "ssh-config": "ssh-config",
    "cli": "bash",
}
ENTRY_KEYS = ("file", "kind", "title", "adapt", "sources")
# Rule name -> what it means; tests/test_kits.py has a failing fixture for each.
RULES = descriptions("kits")  # this layer's rules, from the registry (macros/kb/rules.py)


@dataclass(frozen=True, slots=True)
class KitFile:
    """One downloadable file of a kit, as its manifest describes it."""

    path: str  # under the kits folder, with '/': "session-manager/private-subnet-endpoints.yaml"
    kind: str  # one of KINDS
    title: Text
    adapt: tuple[Text, ...]  # one line per part a reader must adapt
    sources: tuple[str, ...]  # ids of data/kb.yaml sources
    text: str  # the file's content, shown on the page and served as is
    source_file: str  # where it is on disk, for the build to copy

    @property
    def name(self) -> str:
        """The file name readers download: "connect-policy.json"."""
        return posixpath.basename(self.path)

    @property
    def url(self) -> str:
        """Path of the file on the site, relative to the site root: "kits/<path>"."""
        return f"{KITS_DIR}/{self.path}"

    @property
    def code_language(self) -> str:
        """The language of the page's code block."""
        return KINDS[self.kind]


@dataclass(frozen=True, slots=True)
class Kit:
    """The set-up files of one method, in manifest order."""

    method: str
    files: tuple[KitFile, ...]


@dataclass(frozen=True, slots=True)
class Kits:
    """Every kit beside one knowledge base."""

    kits: tuple[Kit, ...] = ()

    def kit(self, method_id: str) -> Kit | None:
        """The kit of `method_id`, or None when the method has none."""
        return next((k for k in self.kits if k.method == method_id), None)

    def files(self) -> tuple[KitFile, ...]:
        """Every file once (a file two kits share is served once), in kit order."""
        seen: dict[str, KitFile] = {}
        for kit in self.kits:
            for item in kit.files:
                seen.setdefault(item.path, item)
        return tuple(seen.values())

    def cited_sources(self) -> set[str]:
        """Every source id a kit file cites."""
        return {s for kit in self.kits for item in kit.files for s in item.sources}


NO_KITS = Kits()


def attach(kb: KnowledgeBase, kits: Kits) -> KnowledgeBase:
    """A copy of `kb` whose `kits_of` is `kits` (tests attach fixture kits to fixture bases)."""
    return dataclasses.replace(kb, kits=kits)


def kits_of(kb: KnowledgeBase) -> Kits:
    """The kits loaded beside `kb`; no kits for a knowledge base built without its file."""
    return kb.kits if isinstance(kb.kits, Kits) else NO_KITS


def kit_problems(kb_path: str | os.PathLike[str], kb: KnowledgeBase,
                 problems: list[Problem]) -> tuple[KnowledgeBase, list[Problem]]:
    """`kb` with the kits beside `kb_path` attached, and `problems` plus the kits' own.

    A source only kits cite is in use: its source-unused warning is dropped.
    """
    kits, found = load_kits(Path(kb_path).parent / KITS_DIR, kb)
    cited = kits.cited_sources()
    kept = [p for p in problems if not (p.rule == "source-unused" and p.item in cited)]
    return attach(kb, kits), kept + found


def load_kits(kits_dir: Path, kb: KnowledgeBase) -> tuple[Kits, list[Problem]]:
    """Read every kits_dir/<method id>/kit.yaml; never raises for bad data."""
    problems: list[Problem] = []
    if not kits_dir.is_dir():
        return NO_KITS, problems
    method_ids = {m.id for m in kb.methods}
    source_ids = {s.id for s in kb.sources}
    kits = []
    for folder in sorted(p for p in kits_dir.iterdir() if p.is_dir()):
        manifest = folder / MANIFEST
        if folder.name not in method_ids:
            problems.append(_file_problem(
                folder, "kit-method-unknown",
                f"must be named after a method id; {folder.name!r} is not one",
                "rename the folder to the id of its method in data/kb.yaml (methods[].id)"))
            continue
        if not manifest.is_file():
            problems.append(_file_problem(
                manifest, "kit-manifest-missing", "must exist in every kit folder",
                f"write {MANIFEST} naming the folder's files, or delete the folder"))
            continue
        doc = load_document(manifest)
        problems += doc.problems
        if doc.data is None:
            continue
        files = list(_entries(doc, kits_dir, folder, source_ids, problems))
        if files:
            kits.append(Kit(method=folder.name, files=tuple(files)))
    return Kits(tuple(kits)), problems


def _file_problem(path: Path, rule: str, message: str, fix: str) -> Problem:
    return Problem(file=display_path(path), line=None, item=None, field="(file)", rule=rule,
                   message=message, fix=fix)


def _entries(doc: Document, kits_dir: Path, folder: Path, source_ids: set[str],
             problems: list[Problem]) -> Iterator[KitFile]:
    """The valid entries of one manifest; each invalid one adds its problems instead."""
    data = doc.data
    entries = data.get("files") if isinstance(data, dict) else None
    if not isinstance(data, dict) or set(data) != {"files"} or not isinstance(entries, list):
        problems.append(doc.problem((), "kit-shape",
                                    f"must be a mapping with one key, files (a list); got "
                                    f"{describe(data)}" + _keys(data),
                                    "start the manifest with `files:` and list one entry per file"))
        return
    if not entries:
        problems.append(doc.problem(("files",), "kit-empty", "must name at least one file",
                                    "list the kit's files, or delete the kit folder"))
    for index, raw in enumerate(entries):
        item = _entry(doc, ("files", index), raw, kits_dir, folder, source_ids, problems)
        if item is not None:
            yield item


def _keys(data: Any) -> str:
    return f" with keys {', '.join(sorted(map(str, data)))}" if isinstance(data, dict) else ""


def _entry(doc: Document, at: tuple, raw: Any, kits_dir: Path, folder: Path,
           source_ids: set[str], problems: list[Problem]) -> KitFile | None:
    before = len(problems)
    if not isinstance(raw, dict) or set(raw) != set(ENTRY_KEYS):
        keys = set(raw) if isinstance(raw, dict) else set()
        missing, extra = sorted(set(ENTRY_KEYS) - keys), sorted(keys - set(ENTRY_KEYS))
        detail = (f"; missing {', '.join(missing)}" if missing else "") + \
                 (f"; unknown {', '.join(extra)}" if extra else "")
        problems.append(doc.problem(at, "kit-shape",
                                    f"must have exactly the keys {', '.join(ENTRY_KEYS)}"
                                    + (detail or f"; got {describe(raw)}"),
                                    "copy the shape of an entry in another kit's kit.yaml"))
        return None
    path = _file(doc, at, raw["file"], kits_dir, folder, problems)
    if raw["kind"] not in KINDS:
        problems.append(doc.problem(at + ("kind",), "kit-kind-unknown",
                                    f"must be one of {', '.join(KINDS)}; got {describe(raw['kind'])}",
                                    "choose the kind that matches the file"))
    title = _text(doc, at + ("title",), raw["title"], problems)
    adapt = raw["adapt"]
    if not isinstance(adapt, list):
        problems.append(doc.problem(at + ("adapt",), "kit-shape",
                                    f"must be a list of {{en, ja}} lines; got {describe(adapt)}",
                                    "write one `- en: ... / ja: ...` item per part to adapt"))
        adapt = []
    lines = [_text(doc, at + ("adapt", i), line, problems) for i, line in enumerate(adapt)]
    sources = raw["sources"]
    if not isinstance(sources, list) or not sources:
        problems.append(doc.problem(at + ("sources",), "kit-shape",
                                    f"must be a non-empty list of source ids; got {describe(sources)}",
                                    "cite the AWS pages the file relies on, e.g. [eice-perm]"))
        sources = []
    for i, source in enumerate(sources):
        if source not in source_ids:
            problems.append(doc.problem(at + ("sources", i), "kit-source-unknown",
                                        f"must be a source id of data/kb.yaml; got {describe(source)}",
                                        "add the page to `sources:` in data/kb.yaml, or fix the id"))
    if path is not None and raw["kind"] == "iam-policy":
        problems += _policy_problems(path)
    if len(problems) > before or path is None:
        return None
    return KitFile(path=path.relative_to(kits_dir.resolve()).as_posix(), kind=raw["kind"],
                   title=title, adapt=tuple(lines), sources=tuple(sources),
                   text=path.read_text(encoding="utf-8"), source_file=str(path))


def _file(doc: Document, at: tuple, name: Any, kits_dir: Path, folder: Path,
          problems: list[Problem]) -> Path | None:
    """The entry's file, resolved and checked to be a UTF-8 file under kits_dir."""
    if not isinstance(name, str) or not name.strip():
        problems.append(doc.problem(at + ("file",), "kit-shape",
                                    f"must be a file name; got {describe(name)}",
                                    "name a file in the kit folder, e.g. connect-policy.json"))
        return None
    path = (folder / name).resolve()
    root = kits_dir.resolve()
    if root not in path.parents or not path.is_file():
        where = "outside the kits folder" if root not in path.parents else "no such file"
        problems.append(doc.problem(at + ("file",), "kit-file-missing",
                                    f"must name a file under {display_path(kits_dir)}/; "
                                    f"{name!r}: {where}",
                                    f"create {display_path(folder / name)} or fix the name"))
        return None
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(doc.problem(at + ("file",), "kit-file-missing",
                                    f"must name a UTF-8 text file; {name!r} is not UTF-8",
                                    "save the file as UTF-8"))
        return None
    return path


def _text(doc: Document, at: tuple, raw: Any, problems: list[Problem]) -> Text:
    """A one-line {en, ja} text; reports each missing, empty or multi-line language."""
    if not isinstance(raw, dict) or set(raw) - set(LANGS):
        problems.append(doc.problem(at, "kit-text-missing",
                                    f"must be a mapping of {' and '.join(LANGS)}; got {describe(raw)}"
                                    + _keys(raw), "write `en: ...` and `ja: ...`"))
        return Text(en="", ja="")
    for lang in LANGS:
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            problems.append(doc.problem(at + (lang,), "kit-text-missing",
                                        f"must be non-empty text in {lang}; got {describe(value)}",
                                        f"write the {'English' if lang == 'en' else 'Japanese'} text"))
        elif "\n" in value.strip():
            problems.append(doc.problem(at + (lang,), "kit-text-missing",
                                        "must be one line", "shorten it to one sentence or two"))
    return Text(en=str(raw.get("en", "")), ja=str(raw.get("ja", "")))


def _policy_problems(path: Path) -> list[Problem]:
    """An IAM policy file: JSON, Version 2012-10-17, and a Sid on every statement.

    JSON is YAML, so the YAML loader gives the line of every statement.
    """
    text = path.read_text(encoding="utf-8")
    file = display_path(path)
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return [Problem(file=file, line=exc.lineno, item=None, field="(file)",
                        rule="kit-policy-shape", message=f"must be valid JSON; {exc.msg}",
                        fix="check the commas, brackets and quotes on this line and above")]
    doc = load_document(path)
    data = doc.data
    if doc.problems or not isinstance(data, dict):
        return doc.problems or [doc.problem((), "kit-policy-shape", "must be a JSON object",
                                            "start the policy with {\"Version\": ...}")]
    found = []
    if data.get("Version") != "2012-10-17":
        found.append(doc.problem(("Version",), "kit-policy-shape",
                                 f"must be \"2012-10-17\"; got {describe(data.get('Version'))}",
                                 "set \"Version\": \"2012-10-17\""))
    statements = data.get("Statement")
    if not isinstance(statements, list) or not statements:
        return found + [doc.problem(("Statement",), "kit-policy-shape",
                                    "must be a non-empty list of statements",
                                    "write \"Statement\": [{...}]")]
    for index, statement in enumerate(statements):
        sid = statement.get("Sid") if isinstance(statement, dict) else None
        if not isinstance(sid, str) or not sid.strip():
            found.append(doc.problem(("Statement", index), "kit-policy-shape",
                                     "must have a Sid that says what the statement allows",
                                     "add \"Sid\": \"<WhatItAllows>\" (letters and digits)"))
    return found
