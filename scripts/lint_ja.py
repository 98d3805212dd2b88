"""Check every Japanese string of the site with textlint; report problems at their source line.

    .venv/bin/python -m scripts.lint_ja              everything (`make lint-ja`)
    .venv/bin/python -m scripts.lint_ja PATH ...     only these files (.yaml, .md)
    .venv/bin/python -m scripts.lint_ja --counts     the number of problems per rule
    .venv/bin/python -m scripts.lint_ja --pages [SITE]   also the visible text of every built /ja/
                                                     page (SITE: a built site; default: build one)

The strings: every `ja:` value of data/kb.yaml and of data/kits/**/kit.yaml, the Japanese UI
strings (data/ui.yaml, or any YAML file of the same `key: {en, ja}` shape), and the hand-written
text of docs/ja/ (front matter and body). Each string is written to a file of its own and the
whole lot is checked by one textlint run per configuration (.textlintrc.yml; prh dictionary
data/prh.yml). Labels (titles, names, table cells, answer texts,
tool names, UI fragments) are checked with the same rules except LABEL_RULES_OFF (CONTRACT.md 9.3: no
sentence-final 。 on labels). Every problem is printed in the validator's grammar:

    data/kb.yaml:1234: methods[session-manager].limitations[2].text.ja: <message> [textlint:<rule>] (fix: ...)

The exit status is 0 when there is no problem, 1 when there are problems, 2 when textlint cannot run.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import fnmatch
import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from macros.kb.document import display_path  # noqa: E402
from macros.kb.loader import load_document  # noqa: E402
from macros.kb.problems import Problem  # noqa: E402

CONFIG = ".textlintrc.yml"
TEXTLINT = Path("node_modules", ".bin", "textlint")
CACHE_DIR = Path(".cache", "lint-ja")  # git-ignored; textlint skips anything in node_modules/
INSTALL_HINT = "run `make install` (it runs `npm ci`; Node.js 20.18 or newer and npm are needed)"

# What is checked when no path is given, relative to the project. UI_FILES are UI strings: their
# labels are told apart by shape (see is_ui_label), not by field name. A YAML file of UI strings
# with the knowledge base's {en, ja} shape is read like any data file: list it here.
DATA_FILES = ("data/kb.yaml", "data/kits/**/kit.yaml")
UI_FILES = ("data/ui.yaml", "data/ui/**/*.yaml")
DOC_FILES = ("docs/ja/**/*.md",)

# Rules of the preset switched off for labels (CONTRACT.md 9.3), and where labels are in the data: fields
# matched against the field path with every list index written [] (methods[].name.ja).
LABEL_RULES_OFF = ("ja-no-mixed-period",)
DATA_LABEL_FIELDS = (
    "*.title.ja",  # page, source, step and scenario titles
    "*.name.ja",  # method names
    "*.label.ja",  # ranking criteria, shown as a list of labels
    "*.protocol.ja",  # a table cell of /compare/
    "*.tools[].ja",  # tool names, a table cell of /compare/
    "questions[].answers[].text.ja",  # answer texts: buttons and table cells
    "methods[].path.legs[].carries.ja",  # a label on a diagram's arrow
    "methods[].path.legs[].via.ja",  # a label under a diagram's arrow
)
# Hand-written pages: the title is a label; the description and the body are sentences.
DOC_LABEL_FIELDS = ("title",)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S*$")  # sources[].url.ja: not text
_PLACEHOLDER_END = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}\s*$")

# How to fix what each rule reports (rule ids without the preset's prefix). prh problems name the
# term to write; rules without an entry fall back to textlint's own fix or its 修正 line.
FIX_HINTS = {
    "sentence-length": "split the sentence: at most 100 characters, one idea per sentence "
                       "(ja-style.md, Voice)",
    "max-ten": "use at most 3 、 in a sentence: split it",
    "max-comma": "use at most 3 commas in a sentence: split it",
    "max-kanji-continuous-len": "break up the run of kanji (add の or rephrase)",
    "no-mix-dearu-desumasu": "write です・ます throughout",
    "ja-no-mixed-period": "end the sentence with 。 (labels need none: add the field to "
                          "DATA_LABEL_FIELDS in scripts/lint_ja.py if this is a label)",
    "arabic-kanji-numbers": "write counted numbers in Arabic numerals (「1 時間」), idioms in kanji",
    "no-doubled-conjunction": "drop or vary the repeated conjunction",
    "no-doubled-conjunctive-particle-ga": "use the contrastive が once per sentence: split it",
    "no-double-negative-ja": "say it positively",
    "no-doubled-joshi": "reword so the particle does not repeat in the sentence, or split it",
    "no-dropping-the-ra": "use the ら form (見られる, 来られる)",
    "no-exclamation-question-mark": "end a question with the full-width ？; no !, ！ or ?",
    "no-hankaku-kana": "use full-width katakana",
    "ja-no-weak-phrase": "state it plainly; where AWS does not document it, say so with the date",
    "ja-no-successive-word": "delete the repeated word",
    "ja-unnatural-alphabet": "delete the stray Latin letter (an input-method slip)",
    "no-unmatched-pair": "close the bracket or quote",
    "no-nfd": "retype the character (it is in decomposed form)",
    "no-invalid-control-character": "delete the invisible control character",
    "no-zero-width-spaces": "delete the zero-width space",
    "ja-space-between-half-and-full-width": "put a half-width space between Japanese and Latin "
                                            "letters or digits (「EC2 インスタンス」)",
}


@dataclass(frozen=True)
class Text:
    """One Japanese string and where it is: file, 1-based line of its value, field, label or not."""

    file: str
    line: int
    field: str
    text: str
    label: bool = False
    end_line: int | None = None  # last source line the value may span (finer locations)
    item: str | None = None


class ExtractError(Exception):
    """A source file cannot be read; carries its located problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


