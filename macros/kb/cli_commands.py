"""Check every `aws ...` command in the knowledge base against the AWS CLI's own service models.

The commands live in `methods[].connect[].command` as shell text. This module finds each `aws`
invocation in that text (also nested ones: `ssh -o ProxyCommand='aws ...'`, `sh -c "aws ..."`,
`ProxyCommand aws ...` in an ssh config), splits it into words the way its shell would, and checks
it with botocore's service models, the same JSON files the AWS CLI builds its commands from:

- the service and the operation exist;
- every flag exists: the operation's parameters (`--instance-id`; booleans also as `--no-...`),
  the CLI's global options, `--cli-input-json` and friends, pagination flags where the operation
  pages, and the documented extra flags of CLI customisations (EXTRA_FLAGS);
- every required parameter is given (unless the input comes from --cli-input-json/yaml);
- a value given to a parameter whose model lists allowed values (an enum) is one of them.

Commands that the AWS CLI v2 adds by hand, with no service model (`aws ec2-instance-connect ssh`,
`aws configure`, ...), are checked against CUSTOM_COMMANDS, a table of their documented flags
where each row names the AWS CLI v2 reference page it was copied from. `aws ssm start-session` is
modelled (StartSession in ssm's model); the CLI only swaps in the Session Manager plugin to run it,
with the same flags, so it is checked against the model.

botocore is imported only here (and only when a check runs), never by the site build.
"""

from __future__ import annotations

import difflib
import functools
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .document import Document
from .loader import load_document
from .problems import Problem
from macros.kb.rules import descriptions

RULES = descriptions("cli")  # this layer's rules, from the registry (macros/kb/rules.py)

REFERENCE = "https://docs.aws.amazon.com/cli/latest/reference"
_TABLE = "CUSTOM_COMMANDS in macros/kb/cli_commands.py"

# Global options of AWS CLI v2, as every command's synopsis lists them (for example
# https://docs.aws.amazon.com/cli/latest/reference/ssm/start-session.html and
# https://docs.aws.amazon.com/cli/latest/reference/sso/login.html, which adds --cli-error-format).
# True: the option takes a value; a set: the values it allows.
GLOBAL_OPTIONS: dict[str, bool | frozenset[str]] = {
    "--debug": False,
    "--endpoint-url": True,
    "--no-verify-ssl": False,
    "--no-paginate": False,
    # https://docs.aws.amazon.com/cli/latest/reference/configure/list.html (Global Options)
    "--output": frozenset({"json", "text", "table", "yaml", "yaml-stream"}),
    "--query": True,
    "--profile": True,
    "--region": True,
    "--version": False,
    "--color": frozenset({"on", "off", "auto"}),
    "--no-sign-request": False,
    "--ca-bundle": True,
    "--cli-read-timeout": True,
    "--cli-connect-timeout": True,
    "--cli-binary-format": frozenset({"base64", "raw-in-base64-out"}),
    "--no-cli-pager": False,
    "--cli-auto-prompt": False,
    "--no-cli-auto-prompt": False,
    "--cli-error-format": True,
    "--help": False,
}
# Offered by every modelled operation (see any operation's synopsis).
INPUT_OPTIONS: dict[str, bool] = {"--cli-input-json": True, "--cli-input-yaml": True,
                                  "--generate-cli-skeleton": True}
# Added to operations that page (botocore's paginators-1.json names them).
PAGING_OPTIONS: dict[str, bool] = {"--starting-token": True, "--page-size": True,
                                   "--max-items": True}


@dataclass(frozen=True)
class Custom:
    """A command the AWS CLI v2 implements by hand: its documented flags and their page."""

    url: str
    flags: dict[str, bool | frozenset[str]] = field(default_factory=dict)  # as in GLOBAL_OPTIONS
    required: frozenset[str] = frozenset()
    positionals: int = 0  # how many bare words follow (aws configure set NAME VALUE -> 2)


