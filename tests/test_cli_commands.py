"""The aws commands in the knowledge base, checked against botocore's service models.

Each fixture in tests/fixtures/aws/ breaks one thing (named in its first comment line) and must
fail with exactly the located message below; valid.yaml holds every accepted form (nested
ProxyCommand, sh -c, PowerShell continuations, customisations) and must pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.kb import cli_commands
from macros.kb.cli_commands import check_file, check_invocation, invocations

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = "tests/fixtures/aws"
REF = "https://docs.aws.amazon.com/cli/latest/reference"
NOT_MODELLED = ("a customisation with no service model belongs in CUSTOM_COMMANDS in "
                "macros/kb/cli_commands.py with its reference URL")


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    # Messages name files as given, relative to the working directory: pin it to the repo root.
    monkeypatch.chdir(ROOT)


def formatted(path: str) -> list[str]:
    return [p.format() for p in check_file(path)]


EXPECTED = {
    "flag": [
        f"{FIXTURES}/flag.yaml:8: methods[session-manager].connect[2].command: unknown flag "
        f"--instance for aws ssm start-session [aws-cli-flag] (fix: see "
        f"{REF}/ssm/start-session.html)",
    ],
    "operation": [
        f"{FIXTURES}/operation.yaml:7: methods[session-manager].connect[1].command: unknown "
        f"operation start-sessions for aws ssm [aws-cli-operation] (fix: did you mean "
        f"start-session or terminate-session or describe-sessions? see {REF}/ssm/index.html; "
        f"{NOT_MODELLED})",
    ],
    "required": [
        f"{FIXTURES}/required.yaml:6: methods[ec2-instance-connect].connect[1].command: aws "
        f"ec2-instance-connect send-ssh-public-key must be given --ssh-public-key (required) "
        f"[aws-cli-required] (fix: add --ssh-public-key VALUE; see "
        f"{REF}/ec2-instance-connect/send-ssh-public-key.html)",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_fails_with_located_message(name):
    assert formatted(f"{FIXTURES}/{name}.yaml") == EXPECTED[name]


def test_valid_fixture_passes():
    problems = formatted(f"{FIXTURES}/valid.yaml")
    assert not problems, "\n".join(problems)


def test_real_knowledge_base_commands_are_valid():
    problems = formatted("data/kb.yaml")
    assert not problems, "every aws command in data/kb.yaml must parse against the AWS CLI " \
        "models; fix each line below:\n" + "\n".join(problems)


def test_nested_invocations_are_found():
    text = ("ssh -i k ec2-user@i-1 -o ProxyCommand='aws ec2-instance-connect open-tunnel "
            "--instance-id i-1' && aws ssm start-session --target i-1")
    found = [inv.words[:3] for inv in invocations(text, "posix")]
    assert found == [("aws", "ec2-instance-connect", "open-tunnel"),
                     ("aws", "ssm", "start-session")]
    config = 'Host i-*\n  ProxyCommand powershell.exe "aws ssm start-session --target %h"\n'
    assert [inv.words for inv in invocations(config, "ssh-config")] == [
        ("aws", "ssm", "start-session", "--target", "%h")]


def test_powershell_continuation_and_quotes():
    text = "aws ssm start-session `\n  --target i-1 `\n  --parameters '{\\\"a\\\":[\\\"1\\\"]}'"
    (inv,) = invocations(text, "powershell")
    assert inv.words[-2:] == ("--parameters", '{\\"a\\":[\\"1\\"]}')
    assert check_invocation(inv.words) == []


def test_unbalanced_quote_is_reported():
    (reason,) = invocations("aws ssm start-session --target 'i-1", "posix")
    assert reason == "cannot be split into words (posix quoting): no closing quotation"


@pytest.mark.parametrize("command, rule", [
    ("aws ec2 modify-instance-connect-endpoint --instance-connect-endpoint-id e "
     "--no-preserve-client-ip --preserve-client-ip", None),
    ("aws --profile p --region us-east-1 ec2 describe-instances --output table", None),
    ("aws ec2 describe-instances --max-items 5 --no-dry-run", None),
    ("aws ec2 wait instance-running --instance-ids i-1", None),
    ("aws configure set region us-east-1", None),
    ("aws ec2 describe-instances --output txt", "aws-cli-value"),
    ("aws ec2 create-instance-connect-endpoint --subnet-id s --ip-address-type dual",
     "aws-cli-value"),
    ("aws ec2-instance-connect ssh --instance-id i-1 --connection-type vpn", "aws-cli-value"),
    ("aws ec2-instance-connect ssh --os-user ec2-user", "aws-cli-required"),
    ("aws ec2-instance-connect open-tunnel --instance-id i-1 --port 22", "aws-cli-flag"),
    ("aws ec2 describe-instances --dry-run yes", "aws-cli-syntax"),
    ("aws ecc describe-instances", "aws-cli-service"),
    ("aws --regoin us-east-1 ec2 describe-instances", "aws-cli-flag"),
    ("aws configure sst region x", "aws-cli-operation"),
])
def test_invocation_rules(command, rule):
    rules = [finding.rule for finding in check_invocation(command.split())]
    assert rules == ([rule] if rule else []), f"{command}: {check_invocation(command.split())}"


def test_every_custom_command_cites_the_cli_v2_reference():
    for (service, operation), custom in cli_commands.CUSTOM_COMMANDS.items():
        assert custom.url.startswith(f"{REF}/{service}/"), (service, operation, custom.url)


def test_real_kit_files_commands_are_valid():
    problems = [p.format() for p in cli_commands.check_kit_files("data/kits")]
    assert not problems, "every aws command in the kits' scripts and ssh config files must " \
        "parse against the AWS CLI models; fix each line below:\n" + "\n".join(problems)


def test_kit_file_fixtures():
    assert cli_commands.check_kit_files(f"{FIXTURES}/kits-valid") == []
    assert [p.format() for p in cli_commands.check_kit_files(f"{FIXTURES}/kits-invalid")] == [
        f"{FIXTURES}/kits-invalid/ssh-config:3: (text): unknown flag --endpoint-id for aws "
        f"ec2-instance-connect open-tunnel [aws-cli-flag] (fix: did you mean --instance-id or "
        f"--instance-connect-endpoint-id? see {REF}/ec2-instance-connect/open-tunnel.html)",
    ]