# ---- Extraction ------------------------------------------------------------------------------

def _shape(field: str) -> str:
    # methods[session-manager].tools[0].ja -> methods[].tools[].ja
    return re.sub(r"\[[^\]]*\]", "[]", field)


def _matches(text: str, pattern: str) -> bool:
    # `*` stands for anything; every other character, `[` and `]` included, is itself.
    return re.fullmatch(".*".join(map(re.escape, pattern.split("*"))), text) is not None


def is_data_label(field: str) -> bool:
    """True when a data field holds a label (title, name, table cell, answer text)."""
    return any(_matches(_shape(field), pattern) for pattern in DATA_LABEL_FIELDS)


def is_ui_label(text: str) -> bool:
    """True for a UI fragment: no 。 at all (labels, headings, cells), or a template whose end is
    filled in (`…。{contrast}`): its last sentence is finished by what is substituted."""
    return "。" not in text or bool(_PLACEHOLDER_END.search(text))


def yaml_texts(path: str | Path, *, ui: bool | None = None) -> list[Text]:
    """Every `ja:` text of a YAML data or UI file, with the line of its value. `ui` None: a file
    whose every key holds {en, ja} (the shape of data/ui.yaml) is a UI file."""
    doc = load_document(path)
    if doc.data is None or doc.problems:
        raise ExtractError(doc.problems)
    if ui is None:
        ui = is_ui_shaped(doc.data)
    ends = sorted(set(doc.lines.values()))
    last_line = Path(path).read_text(encoding="utf-8").count("\n") + 1
    texts = []
    for json_path, value in _ja_values(doc.data, ()):
        if _URL.match(value.strip()):
            continue
        line = doc.locate(json_path) or 1
        field = doc.field(json_path)
        later = [n for n in ends if n > line]
        label = is_ui_label(value) if ui else is_data_label(field)
        texts.append(Text(doc.file, line, field, value, label,
                          end_line=later[0] - 1 if later else last_line,
                          item=doc.item(json_path)))
    return texts


def is_ui_shaped(data: Any) -> bool:
    """True for a mapping of keys to {en, ja} pairs, the shape of data/ui.yaml."""
    return isinstance(data, dict) and bool(data) and all(
        isinstance(v, dict) and set(v) == {"en", "ja"} for v in data.values())