# Commands with no service model: (service, operation) -> documented flags; operation None is
# the bare `aws SERVICE` form. Each row was read from the URL it names (AWS CLI v2 reference).
CUSTOM_COMMANDS: dict[tuple[str, str | None], Custom] = {
    ("ec2-instance-connect", "ssh"): Custom(
        f"{REFERENCE}/ec2-instance-connect/ssh.html",
        {"--instance-id": True, "--instance-ip": True, "--private-key-file": True,
         "--os-user": True, "--ssh-port": True, "--local-forwarding": True,
         "--connection-type": frozenset({"direct", "eice", "auto"}), "--eice-options": True},
        required=frozenset({"--instance-id"})),
    ("ec2-instance-connect", "open-tunnel"): Custom(
        f"{REFERENCE}/ec2-instance-connect/open-tunnel.html",
        {"--instance-id": True, "--instance-connect-endpoint-id": True,
         "--instance-connect-endpoint-dns-name": True, "--private-ip-address": True,
         "--remote-port": True, "--local-port": True, "--max-tunnel-duration": True,
         "--max-websocket-connections": True}),
    ("configure", None): Custom(f"{REFERENCE}/configure/index.html"),
    ("configure", "list"): Custom(f"{REFERENCE}/configure/list.html"),
    ("configure", "get"): Custom(f"{REFERENCE}/configure/get.html", positionals=1),
    ("configure", "set"): Custom(f"{REFERENCE}/configure/set.html", positionals=2),
    ("configure", "list-profiles"): Custom(f"{REFERENCE}/configure/list-profiles.html"),
    ("configure", "sso"): Custom(
        f"{REFERENCE}/configure/sso.html",
        {"--no-browser": False, "--use-device-code": False, "--redirect-port": True}),
    ("sso", "login"): Custom(
        f"{REFERENCE}/sso/login.html",
        {"--no-browser": False, "--use-device-code": False, "--redirect-port": True,
         "--sso-session": True}),
    ("sso", "logout"): Custom(f"{REFERENCE}/sso/logout.html"),
}
# Flags a CLI customisation adds to a modelled operation, with the page that documents them.
EXTRA_FLAGS: dict[tuple[str, str], tuple[str, dict[str, bool]]] = {
    ("ec2", "get-password-data"): (f"{REFERENCE}/ec2/get-password-data.html",
                                   {"--priv-launch-key": True}),
}
# CLI command names that differ from botocore's service names (awscli's service renames).
SERVICE_RENAMES = {"configservice": "config", "deploy": "codedeploy", "s3api": "s3"}

_AWS = re.compile(r"^(?:.*[/\\])?aws(?:\.exe)?$", re.IGNORECASE)
_NESTED = re.compile(r"(?:^|[\s=(])(aws(?:\.exe)?\s)", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"[$%<>{}]|^file://|^fileb://")  # a value not meant literally
_BLOCK = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$")  # `command: |` starts a block scalar


@dataclass(frozen=True)
class Invocation:
    """One `aws ...` command found in a command text."""

    words: tuple[str, ...]  # after the shell's quoting is undone; words[0] is aws
    shell: str  # how it was split: posix, powershell or cmd


# -- finding the invocations ---------------------------------------------------------------------

def invocations(text: str, shell: str = "any") -> Iterator[Invocation | str]:
    """Every aws invocation in `text`, nested ones too; a str says why a line cannot be split."""
    for _, line in _logical_lines(text, shell):
        yield from _split_line(line, _dialect(shell, line))


def _dialect(shell: str, line: str) -> str:
    # ssh-config lines run under sh (ProxyCommand); "any" text is one plain line for every shell.
    if shell in ("powershell", "cmd"):
        return shell
    return "posix"


