"""Scenarios: the contract's table (section 5.4), the scenario pages, and the build-time checks."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from macros.decide import api, scenarios, tree as tree_mod

from macros.render import scenario as render_scenario
from macros.kb.problems import Problem
from macros.render.i18n import t
from macros.render.text import esc
from test_engine_support import LANGS, real_kb, real_tree

# CONTRACT.md 5.4, as written: (id, premise answers, must recommend, first, must exclude).
SPEC = [
    ("replace-bastion-linux",
     "os=linux ui=terminal client=windows reach=none inbound=no egress=yes iam_audit=yes",
     {"ec2-instance-connect-endpoint", "session-manager"}, "ec2-instance-connect-endpoint",
     {"bastion-host", "ssh-client", "putty", "ec2-instance-connect"}),
    ("replace-bastion-linux-both",
     "os=linux ui=terminal client=windows reach=none inbound=no egress=yes iam_audit=yes bulk=both",
     {"ec2-instance-connect-endpoint", "session-manager"}, "ec2-instance-connect-endpoint",
     {"bastion-host", "ssh-client", "putty", "ec2-instance-connect"}),
    ("bulk-transfer-private-linux",
     "os=linux ui=terminal client=windows reach=none inbound=no egress=yes iam_audit=yes bulk=yes",
     {"session-manager"}, "session-manager", {"ec2-instance-connect-endpoint"}),
    ("windows-browser-only", "os=windows ui=browser client=macos reach=none inbound=no egress=yes",
     {"fleet-manager"}, "fleet-manager", {"rdp-client", "ec2-instance-connect"}),
    ("linux-from-windows-direct",
     "os=linux ui=terminal client=windows reach=public inbound=yes egress=no",
     {"ssh-client", "putty"}, None, {"fleet-manager", "rdp-client", "session-manager"}),
    ("record-every-command",
     "os=linux ui=terminal client=linux reach=private inbound=yes egress=yes session_log=yes",
     {"session-manager"}, "session-manager", {"ec2-instance-connect-endpoint", "ssh-client"}),
    ("locked-out", "os=linux broken=yes", {"ec2-serial-console"}, "ec2-serial-console", {"ssh-client"}),
]
# CONTRACT.md 5.5: the scenarios that name a pair, and only those.
PAIRS = {"replace-bastion-linux-both": (("administration", "ec2-instance-connect-endpoint"),
                                        ("bulk", "session-manager"))}


def premise(text):
    return dict(pair.split("=") for pair in text.split())


@pytest.mark.parametrize("sid, answers, recommend, first, exclude", SPEC, ids=[s[0] for s in SPEC])
def test_spec_scenarios_get_the_spec_result(sid, answers, recommend, first, exclude):
    kb = real_kb()
    s = kb.scenario(sid)
    assert dict(s.answers) == premise(answers)  # the data keeps the contract's premise as written
    result = render_scenario.scenario_walk(kb, s, real_tree()).result
    assert recommend <= set(result.recommend)
    if first:
        assert result.recommend[0] == first
    assert exclude <= {e.method for e in result.excluded}
    assert result.pair == PAIRS.get(sid, ()), f"data/kb.yaml scenarios[{sid}]: pair {result.pair}"


def test_only_the_both_scenario_names_a_pair():
    kb = real_kb()
    for s in kb.scenarios:
        result = render_scenario.scenario_walk(kb, s, real_tree()).result
        assert result.pair == PAIRS.get(s.id, ()), (
            f"data/kb.yaml scenarios[{s.id}]: unexpected pair {result.pair}")


def test_the_data_scenarios_meet_their_expectations():
    assert scenarios.scenario_problems(real_kb(), lambda path: None) == []


def page_result(text):
    """(recommended ids as the page first names them, excluded ids in order)."""
    section = text.split("{ #recommendation }", 1)[1].split("{ #answers }", 1)[0]
    recommended = list(dict.fromkeys(re.findall(r"\]\(\.\./methods/([a-z0-9-]+)\.md\)", section)))
    excluded = re.findall(r'<span id="why-not-([a-z0-9-]+)"></span>', text)
    return recommended, excluded


@pytest.mark.parametrize("lang", LANGS)
def test_each_page_shows_what_walking_the_json_gives(lang):
    kb = real_kb()
    doc = json.loads(api.decision_tree_json(kb))
    for s in kb.scenarios:
        text = render_scenario.scenario_page(kb, s.id, lang)
        leaf = api.walk_json(doc, s.all_answers(kb.questions))
        lead = [p["method"] for p in leaf.get("pair", [])] or leaf["recommend"][:1]
        order = lead + [m for m in leaf["recommend"] if m not in lead]
        assert page_result(text) == (order, [e["method"] for e in leaf["excluded"]]), s.id
        for mid in leaf["recommend"]:
            assert f"(../methods/{mid}.md#how-to-connect)" in text
        for e in leaf["excluded"]:
            assert esc(doc["reasons"][e["reason"]][lang]) in text
        walked = tree_mod.walk(real_tree(), s.all_answers(kb.questions))
        assert f"](../decide.md?v=1&{'&'.join(f'{q}={a}' for q, a in walked.path)})" in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_opens_with_what_to_do_why_cost_and_next_step(lang):
    kb = real_kb()
    text = render_scenario.scenario_page(kb, "replace-bastion-linux-both", lang)
    head = text.split("{ #answers }", 1)[0]
    assert head.index("{ #recommendation }") < head.index("{ #for-administration }") < head.index(
        "{ #for-bulk }")
    for label in ("r.why", "r.cost", "r.next"):
        assert head.count(f"**{t(label, lang)}:**") == 2, label
    assert "(../bastion.md)" in head, "a bastion scenario links the bastion guide as a next step"
    eice = kb.method("ec2-instance-connect-endpoint")
    assert esc(kb.ranking.criteria[-1].label.get(lang)) in head
    assert esc(eice.capabilities["extra_cost"].note.get(lang)) in head
    if eice.caveat is not None:
        assert esc(eice.caveat.text.get(lang)) in head
    # Defaults and unused answers are folded, not listed one per line above the fold.
    answers = text.split("{ #answers }", 1)[1].split("{ #why-not }", 1)[0]
    shown = answers.split("<details", 1)[0]
    assert t("scenario.default", lang) not in shown and "<details" in answers


def test_a_page_without_caveats_still_renders():
    import dataclasses as dc
    kb = real_kb()
    kb = dc.replace(kb, methods=tuple(dc.replace(m, caveat=None) for m in kb.methods))
    text = render_scenario.scenario_page(kb, "replace-bastion-linux", "en")
    assert "**Main caveat:**" not in text and "**Why it ranks here:**" in text


def test_assumed_answers_are_marked_and_explained():
    kb = real_kb()
    s = kb.scenario("locked-out")
    assert dict(s.assumed) == {"ui": "terminal"}
    en = render_scenario.scenario_page(kb, s.id, "en")
    assert "- How do you want to work on it? **A terminal &#40;shell&#41;** (assumed)" in en
    assert f"**Assumed:** {s.assumed_note.en}" in en
    ja = render_scenario.scenario_page(kb, s.id, "ja")
    assert "**（補った回答）" in ja and s.assumed_note.ja in ja


def test_the_index_lists_every_scenario_with_its_result():
    kb = real_kb()
    for lang in LANGS:
        text = render_scenario.scenarios_index(kb, lang)
        for s in kb.scenarios:
            result = render_scenario.scenario_walk(kb, s, real_tree()).result
            (row,) = [line for line in text.splitlines() if f"]({s.id}.md)" in line]
            names = re.findall(r"\(\.\./methods/([a-z0-9-]+)\.md\)", row)
            assert names == ([m for _, m in result.pair] or list(result.recommend)), s.id


def with_scenario(kb, sid, **changes):
    scenarios = tuple(dataclasses.replace(s, **changes) if s.id == sid else s for s in kb.scenarios)
    return dataclasses.replace(kb, scenarios=scenarios)


def lines(kb, sid, **where):
    """A locate() that knows a few paths of scenario `sid`, as the validator's document does."""
    index = [s.id for s in kb.scenarios].index(sid)
    return lambda path: {("scenarios", index, *k.split(".")): v for k, v in where.items()}.get(path)