def _ja_values(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "ja" and isinstance(child, str):
                yield path + (key,), child
            else:
                yield from _ja_values(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _ja_values(child, path + (index,))


def markdown_texts(path: str | Path) -> list[Text]:
    """A hand-written page: front matter title and description, and each body paragraph that is
    text (not a `{{ macro() }}` call, an HTML comment or a code block)."""
    file = display_path(path)
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    texts: list[Text] = []
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            texts += _front_matter(file, lines[1:end])
            start = end + 1
    paragraph: list[tuple[int, str]] = []
    fenced = False
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            texts += _paragraph(file, paragraph)
            paragraph = []
            continue
        if fenced or not line.strip() or line.lstrip().startswith(("{{", "{%", "<!--")):
            texts += _paragraph(file, paragraph)
            paragraph = []
            continue
        paragraph.append((number, line))
    return texts + _paragraph(file, paragraph)


def _front_matter(file: str, lines: list[str]) -> list[Text]:
    # Top-level `key: value` lines of the front matter (title, description) with their lines.
    texts = []
    for number, line in enumerate(lines, start=2):
        match = re.match(r"^(title|description):\s*(.+)$", line)
        if match:
            value = yaml.safe_load(match.group(2))
            if isinstance(value, str) and value.strip():
                texts.append(Text(file, number, match.group(1), value,
                                  match.group(1) in DOC_LABEL_FIELDS, end_line=number))
    return texts


def _paragraph(file: str, paragraph: list[tuple[int, str]]) -> list[Text]:
    if not paragraph:
        return []
    return [Text(file, paragraph[0][0], "body", "\n".join(line for _, line in paragraph),
                 end_line=paragraph[-1][0])]


def default_paths(root: Path = PROJECT_DIR) -> list[Path]:
    """Every file checked when none is named, in a stable order."""
    paths: list[Path] = []
    for pattern in DATA_FILES + UI_FILES + DOC_FILES:
        paths += sorted(p for p in root.glob(pattern) if p.is_file())
    return paths


def extract(paths: Iterable[str | Path], root: Path = PROJECT_DIR) -> list[Text]:
    """The Japanese strings of `paths`, chosen by kind: .md page, .yaml data or UI strings."""
    texts: list[Text] = []
    for path in paths:
        path = Path(path)
        if path.suffix == ".md":
            texts += markdown_texts(path)
        else:
            texts += yaml_texts(path, ui=True if _is_ui_yaml(path, root) else None)
    return texts


def _is_ui_yaml(path: Path, root: Path) -> bool:
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return False
    return any(fnmatch.fnmatchcase(relative, p.replace("**/", "*")) for p in UI_FILES)


# ---- textlint ----------------------------------------------------------------------------------

def textlint_command(root: Path = PROJECT_DIR) -> list[str] | None:
    """The textlint executable installed by `npm ci`, or None when it is not installed."""
    binary = root / TEXTLINT
    node = shutil.which("node")
    if not binary.exists() or node is None:
        return None
    return [str(binary)]


def label_config(root: Path, directory: Path) -> Path:
    """The configuration for labels: .textlintrc.yml with LABEL_RULES_OFF switched off.

    Written as JSON into `directory` (rewritten only when it changes, so textlint's cache stays
    valid); relative dictionary paths are made absolute."""
    config = yaml.safe_load((root / CONFIG).read_text(encoding="utf-8"))
    rules = config.setdefault("rules", {})
    preset = rules.get("preset-ja-technical-writing")
    preset = dict(preset) if isinstance(preset, dict) else {}
    for rule in LABEL_RULES_OFF:
        preset[rule] = False
    rules["preset-ja-technical-writing"] = preset
    prh = rules.get("prh")
    if isinstance(prh, dict) and isinstance(prh.get("rulePaths"), list):
        prh["rulePaths"] = [str((root / p).resolve()) for p in prh["rulePaths"]]
    target = directory / "textlintrc-labels.json"
    content = json.dumps(config, ensure_ascii=False, indent=2) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != content:
        target.write_text(content, encoding="utf-8")
    return target


def lint(texts: list[Text], root: Path = PROJECT_DIR) -> list[Problem]:
    """Run textlint over `texts` (one run per configuration, concurrently) and locate problems.

    Each distinct string is a file named by its content under .cache/lint-ja/, and
    textlint's cache (keyed by the configuration, the dictionary and the lock file) skips the
    strings that passed last time: a second run takes a few seconds."""
    command = textlint_command(root)
    if command is None:
        raise RuntimeError(f"textlint is not installed in {root / 'node_modules'}: {INSTALL_HINT}")
    work = root / CACHE_DIR
    key = _cache_key(root)
    batches = []
    for name, members in (("text", [t for t in texts if not t.label]),
                          ("labels", [t for t in texts if t.label])):
        if not members:
            continue
        folder = work / name
        folder.mkdir(parents=True, exist_ok=True)
        files: dict[str, list[Text]] = {}
        for text in members:
            target = folder / (hashlib.sha1(text.text.encode("utf-8")).hexdigest() + ".md")
            if not target.exists():  # the name is the content: an existing file is up to date
                target.write_text(text.text + "\n", encoding="utf-8")
            files.setdefault(str(target.resolve()), []).append(text)
        config = root / CONFIG if name == "text" else label_config(root, work)
        cache = work / f"{name}-{key}.cache"
        batches.append((command + ["--config", str(config), "--format", "json", "--cache",
                                   "--cache-location", str(cache)] + sorted(files), files))
    _prune(work, {path for _, files in batches for path in files})
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda batch: _run(batch[0], root), batches))
    problems: list[Problem] = []
    for (_, files), results in zip(batches, runs):
        for result in results:
            found = files.get(str(Path(result["filePath"]).resolve()))
            if found is None:
                raise RuntimeError(f"textlint reported an unknown file {result['filePath']}")
            problems += [_problem(text, message) for text in found for message in result["messages"]]
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.field, p.rule, p.message))