def _logical_lines(text: str, shell: str) -> list[tuple[int, str]]:
    # Join continued lines: \ in POSIX shells, ` in PowerShell, ^ in cmd. "any" text should have
    # none, but accepts the POSIX form so that a mislabelled example is still checked.
    # Yields (0-based index of the first physical line, the joined text).
    marks = {"posix": "\\", "powershell": "`", "cmd": "^", "ssh-config": "\\"}.get(shell, "\\")
    lines: list[tuple[int, str]] = []
    pending, first = "", 0
    for number, raw in enumerate(text.splitlines()):
        if not pending and raw.lstrip().startswith(("#", "REM ", "rem ")):
            continue  # a comment line
        if not pending:
            first = number
        stripped = raw.rstrip()
        if stripped.endswith(marks):
            pending += stripped[:-1] + " "
            continue
        lines.append((first, pending + raw))
        pending = ""
    if pending:
        lines.append((first, pending))
    return lines


def _lexer(text: str, dialect: str) -> shlex.shlex:
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|()")
    lexer.whitespace_split = True
    lexer.commenters = ""  # '#' inside a word is text; comment lines were dropped already
    if dialect == "powershell":
        lexer.escape = "`"  # PowerShell escapes with a backtick; a backslash is a path separator
    elif dialect == "cmd":
        lexer.escape = "^"
    return lexer


def _split_line(line: str, dialect: str) -> Iterator[Invocation | str]:
    try:
        words = list(_lexer(line, dialect))
    except ValueError as exc:  # No closing quotation, No escaped character
        yield f"cannot be split into words ({dialect} quoting): {str(exc).lower()}"
        return
    yield from _from_words(words, dialect)


def _from_words(words: list[str], dialect: str) -> Iterator[Invocation | str]:
    current: list[str] | None = None
    for word in words + [";"]:
        if word and set(word) <= set(";&|()"):  # an operator ends the command
            if current:
                yield Invocation(tuple(current), dialect)
            current = None
        elif current is not None:
            current.append(word)
        elif _AWS.match(word):
            current = [word]
        elif (match := _NESTED.search(word)) is not None:
            # A whole command inside one word: -o ProxyCommand='aws ...', sh -c "aws ...".
            yield from _split_line(word[match.start(1):], "posix")
    return


# -- the models -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _loader() -> Any:
    import botocore.loaders  # only here: the site build never needs botocore

    return botocore.loaders.create_loader()


@functools.lru_cache(maxsize=1)
def cli_services() -> frozenset[str]:
    """Every service command name of the AWS CLI that botocore has a model for."""
    names = set(_loader().list_available_services("service-2"))
    return frozenset((names - set(SERVICE_RENAMES.values())) | set(SERVICE_RENAMES))


@functools.lru_cache(maxsize=None)
def _service(cli_name: str) -> dict[str, Any]:
    from botocore import xform_name

    loader = _loader()
    name = SERVICE_RENAMES.get(cli_name, cli_name)
    model = loader.load_service_model(name, "service-2")
    try:
        pages = loader.load_service_model(name, "paginators-1").get("pagination", {})
    except Exception:  # noqa: BLE001 - a service without paginators
        pages = {}
    try:
        waiters = loader.load_service_model(name, "waiters-2").get("waiters", {})
    except Exception:  # noqa: BLE001 - a service without waiters
        waiters = {}
    operations = {xform_name(op, "-"): op for op in model["operations"]}
    return {"model": model, "operations": operations, "pages": set(pages),
            "waiters": {xform_name(w, "-"): spec["operation"] for w, spec in waiters.items()}}


@dataclass
class Signature:
    """What one command accepts: flag -> takes a value (True/False) or its allowed values."""

    name: str  # "aws ssm start-session", for messages
    url: str
    flags: dict[str, bool | frozenset[str]]
    required: list[str]
    positionals: int = 0


