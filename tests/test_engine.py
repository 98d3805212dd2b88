"""The decision engine: candidates, exclusions with reasons, ranking, reconsider (brief: semantics)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from macros.decide import engine
from macros.decide.engine import Reconsider
from macros.kb.model import CAPABILITY_KINDS
from test_engine_support import data_problem, fixture_kb, method_path, pinned_kb, real_kb


def test_real_capabilities_follow_the_decided_table():
    # The pinned results below run on the brief's table (tests/fixtures/engine_methods.yaml);
    # every method of that table that data/kb.yaml has must hold the same capabilities. Methods
    # the table does not list (a contributor's new method) are the data's own business.
    real, table = real_kb(), fixture_kb()
    real_ids = {m.id for m in real.methods}
    wrong = []
    for m in table.methods:
        if m.id not in real_ids:
            continue  # method-ids-spec reports a missing spec method
        for name in CAPABILITY_KINDS:
            got, want = real.method(m.id).cap(name), m.cap(name)
            if got != want:
                wrong.append(data_problem(
                    method_path(m.id, "capabilities", name, "value"), "decided-table",
                    f"must be {want!r} as decided in the brief's capability table; got {got!r}",
                    "if AWS changed, update the value in tests/fixtures/engine_methods.yaml too "
                    "and say so in the pull request; otherwise restore the decided value"))
    assert not wrong, "\n".join(wrong)


def test_a_candidate_meets_every_given_answer():
    kb = pinned_kb()  # the brief's table: a new method in data/kb.yaml cannot move it
    # Unanswered `broken` leaves the serial console in; it meets every ranking criterion.
    assert engine.resolve(kb, {"os": "windows", "ui": "browser"}).recommend == (
        "ec2-serial-console", "fleet-manager", "session-manager")


def test_per_os_reads_the_union_while_os_is_unanswered():
    kb = pinned_kb()  # the brief's table: a new method in data/kb.yaml cannot move it
    # EICE offers a desktop on Windows only, Session Manager on Windows only as well.
    assert {"ec2-instance-connect-endpoint", "session-manager"} <= set(
        engine.resolve(kb, {"ui": "desktop"}).recommend)
    result = engine.resolve(kb, {"os": "linux", "ui": "desktop"})
    assert result.recommend == ()
    why = {e.method: (e.question, e.answer) for e in result.excluded}
    assert why["ec2-instance-connect-endpoint"] == ("ui", "desktop")
    assert why["rdp-client"] == ("os", "linux")


def test_an_exclusion_names_the_first_failing_answer_in_question_order():
    kb = pinned_kb()  # the brief's table: a new method in data/kb.yaml cannot move it
    # Given in reverse order on purpose: question order decides, not the mapping's order.
    result = engine.resolve(kb, {"inbound": "no", "reach": "none", "os": "linux"})
    why = {e.method: e.question for e in result.excluded}
    assert why == {"rdp-client": "os", "fleet-manager": "os", "ssh-client": "reach",
                   "putty": "reach", "ec2-instance-connect": "reach", "bastion-host": "inbound"}


def test_the_reason_is_the_constraint_reason_then_the_capability_note():
    kb = real_kb()
    constraint = kb.question("os").answer("linux").requires[0]
    note = kb.method("fleet-manager").capabilities["instance_os"].note
    assert note is not None, "the test needs a note on fleet-manager's instance_os"
    (fleet,) = [e for e in engine.resolve(kb, {"os": "linux"}).excluded if e.method == "fleet-manager"]
    assert fleet.reason.en == f"{constraint.reason.en} {note.en}"
    assert fleet.reason.ja == f"{constraint.reason.ja}{note.ja}"


def test_without_a_note_the_reason_is_the_constraint_reason():
    kb = real_kb()
    constraint = kb.question("broken").answer("yes").requires[0]
    assert kb.method("ssh-client").capabilities[constraint.capability].note is None
    (ssh,) = [e for e in engine.resolve(kb, {"broken": "yes"}).excluded if e.method == "ssh-client"]
    assert ssh.reason == constraint.reason


def test_ranking_applies_the_criteria_in_turn_then_the_editorial_order():
    kb = pinned_kb()  # the brief's table: a new method in data/kb.yaml cannot move it
    answers = {"broken": "no", "os": "linux", "ui": "terminal", "client": "windows",
               "reach": "public", "inbound": "yes", "egress": "no"}
    # EICE: no inbound rule; EC2 Instance Connect: IAM; SSH and PuTTY: no server; bastion last.
    assert engine.resolve(kb, answers).recommend == (
        "ec2-instance-connect-endpoint", "ec2-instance-connect", "ssh-client", "putty",
        "bastion-host")


def test_unknown_questions_and_answers_are_ignored():
    kb = real_kb()
    assert engine.resolve(kb, {"os": "solaris", "colour": "blue"}) == engine.resolve(kb, {})
    # An unknown OS must not narrow the `per: os` lookup either.
    assert engine.resolve(kb, {"os": "solaris", "ui": "desktop"}) == engine.resolve(kb, {"ui": "desktop"})
    assert engine.clean(kb, {"ui": "browser", "os": "linux", "x": "y"}) == {
        "os": "linux", "ui": "browser"}


def test_an_empty_result_says_which_answer_to_reconsider():
    kb = pinned_kb()  # the brief's table: a new method in data/kb.yaml cannot move it
    result = engine.resolve(kb, {"broken": "yes", "ui": "desktop"})
    assert result.recommend == ()
    assert result.reconsider == (
        Reconsider("broken", "yes", (("no", ("ec2-instance-connect-endpoint", "fleet-manager",
                                              "session-manager", "rdp-client",
                                              "bastion-host")),)),
        Reconsider("ui", "desktop", (("terminal", ("ec2-serial-console",)),
                                     ("browser", ("ec2-serial-console",)))),
    )
    assert engine.resolve(kb, {"broken": "yes"}).reconsider == ()


def answer_sets(kb):
    """Random answers: any subset of the questions, plus keys and values the KB does not have."""
    per_question = {q.key: st.sampled_from([a.key for a in q.answers] + ["bogus"])
                    for q in kb.questions}
    known = st.fixed_dictionaries({}, optional=per_question)
    junk = st.dictionaries(st.sampled_from(["colour", "v", ""]), st.text(max_size=3), max_size=2)
    return st.builds(lambda a, b: {**b, **a}, known, junk)


@settings(max_examples=300, deadline=None)
@given(answer_sets(real_kb()))
def test_every_method_is_either_recommended_or_excluded(answers):
    kb = real_kb()
    result = engine.resolve(kb, answers)
    excluded = [e.method for e in result.excluded]
    assert len(set(result.recommend)) == len(result.recommend)
    assert len(set(excluded)) == len(excluded)
    assert not set(result.recommend) & set(excluded)
    assert set(result.recommend) | set(excluded) == {m.id for m in kb.methods}


@settings(max_examples=300, deadline=None)
@given(answer_sets(real_kb()))
def test_the_ranking_is_a_permutation_ordered_by_the_criteria(answers):
    kb = real_kb()
    recommend = engine.resolve(kb, answers).recommend

    def vector(mid):
        m = kb.method(mid)
        return [m.cap(c.capability) != c.prefer for c in kb.ranking.criteria] + [
            kb.ranking.order.index(mid)]

    assert list(recommend) == sorted(recommend, key=vector)
    assert sorted(recommend) == sorted(engine.candidates(kb, answers))


@settings(max_examples=200, deadline=None)
@given(answer_sets(real_kb()))
def test_each_exclusion_is_the_first_answer_the_method_fails(answers):
    kb = real_kb()
    given_ = engine.clean(kb, answers)
    keys = [q.key for q in kb.questions]
    for e in engine.resolve(kb, answers).excluded:
        assert given_[e.question] == e.answer
        upto = keys.index(e.question)
        before = {k: v for k, v in given_.items() if keys.index(k) < upto}
        through = {k: v for k, v in given_.items() if keys.index(k) <= upto}
        assert e.method in engine.candidates(kb, before)
        assert e.method not in engine.candidates(kb, through)


def test_ranking_follows_the_article_for_private_linux():
    """CONTRACT.md 5.5: EICE above Session Manager for administration; Session Manager first for bulk
    transfer and for command recording."""
    kb = pinned_kb()  # the brief's table: a new method in data/kb.yaml cannot move it
    admin = {"broken": "no", "os": "linux", "ui": "terminal", "reach": "none", "inbound": "no",
             "egress": "yes", "iam_audit": "yes", "client": "windows"}
    assert engine.resolve(kb, admin).recommend[:2] == (
        "ec2-instance-connect-endpoint", "session-manager"), \
        "data/kb.yaml ranking.criteria: the agent and instance_egress criteria must rank EICE first"
    assert engine.resolve(kb, {**admin, "bulk": "yes"}).recommend[:1] == ("session-manager",)
    assert engine.resolve(kb, {**admin, "session_log": "yes"}).recommend[:1] == ("session-manager",)
    assert engine.met(kb, "ec2-instance-connect-endpoint") == kb.ranking.criteria
    assert [c.capability for c in engine.met(kb, "session-manager")] == [
        "inbound_from_client", "iam_controlled", "server_to_maintain"]


def test_both_names_the_pair_computed_from_capabilities():
    kb = pinned_kb()  # the brief's table: a new method in data/kb.yaml cannot move it
    given = {"broken": "no", "os": "linux", "ui": "terminal", "reach": "none", "inbound": "no",
             "egress": "yes", "iam_audit": "yes", "bulk": "both", "client": "windows"}
    result = engine.resolve(kb, given)
    assert result.pair == (("administration", "ec2-instance-connect-endpoint"),
                           ("bulk", "session-manager"))
    assert result.recommend == engine.resolve(kb, {**given, "bulk": "no"}).recommend
    assert result.job("session-manager") == "bulk" and result.job("putty") is None
    # No pair where the answers do not ask for one, or where the first method suits bulk too.
    assert engine.resolve(kb, {**given, "bulk": "no"}).pair == ()
    assert engine.resolve(kb, {**given, "egress": "no"}).pair == ()  # EICE alone: no bulk method
    public = {**given, "reach": "public", "inbound": "yes", "egress": "no"}
    assert engine.resolve(kb, public).pair == (("administration", "ec2-instance-connect-endpoint"),
                                               ("bulk", "ec2-instance-connect"))
