"""The knowledge base agrees with the article where AWS has not changed, and with AWS where it has.

The article (shared/seed) compared seven methods in four tables plus a footnote. Each test below
names the article's claim; where AWS has since changed the fact, the test asserts the current fact
from the reference notes and that the method's `changes:` records it with a source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.kb.load import load_kb
from macros.kb.model import KnowledgeBase, Method

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb(ROOT / "data" / "kb.yaml")


def _texts(facts) -> list[str]:
    return [f.text.en for f in facts]


def _change(method: Method, *needles: str):
    """The one change entry whose English text mentions every needle."""
    found = [c for c in method.changes if all(n in c.text.en for n in needles)]
    assert len(found) == 1, f"{method.id}: expected one change mentioning {needles}, got {found}"
    assert found[0].sources, f"{method.id}: the change {needles} cites no source"
    return found[0]


# --- Table 1 of the article: instance OS, client OS, port, tools (unchanged) -------------------

ARTICLE_INSTANCE_OS = {
    "ssh-client": {"linux"},
    "putty": {"linux"},
    "rdp-client": {"windows"},
    "fleet-manager": {"windows"},
    "session-manager": {"linux", "windows"},
    "ec2-instance-connect": {"linux"},
    "ec2-instance-connect-endpoint": {"linux", "windows"},
}


@pytest.mark.parametrize("method_id, oses", sorted(ARTICLE_INSTANCE_OS.items()))
def test_instance_os_covers_the_articles_table(kb, method_id, oses):
    assert oses <= set(kb.method(method_id).cap("instance_os"))


def test_only_documented_additions_to_instance_os(kb):
    # Session Manager also manages macOS nodes [SM]; EC2 Instance Connect installs on EC2 Mac [EIC-INSTALL].
    extra = {m: set(kb.method(m).cap("instance_os")) - o for m, o in ARTICLE_INSTANCE_OS.items()}
    assert {m: e for m, e in extra.items() if e} == {
        "session-manager": {"macos"},
        "ec2-instance-connect": {"macos"},
    }


def test_putty_is_the_windows_only_client(kb):
    assert kb.method("putty").cap("client_os") == ("windows",)
    assert all(set(m.cap("client_os")) == {"windows", "macos", "linux"}
               for m in kb.methods if m.id != "putty")


@pytest.mark.parametrize("method_id, port", [
    ("ssh-client", "TCP 22"), ("putty", "TCP 22"), ("rdp-client", "TCP 3389"),
    ("ec2-instance-connect", "TCP 22"), ("ec2-instance-connect-endpoint", "TCP 3389"),
])
def test_ports_from_the_articles_table(kb, method_id, port):
    assert port in kb.method(method_id).protocol.en


def test_session_manager_footnote_no_inbound_but_outbound_443(kb):
    sm = kb.method("session-manager")
    assert sm.cap("inbound_from_client") is False
    assert sm.cap("instance_egress") is True
    notes = [f for f in sm.footnotes if f.table == "os-and-ports"]
    assert len(notes) == 1 and "443" in notes[0].text.en and "443" in notes[0].text.ja
    assert notes[0].sources


# --- Tables 2-4: prerequisites, benefits, limitations (unchanged numbers) --------------------

def test_eice_limits_still_true(kb):
    eice = kb.method("ec2-instance-connect-endpoint")
    limits = " ".join(_texts(eice.limitations))
    assert "3,600 seconds" in limits
    assert "One endpoint per VPC and one per subnet" in limits
    assert "throttled" in limits
    assert eice.cap("max_session") == 3600
    assert eice.cap("bulk_transfer") is False


def test_session_manager_limits_from_the_article(kb):
    sm = kb.method("session-manager")
    assert any("port forwarding or SSH are not logged" in t for t in _texts(sm.limitations))
    assert any("1.16.12" in t for t in _texts(sm.prerequisites) + _texts(sm.changes))


def test_fleet_manager_limits_from_the_article(kb):
    fm = kb.method("fleet-manager")
    limits = _texts(fm.limitations)
    assert "Windows Server 2012 RTM or later only." in limits
    assert any(t.startswith("Console only") for t in limits)


def test_eic_still_needs_a_network_path_and_is_linux_only(kb):
    eic = kb.method("ec2-instance-connect")
    assert "windows" not in eic.cap("instance_os")
    assert "none" not in eic.cap("reach")
    assert eic.cap("iam_controlled") and eic.cap("connection_audit")


def test_article_benefits_hold(kb):
    for method_id in ("session-manager", "ec2-instance-connect", "ec2-instance-connect-endpoint"):
        method = kb.method(method_id)
        assert method.cap("iam_controlled") is True, method_id
        assert method.cap("connection_audit") is True, method_id
    assert kb.method("session-manager").cap("ssh_keys") == "none"
    assert kb.method("ec2-instance-connect-endpoint").cap("reach") == ("public", "private", "none")


# --- Facts that changed since the article (named here, not only in prose) ---------------------

def test_changed_eice_supports_ipv6_and_dual_stack(kb):
    eice = kb.method("ec2-instance-connect-endpoint")
    change = _change(eice, "IPv6", "dual-stack")
    assert change.since == "2025-10"
    # The article's prerequisite "the instance needs an IPv4 address (IPv6 unsupported)" is
    # replaced by the endpoint's IP address type, which now includes ipv6 and dualstack.
    assert any("ipv4, dualstack or ipv6" in t for t in _texts(eice.prerequisites))
    assert not any("IPv4 address is required" in t for t in _texts(eice.prerequisites))


def test_changed_eice_endpoints_can_be_modified(kb):
    _change(kb.method("ec2-instance-connect-endpoint"), "modified")


def test_changed_eice_port_limit_is_unconfirmed(kb):
    change = _change(kb.method("ec2-instance-connect-endpoint"), "22 and 3389")
    assert change.unconfirmed is True


def test_changed_eic_supports_public_ipv6(kb):
    change = _change(kb.method("ec2-instance-connect"), "Public IPv6")
    assert "private IPv6" in change.text.en


def test_changed_eic_uses_managed_prefix_lists(kb):
    _change(kb.method("ec2-instance-connect"), "prefix list")


def test_changed_puttygen_conversion_is_optional(kb):
    change = _change(kb.method("putty"), "PuTTYgen", "optional")
    assert change.unconfirmed is False


def test_changed_session_manager_no_longer_needs_ec2messages(kb):
    change = _change(kb.method("session-manager"), "3.3.40.0", "ec2messages")
    # Only a secondary source quotes the AWS page: the site must label it unconfirmed.
    assert change.unconfirmed is True
    assert set(change.sources) == {"sm-vpce", "sm-msg"}


def test_changed_session_manager_plugin_minimum(kb):
    _change(kb.method("session-manager"), "1.2.764.0")


def test_unverified_costs_are_never_stated_as_fact(kb):
    # AWS's Systems Manager pages state a charge only for non-EC2 nodes; the pricing page itself
    # was not read, so "no extra cost on EC2" may appear only as unconfirmed.
    for method_id in ("session-manager", "fleet-manager"):
        assert kb.method(method_id).capabilities["extra_cost"].unconfirmed, method_id
    # EICE, EIC and the serial console state "no additional cost" on their AWS pages.
    for method_id in ("ec2-instance-connect-endpoint", "ec2-instance-connect", "ec2-serial-console"):
        cap = kb.method(method_id).capabilities["extra_cost"]
        assert cap.value is False and not cap.unconfirmed, method_id


def test_session_manager_cost_names_the_vpc_endpoints(kb):
    # Without NAT, Session Manager needs interface VPC endpoints, billed per hour per AZ.
    cap = kb.method("session-manager").capabilities["extra_cost"]
    assert "PrivateLink" in cap.note.en or "VPC endpoint" in cap.note.en
    assert "sm-vpce-pricing" in cap.sources
    assert "PrivateLink" in kb.method("session-manager").caveat.text.en


def test_public_ipv4_price_is_stated_with_its_source(kb):
    change = _change(kb.method("bastion-host"), "0.005")
    assert change.unconfirmed is False
    assert change.since == "2024-02"
    assert "bastion-ipv4-charge" in change.sources
    cap = kb.method("bastion-host").capabilities["extra_cost"]
    assert cap.value is True and "0.005" in cap.note.en
    assert {"bastion-ec2-billing", "bastion-ipv4-charge"} <= set(cap.sources)


def test_putty_ppk_key_pairs_are_confirmed(kb):
    change = _change(kb.method("putty"), ".ppk format")
    assert change.unconfirmed is False and change.sources == ("putty-create-key-pairs",)


def test_every_method_has_a_sourced_caveat(kb):
    for method in kb.methods:
        assert method.caveat is not None and method.caveat.sources, method.id


def test_one_line_commands_work_in_every_shell(kb):
    # `any` means bash, zsh, PowerShell and cmd all accept the text as it is.
    for method in kb.methods:
        for step in method.connect:
            if step.shell == "any":
                assert "\\\n" not in step.command and "'" not in step.command, (method.id, step.title.en)


def test_session_manager_ssh_config_for_windows_and_posix(kb):
    steps = [s for s in kb.method("session-manager").connect if s.shell == "ssh-config"]
    commands = " ".join(s.command for s in steps)
    assert "powershell.exe" in commands and "sh -c" in commands


def test_ssh_key_permissions_on_each_client_os(kb):
    steps = kb.method("ssh-client").connect
    assert any(s.shell == "posix" and "chmod 400" in s.command for s in steps)
    assert any(s.shell == "powershell" and "icacls" in s.command for s in steps)


def test_rdp_clients_include_the_store_app(kb):
    assert any("Microsoft Store" in t.en for t in kb.method("rdp-client").tools)


def test_changed_session_manager_dhmc_needs_no_instance_profile(kb):
    change = _change(kb.method("session-manager"), "Default Host Management Configuration")
    assert "3.2.582.0" in change.text.en


def test_fleet_manager_policy_lists_every_action_of_awss_example(kb):
    text = " ".join(_texts(kb.method("fleet-manager").prerequisites))
    for action in ("ec2:DescribeInstances", "ec2:GetPasswordData", "ssm:DescribeInstanceProperties",
                   "ssm:GetCommandInvocation", "ssm:GetInventorySchema", "ssm:TerminateSession",
                   "ssm:StartSession", "AWS-StartPortForwardingSession",
                   "ssm-guiconnect:StartConnection", "ListConnections"):
        assert action in text, action


def test_changed_fleet_manager_recording_needs_just_in_time_access(kb):
    fm = kb.method("fleet-manager")
    assert "just-in-time" in fm.capabilities["session_logging"].note.en
    assert _change(fm, "just-in-time").since == "2025-04"


def test_serial_console_one_session_is_confirmed(kb):
    sc = kb.method("ec2-serial-console")
    limit = [f for f in sc.limitations if "one serial console session" in f.text.en.lower()]
    assert limit and limit[0].unconfirmed is False and "sc-send-key" in limit[0].sources


def test_every_source_has_a_japanese_twin_and_a_date(kb):
    for source in kb.sources:
        if source.url_en.startswith("https://docs.aws.amazon.com/"):
            assert source.url_ja == source.url_en.replace(
                "https://docs.aws.amazon.com/", "https://docs.aws.amazon.com/ja_jp/"), source.id
        assert source.verified.year >= 2026, source.id