def _operation_signature(service: str, operation: str, api_name: str) -> Signature:
    from botocore import xform_name

    info = _service(service)
    model = info["model"]
    shapes = model["shapes"]
    flags: dict[str, bool | frozenset[str]] = {**GLOBAL_OPTIONS, **INPUT_OPTIONS}
    if api_name in info["pages"]:
        flags.update(PAGING_OPTIONS)
    required: list[str] = []
    spec = model["operations"][api_name].get("input")
    shape = shapes[spec["shape"]] if spec else {"members": {}}
    for member, ref in shape.get("members", {}).items():
        flag = "--" + xform_name(member, "-")
        target = shapes[ref["shape"]]
        if target.get("type") == "boolean":
            flags[flag] = False
            flags["--no-" + flag[2:]] = False
        elif target.get("type") == "string" and target.get("enum"):
            flags[flag] = frozenset(target["enum"])
        else:
            flags[flag] = True
        if member in shape.get("required", ()):
            required.append(flag)
    url, extra = EXTRA_FLAGS.get((service, operation), (None, {}))
    flags.update(extra)
    return Signature(f"aws {service} {operation}", url or f"{REFERENCE}/{service}/{operation}.html",
                     flags, required)


# -- checking one invocation ---------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """What is wrong with one invocation, before it is located in a file."""

    rule: str
    message: str
    fix: str


def check_invocation(words: tuple[str, ...] | list[str]) -> list[Finding]:
    """Everything wrong with one aws invocation (words[0] is `aws`)."""
    rest = list(words[1:])
    findings: list[Finding] = []
    leading = _take_globals(rest, findings)
    if findings:
        return findings
    if not rest:
        return [Finding("aws-cli-service", "must name a service after aws",
                        "write the command as aws SERVICE OPERATION --flag value")]
    service = rest.pop(0)
    signature, rest = _resolve(service, rest, findings)
    if signature is None:
        return findings
    return _check_flags(signature, leading + rest)


def _take_globals(rest: list[str], findings: list[Finding]) -> list[str]:
    # Global options may come before the service (aws --region X ssm ...): move them aside.
    taken: list[str] = []
    while rest and rest[0].startswith("--"):
        flag = rest[0].split("=", 1)[0]
        if flag not in GLOBAL_OPTIONS:
            findings.append(Finding("aws-cli-flag", f"unknown global option {flag} before the "
                                    "service", f"use one of {_list(GLOBAL_OPTIONS)}"))
            return taken
        count = 1 if "=" in rest[0] or GLOBAL_OPTIONS[flag] is False else 2
        taken += rest[:count]
        del rest[:count]
    return taken


def _custom_signature(service: str, operation: str | None) -> Signature:
    custom = CUSTOM_COMMANDS[(service, operation)]
    return Signature(f"aws {service}" + (f" {operation}" if operation else ""), custom.url,
                     {**GLOBAL_OPTIONS, **custom.flags}, sorted(custom.required),
                     custom.positionals)


