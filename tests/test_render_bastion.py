"""/bastion/: the purposes, the replacement pair and the advice are computed from capabilities."""

from __future__ import annotations

import dataclasses

import pytest

from macros.kb.model import KnowledgeBase
from macros.render.bastion import bastion_page, replacements
from test_engine_support import fixture_kb as table_kb, restricted
from test_render_support import clean, fixture_kb, real_kb, render


def decided_kb() -> KnowledgeBase:
    """data/kb.yaml narrowed to the methods of the brief's table (tests/fixtures/
    engine_methods.yaml, whose values tests/test_engine.py holds the data to): the pinned lists
    below then hold whatever method a contributor adds."""
    return restricted(real_kb(), [m.id for m in table_kb().methods])

ANCHORS = ("purposes", "restrict-access-path", "central-logs", "protect-network", "natural-pair",
           "which-to-use", "side-by-side", "cost", "still-right", "next-steps", "sources")


def with_capability(kb: KnowledgeBase, method_id: str, name: str, value) -> KnowledgeBase:
    """A copy of `kb` where one method's capability has another value."""
    methods = []
    for method in kb.methods:
        if method.id == method_id:
            caps = dict(method.capabilities)
            caps[name] = dataclasses.replace(caps[name], value=value)
            method = dataclasses.replace(method, capabilities=caps)
        methods.append(method)
    return dataclasses.replace(kb, methods=tuple(methods))


def _section_links(page_md: str, anchor: str, lang: str) -> list[str]:
    """Method pages linked from the list under 'Methods that meet it:' of one purpose."""
    html_section = page_md.split(f"{{ #{anchor} }}")[1].split("\n### ")[0].split("\n## ")[0]
    lines = html_section.splitlines()
    lead = next(n for n, l in enumerate(lines)
                if l.startswith("Methods that meet it:" if lang == "en" else "この目的を満たす方法:"))
    items = [l for l in lines[lead + 1:] if l.startswith("- ")]
    return [item.split("](methods/")[1].split(")")[0] for item in items]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_anchors_and_scenario_links(lang: str) -> None:
    """Every section anchor is present, and the two bastion scenarios are linked."""
    page = render(bastion_page(fixture_kb(), lang))
    assert [i for i in page.ids if i in ANCHORS] == list(ANCHORS)
    assert "scenarios/replace-bastion-linux.md" in page.hrefs
    assert "scenarios/bulk-transfer-private-linux.md" in page.hrefs
    assert "decide.md" in page.hrefs


def test_real_purposes_and_pair() -> None:
    """With the real data the purposes select the methods the capability table implies."""
    kb = decided_kb()
    text = bastion_page(kb, "en")
    assert _section_links(text, "restrict-access-path", "en") == [
        "fleet-manager.md", "session-manager.md", "ec2-instance-connect-endpoint.md",
        "ec2-serial-console.md"]
    assert _section_links(text, "central-logs", "en") == [
        "fleet-manager.md", "session-manager.md", "ec2-instance-connect.md",
        "ec2-instance-connect-endpoint.md", "ec2-serial-console.md"]
    assert _section_links(text, "protect-network", "en") == [
        "fleet-manager.md", "session-manager.md", "ec2-instance-connect-endpoint.md",
        "ec2-serial-console.md"]
    assert [m.id for m in replacements(kb)] == ["session-manager", "ec2-instance-connect-endpoint"]
    page = render(text)
    assert "Why Session Manager and EC2 Instance Connect Endpoint" in page.text


def test_which_to_use_follows_capabilities() -> None:
    """Administration goes to EICE, bulk/long/logging to Session Manager, from the data."""
    text = clean(render(bastion_page(fixture_kb(), "en")).text)
    assert "Everyday administration, with nothing to install on the instance and no outbound " \
           "access from it: EC2 Instance Connect Endpoint." in text
    assert "Moving large amounts of data: Session Manager." in text
    assert "Sessions longer than 1 hour (3,600 s): Session Manager." in text
    assert "Recording what is done inside a session: Session Manager." in text