def test_a_scenario_that_stops_short_is_reported_with_the_question_it_needs():
    kb = with_scenario(real_kb(), "locked-out", assumed={}, assumed_note=None)
    problems = scenarios.scenario_problems(kb, lines(kb, "locked-out", answers=430))
    assert [p.format() for p in problems] == [
        "data/kb.yaml:430: scenarios[locked-out].answers: must reach a result, but the tree still "
        "asks 'ui' (How do you want to work on it?) [scenario-incomplete] (fix: add 'ui' to "
        "answers or assumed, and explain in assumed_note)"]


def test_unknown_questions_and_answers_are_reported():
    kb = real_kb()
    s = kb.scenario("windows-browser-only")
    kb = with_scenario(kb, s.id, answers={**s.answers, "colour": "blue", "os": "solaris"})
    problems = scenarios.scenario_problems(kb, lines(kb, s.id, **{"answers.os": 383, "answers": 380}))
    assert [p.format() for p in problems] == [
        "data/kb.yaml:383: scenarios[windows-browser-only].answers.os: must be an answer of 'os' "
        "(linux, windows); got 'solaris' [scenario-unknown-answer] (fix: use one of linux, windows)",
        "data/kb.yaml:380: scenarios[windows-browser-only].answers.colour: must name a question; "
        f"got 'colour' [scenario-unknown-question] (fix: use one of "
        f"{', '.join(q.key for q in kb.questions)})"]


def test_an_expectation_that_does_not_hold_says_what_the_tree_gives():
    kb = real_kb()
    expect = dataclasses.replace(kb.scenario("record-every-command").expect, recommend=("putty",),
                                 first="ssh-client", exclude=("session-manager",))
    kb = with_scenario(kb, "record-every-command", expect=expect)
    problems = scenarios.scenario_problems(kb, lines(kb, "record-every-command", expect=414))
    fix = "(fix: correct the scenario's answers or its expect, or the capabilities behind them)"
    # What the tree recommends comes from the data (a new method may join session-manager).
    gives = ", ".join(render_scenario.scenario_walk(kb, kb.scenario("record-every-command"),
                                                    real_tree()).result.recommend)
    assert [p.format() for p in problems] == [
        "data/kb.yaml:414: scenarios[record-every-command].expect.recommend: must recommend "
        f"'putty', but the answer session_log=yes excludes it; the tree recommends {gives} "
        f"[scenario-expectation] {fix}",
        "data/kb.yaml:414: scenarios[record-every-command].expect.first: must recommend "
        f"'ssh-client' first; the tree recommends {gives} [scenario-expectation] {fix}",
        "data/kb.yaml:414: scenarios[record-every-command].expect.exclude: must exclude "
        "'session-manager', but the tree recommends it; the tree recommends "
        f"{gives} [scenario-expectation] {fix}"]
    assert all(isinstance(p, Problem) and p.item == "record-every-command" for p in problems)