def _resolve(service: str, rest: list[str],
             findings: list[Finding]) -> tuple[Signature | None, list[str]]:
    # The signature of `aws SERVICE OPERATION ...` and the words after the operation.
    operation = rest[0] if rest and not rest[0].startswith("-") else None
    if operation is not None and (service, operation) in CUSTOM_COMMANDS:
        return _custom_signature(service, operation), rest[1:]
    customs = sorted(o for s, o in CUSTOM_COMMANDS if s == service and o)
    where = f"{REFERENCE}/{service}/index.html"
    not_modelled = f"; a customisation with no service model belongs in {_TABLE} with its " \
        "reference URL"
    if not _has_model(service):
        if (service, None) in CUSTOM_COMMANDS:  # aws configure, aws configure get NAME
            if operation is None or not customs:
                return _custom_signature(service, None), rest
            findings.append(Finding("aws-cli-operation",
                                    f"unknown operation {operation} for aws {service}",
                                    _suggest(operation, customs, where) + not_modelled))
            return None, rest
        choices = sorted(cli_services() | {s for s, _ in CUSTOM_COMMANDS})
        findings.append(Finding("aws-cli-service", f"'{service}' is not an AWS CLI service",
                                _suggest(service, choices, f"{REFERENCE}/index.html")
                                + not_modelled))
        return None, rest
    if operation is None:
        findings.append(Finding("aws-cli-operation", f"must name an operation after aws {service}",
                                f"see {where}"))
        return None, rest
    info = _service(service)
    if operation in info["operations"]:
        return _operation_signature(service, operation, info["operations"][operation]), rest[1:]
    if operation == "wait" and len(rest) > 1 and rest[1] in info["waiters"]:
        signature = _operation_signature(service, "wait", info["waiters"][rest[1]])
        signature.name = f"aws {service} wait {rest[1]}"
        signature.url = f"{REFERENCE}/{service}/wait/{rest[1]}.html"
        return signature, rest[2:]
    if operation == "wait":
        waiter = rest[1] if len(rest) > 1 else "(none)"
        findings.append(Finding("aws-cli-operation", f"unknown waiter {waiter} for aws {service} "
                                "wait", _suggest(waiter, sorted(info["waiters"]),
                                                 f"{REFERENCE}/{service}/wait/index.html")))
        return None, rest
    findings.append(Finding("aws-cli-operation", f"unknown operation {operation} for aws {service}",
                            _suggest(operation, sorted(info["operations"]) + customs, where)
                            + not_modelled))
    return None, rest


def _has_model(service: str) -> bool:
    return service in cli_services()


def _check_flags(signature: Signature, words: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    given: set[str] = set()
    positionals = 0
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if not word.startswith("--"):
            positionals += 1
            if positionals > signature.positionals:
                findings.append(Finding("aws-cli-syntax",
                                        f"unexpected word '{word}' for {signature.name}",
                                        "put it after the flag it belongs to; "
                                        f"see {signature.url}"))
            continue
        flag, _, inline = word.partition("=")
        values = [inline] if inline else []
        while not inline and index < len(words) and not words[index].startswith("--"):
            values.append(words[index])
            index += 1
        given.add(flag)
        accepts = signature.flags.get(flag)
        if accepts is None:
            findings.append(Finding(
                "aws-cli-flag", f"unknown flag {flag} for {signature.name}",
                _suggest(flag, sorted(f for f in signature.flags if f not in GLOBAL_OPTIONS),
                         signature.url)))
            continue
        if accepts is False and values:
            findings.append(Finding("aws-cli-syntax", f"{flag} takes no value for "
                                    f"{signature.name}; got '{values[0]}'",
                                    f"remove '{values[0]}' or move it to the right flag; "
                                    f"see {signature.url}"))
        elif accepts is not False and not values:
            findings.append(Finding("aws-cli-syntax", f"{flag} needs a value for {signature.name}",
                                    f"give it a value; see {signature.url}"))
        elif isinstance(accepts, frozenset):
            for value in values:
                if value not in accepts and not _PLACEHOLDER.search(value):
                    findings.append(Finding(
                        "aws-cli-value", f"{flag} must be one of {', '.join(sorted(accepts))} "
                        f"for {signature.name}; got '{value}'",
                        f"use one of the values listed at {signature.url}"))
    if not given & {"--cli-input-json", "--cli-input-yaml", "--generate-cli-skeleton", "--help"}:
        for flag in signature.required:
            if flag not in given:
                findings.append(Finding("aws-cli-required",
                                        f"{signature.name} must be given {flag} (required)",
                                        f"add {flag} VALUE; see {signature.url}"))
    return findings


def _suggest(word: str, choices: list[str], url: str) -> str:
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    return f"{hint}see {url}"


def _list(flags: dict[str, Any]) -> str:
    return ", ".join(sorted(flags))


# -- the knowledge base --------------------------------------------------------------------------

def check_document(doc: Document, text: str | None = None) -> list[Problem]:
    """Every problem with the aws commands of a loaded knowledge base, located to the line."""
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("methods"), list):
        return []
    if text is None:
        text = Path(doc.file).read_text(encoding="utf-8-sig")
    raw_lines = text.splitlines()
    problems: list[Problem] = []
    for m, method in enumerate(doc.data["methods"]):
        steps = method.get("connect") if isinstance(method, dict) else None
        for s, step in enumerate(steps if isinstance(steps, list) else []):
            command = step.get("command") if isinstance(step, dict) else None
            if not isinstance(command, str):
                continue
            path = ("methods", m, "connect", s, "command")
            shell = step.get("shell", "any") if isinstance(step.get("shell"), str) else "any"
            seen: dict[str, int] = {}
            for found in invocations(command, shell):
                if isinstance(found, str):
                    problems.append(doc.problem(path, "aws-cli-syntax", f"must be valid shell "
                                                f"text; {found}", "check the quotes"))
                    continue
                head = " ".join(w for w in found.words[1:3] if not w.startswith("-"))
                seen[head] = seen.get(head, 0) + 1
                line = _line_of(doc, path, raw_lines, head, seen[head])
                for finding in check_invocation(found.words):
                    problems.append(doc.problem(path, finding.rule, finding.message, finding.fix,
                                                line=line))
    return problems