def _cache_key(root: Path) -> str:
    # Whatever changes textlint's verdict on an unchanged string: configuration, dictionary, versions.
    digest = hashlib.sha1(repr(LABEL_RULES_OFF).encode())
    for name in (CONFIG, "package-lock.json", *sorted(_dictionaries(root))):
        path = root / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    return digest.hexdigest()[:16]


def _dictionaries(root: Path) -> list[str]:
    config = yaml.safe_load((root / CONFIG).read_text(encoding="utf-8")) or {}
    prh = (config.get("rules") or {}).get("prh")
    return list(prh.get("rulePaths") or []) if isinstance(prh, dict) else []


def _prune(work: Path, keep: set[str], max_age: float = 86400.0) -> None:
    # Strings no longer in any source, and caches of old configurations, after a day (a run
    # started at the same moment with other strings may still need them).
    now = time.time()
    for path in list(work.glob("*/*.md")) + list(work.glob("*.cache")):
        try:
            if str(path.resolve()) not in keep and now - path.stat().st_mtime > max_age:
                path.unlink()
        except OSError:
            pass


def _run(command: list[str], root: Path) -> list[dict[str, Any]]:
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600)
    # textlint exits 1 when it found problems and 2 when it could not run (bad configuration).
    if result.returncode not in (0, 1) or not result.stdout.strip().startswith("["):
        raise RuntimeError(f"textlint failed (exit {result.returncode}):\n{result.stderr.strip()}"
                           f"\n{result.stdout.strip()[:2000]}")
    return json.loads(result.stdout)


def _problem(text: Text, message: dict[str, Any]) -> Problem:
    rule = message.get("ruleId") or "textlint"
    short = rule.split("/")[-1]
    lines = [part.strip() for part in str(message.get("message", "")).split("\n") if part.strip()]
    offset = _offset(text.text, message)
    head = lines[0] if lines else rule
    if short == "prh" and len(lines) > 1:
        head = f"{head} ({lines[1]})"
    snippet = _snippet(text.text, offset)
    return Problem(file=text.file, line=_source_line(text, offset), item=text.item,
                   field=text.field, rule=f"textlint:{rule}",
                   message=f"{head} at 「{snippet}」", fix=_fix(short, text.text, message, lines))


def _offset(text: str, message: dict[str, Any]) -> int:
    # textlint's range is an offset into the file, which holds exactly the text plus "\n".
    if isinstance(message.get("range"), list) and message["range"]:
        return min(max(int(message["range"][0]), 0), len(text))
    line, column = int(message.get("line", 1)), int(message.get("column", 1))
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    return min(starts[min(line, len(starts)) - 1] + column - 1, len(text))