def test_changing_the_data_changes_the_guide() -> None:
    """Nothing is typed by hand: flip capabilities and the computed advice follows."""
    kb = with_capability(fixture_kb(), "ec2-instance-connect-endpoint", "bulk_transfer", True)
    text = clean(render(bastion_page(kb, "en")).text)
    assert "Moving large amounts of data" not in text
    kb = with_capability(fixture_kb(), "session-manager", "iam_controlled", False)
    assert [m.id for m in replacements(kb)] == ["ec2-instance-connect-endpoint"]
    text = bastion_page(kb, "en")
    assert _section_links(text, "restrict-access-path", "en") == [
        "ec2-instance-connect-endpoint.md"]
    assert "## Why EC2 Instance Connect Endpoint { #natural-pair }" in text
    kb = with_capability(fixture_kb(), "session-manager", "instance_os", ("windows",))
    text = clean(render(bastion_page(kb, "en")).text)
    assert "Session Manager also meets all three, but it only reaches Windows instances." in text


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_cost_and_still_right_come_from_the_bastion_data(lang: str) -> None:
    """The cost section quotes the bastion's capability notes and limitations; the last section
    lists its use_when items."""
    kb = fixture_kb()
    bastion = kb.method("bastion-host")
    text = clean(render(bastion_page(kb, lang)).text)
    caps = bastion.capabilities
    for value in (caps["extra_cost"].note, caps["server_to_maintain"].note,
                  *(f.text for f in bastion.limitations), *bastion.use_when):
        assert clean(value.get(lang)) in text


def test_pair_differences_table() -> None:
    """The differences table compares the pair on every capability where their labels differ."""
    page = render(bastion_page(fixture_kb(), "en"))
    table = page.tables[0]
    assert [clean(c.text) for c in table[0]] == ["Capability", "Session Manager",
                                                 "EC2 Instance Connect Endpoint"]
    # A value's note is on a line of its own, under the value.
    rows = {clean(r[0].text): (r[1].lines, r[2].lines) for r in table[1:]}
    assert list(rows) == ["Agent on the instance", "Instance egress needed", "Session logging",
                          "SSH keys to manage", "Bulk transfer", "Maximum session length",
                          "Interfaces"]
    assert rows["Maximum session length"] == (["No limit", "No limit unless you set one"],
                                              ["1 hour (3,600 s)"])
    assert rows["Bulk transfer"] == (["Suited"], ["Not suited", "High-volume transfers are throttled"])


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_computed_pair_stands_beside_the_bastion(lang: str) -> None:
    """The side-by-side table takes the pair from the decision tree and the values from the data."""
    from macros.render.bastion import computed_pair
    from macros.render.common import value_label
    kb = decided_kb()
    assert [(job, m.id) for job, m in computed_pair(kb)] == [
        ("administration", "ec2-instance-connect-endpoint"), ("bulk", "session-manager")]
    text = bastion_page(kb, lang)
    section = text.split("{ #side-by-side }", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    bastion = kb.method("bastion-host")
    for method in (bastion, kb.method("ec2-instance-connect-endpoint"), kb.method("session-manager")):
        assert f"methods/{method.id}.md#prerequisites" in section, method.id
        for column in ("extra_cost", "agent", "instance_egress", "iam_controlled"):
            row = next(r for r in rows if r.startswith(f"| {clean_label(column, lang)} |"))
            assert value_label(method, column, lang) in row, (method.id, column)
    assert "scenarios/replace-bastion-linux-both.md" in section


def clean_label(column: str, lang: str) -> str:
    from macros.render.i18n import t
    return t(f"cap.{column}", lang)


def test_no_pair_scenario_means_no_side_by_side_section() -> None:
    kb = real_kb()
    kb = dataclasses.replace(kb, scenarios=tuple(s for s in kb.scenarios
                                                 if s.id != "replace-bastion-linux-both"))
    assert "{ #side-by-side }" not in bastion_page(kb, "en")