def _line_of(doc: Document, path: tuple, raw_lines: list[str], head: str,
             occurrence: int) -> int | None:
    # The line of the occurrence-th `aws HEAD` inside the value at `path` (block scalars span
    # lines below their key); the key's line when it cannot be found.
    start = doc.locate(path)
    if start is None:
        return None
    key_line = raw_lines[start - 1] if start - 1 < len(raw_lines) else ""
    if not _BLOCK.search(key_line):
        return start
    indent = len(key_line) - len(key_line.lstrip())
    pattern = re.compile(r"\baws(?:\.exe)?\s+(?:--\S+\s+\S+\s+)*" + r"\s+".join(
        re.escape(part) for part in head.split()) + r"(?![\w-])")
    count = 0
    for number in range(start, len(raw_lines)):
        line = raw_lines[number]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break  # the block ended
        count += len(pattern.findall(line))
        if count >= occurrence:
            return number + 1
    return start


def check_file(path: str) -> list[Problem]:
    """Load `path` and check its aws commands; load problems are left to the validator."""
    doc = load_document(path)
    if doc.data is None:
        return []
    return check_document(doc)


def check_kit_files(folder: str | Path = "data/kits") -> list[Problem]:
    """The aws commands in the kits' shell scripts (*.sh) and ssh config files (ssh-config*)."""
    root = Path(folder)
    problems: list[Problem] = []
    for file in sorted(root.rglob("*")) if root.is_dir() else ():
        shell = "posix" if file.suffix == ".sh" else \
            "ssh-config" if file.name.startswith("ssh-config") else None
        if shell is None or not file.is_file():
            continue
        text = file.read_text(encoding="utf-8-sig")
        for first, line in _logical_lines(text, shell):
            for found in _split_line(line, "posix"):
                if isinstance(found, str):
                    problems.append(Problem(file=file.as_posix(), line=first + 1, item=None,
                                            field="(text)", rule="aws-cli-syntax",
                                            message=f"must be valid shell text; {found}",
                                            fix="check the quotes"))
                    continue
                for finding in check_invocation(found.words):
                    problems.append(Problem(file=file.as_posix(), line=first + 1, item=None,
                                            field="(text)", rule=finding.rule,
                                            message=finding.message, fix=finding.fix))
    return problems


def main(argv: list[str] | None = None) -> int:
    """python -m macros.kb.cli_commands [data/kb.yaml]: check it and the kits beside it."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    path = args[0] if args else "data/kb.yaml"
    problems = check_file(path) + check_kit_files(Path(path).parent / "kits")
    for problem in problems:
        print(problem.format())
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