def _snippet(text: str, offset: int, width: int = 12) -> str:
    start = max(0, offset - width // 2)
    piece = text[start:start + width].replace("\n", " ")
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def _source_line(text: Text, offset: int) -> int:
    """The source line holding the text at `offset`, when the value spans several lines; found by
    looking for the words around it in the lines the value may span, else the value's first line."""
    if text.end_line is None or text.end_line <= text.line:
        return text.line
    try:  # text.file is relative to the working directory, or absolute (display_path)
        source = Path(text.file).read_text(encoding="utf-8").split("\n")
    except OSError:
        return text.line
    window = source[text.line - 1:text.end_line]
    for before, after in ((0, 8), (0, 4), (4, 0), (0, 2), (2, 0), (0, 1)):
        probe = text.text[max(0, offset - before):offset + after]
        if not probe.strip():
            continue
        hits = [i for i, line in enumerate(window) if probe in line]
        if len(hits) == 1:
            return text.line + hits[0]
    return text.line


def _fix(short: str, text: str, message: dict[str, Any], lines: list[str]) -> str:
    fix = message.get("fix")
    if short == "prh" and "=>" in lines[0]:
        wrong, right = (part.strip() for part in lines[0].split("=>", 1))
        return f"write 「{right}」 instead of 「{wrong}」 (house style: data/prh.yml)"
    if short in FIX_HINTS:
        return FIX_HINTS[short]
    if isinstance(fix, dict) and isinstance(fix.get("range"), list):
        start, end = fix["range"]
        wrong = text[start:end]
        if wrong:
            return f"replace 「{wrong}」 with 「{fix.get('text', '')}」"
    suggestion = next((line.removeprefix("修正:").strip() for line in lines
                       if line.startswith("修正:")), None)
    return suggestion or f"reword the sentence (textlint rule {message.get('ruleId')})"


# ---- Command line --------------------------------------------------------------------------------

def built_page_texts(site: Path | None = None) -> list[Text]:
    """The visible text of the built /ja/ pages of `site`, or of a site built now (scripts/build.py
    into a temporary folder, about 5 seconds)."""
    from scripts import ja_pages  # needs BeautifulSoup (requirements-dev.txt)

    if site is not None:
        return ja_pages.page_texts(site)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lint-ja-site-") as folder:
        out = Path(folder) / "site"
        result = subprocess.run([sys.executable, "scripts/build.py", "--out", str(out), "--quiet"],
                                cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"scripts/build.py failed (exit {result.returncode}):\n"
                               f"{result.stdout}{result.stderr}")
        return ja_pages.page_texts(out)


def counts(problems: Iterable[Problem]) -> list[tuple[str, int]]:
    """(rule, number of problems), most frequent first."""
    return collections.Counter(p.rule for p in problems).most_common()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.lint_ja", description=__doc__.split(
        "\n\n")[0].strip(), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="files to check (default: every Japanese source)")
    parser.add_argument("--counts", action="store_true", help="print the number of problems "
                        "per rule instead of the problems")
    parser.add_argument("--pages", nargs="?", const="", metavar="SITE", default=None,
                        help="also check the visible text of every built /ja/ page "
                             "(scripts/ja_pages.py) of SITE, or of a site built now to a temp dir")
    args = parser.parse_args(argv)
    paths = args.paths or default_paths()
    try:
        texts = extract(paths)
        if args.pages is not None:
            texts += built_page_texts(Path(args.pages) if args.pages else None)
        problems = lint(texts)
    except ExtractError as error:
        print(error, file=sys.stderr)
        return 1
    except RuntimeError as error:
        print(f"lint-ja: {error}", file=sys.stderr)
        return 2
    if args.counts:
        for rule, number in counts(problems):
            print(f"{number:5d}  {rule}")
    else:
        for problem in problems:
            print(problem.format())
    sys.stdout.flush()
    files = len({t.file for t in texts})
    summary = (f"{len(problems)} problem(s) in {len(texts)} Japanese strings of {files} file(s)"
               if problems else f"OK: {len(texts)} Japanese strings of {files} file(s)")
    print(summary, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
