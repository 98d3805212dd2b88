"""Property-based tests of the decision engine and tree that the example tests leave open.

tests/test_engine.py and tests/test_tree.py already check, on the real data, that every method is
recommended or excluded (once), that the ranking follows the criteria, that an exclusion names the
first answer the method fails, that every tree leaf is the engine's result and that walking with
every question answered agrees with the engine. Added here:

- on the real data, for any answers: the exclusion's reason is that of the constraint that really
  fails (plus the capability's note); a further answer never brings a method back; walking the
  tree with only some answers stops at an unanswered question or agrees with the engine; an empty
  result names exactly the single changes that would leave a method;
- on random capability tables (Hypothesis draws every capability of every method from its
  vocabulary), the tree/engine agreement and the partition, so the logic does not merely fit
  today's nine methods.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from macros.decide import engine, tree as tree_mod
from macros.kb.model import (AGENTS, CAPABILITY_KINDS, CLIENT_OSES, INSTANCE_OSES, INTERFACES,
                          REACHES, SESSION_LOGGING, SSH_KEYS, Capability, KnowledgeBase, Ranking)
from test_engine import answer_sets
from test_engine_support import real_kb, real_tree
from test_tree import nodes_with_paths

REAL = real_kb()
QUESTION_ORDER = [q.key for q in REAL.questions]
SETTINGS = settings(max_examples=200, deadline=None)


def first_failing(kb: KnowledgeBase, method_id: str, answers: dict[str, str]):
    """(question, answer, constraint) of the first constraint the method fails, by brute force."""
    given_ = engine.clean(kb, answers)
    m = kb.method(method_id)
    for q in kb.questions:  # question order, then the answer's constraints in data order
        if q.key in given_:
            for c in q.answer(given_[q.key]).requires:
                if not engine.satisfies(m, c, given_):
                    return q.key, given_[q.key], c
    return None


@SETTINGS
@given(answer_sets(REAL))
def test_the_reason_is_the_failing_constraints_reason_and_note(answers):
    for e in engine.resolve(REAL, answers).excluded:
        question, answer, constraint = first_failing(REAL, e.method, answers)
        assert (e.question, e.answer) == (question, answer)
        assert not engine.satisfies(REAL.method(e.method), constraint, engine.clean(REAL, answers))
        note = REAL.method(e.method).capabilities[constraint.capability].note
        assert e.reason.en == constraint.reason.en + ("" if note is None else " " + note.en)
        assert e.reason.ja == constraint.reason.ja + ("" if note is None else note.ja)
    for mid in engine.resolve(REAL, answers).recommend:
        assert first_failing(REAL, mid, answers) is None


@SETTINGS
@given(answer_sets(REAL), st.sampled_from(REAL.questions), st.data())
def test_a_further_answer_never_brings_a_method_back(answers, question, data):
    extra = data.draw(st.sampled_from([a.key for a in question.answers]))
    before = set(engine.candidates(REAL, {k: v for k, v in answers.items() if k != question.key}))
    after = set(engine.candidates(REAL, {**answers, question.key: extra}))
    assert after <= before


@SETTINGS
@given(answer_sets(REAL))
def test_walking_with_some_answers_stops_or_agrees_with_the_engine(answers):
    walked = tree_mod.walk(real_tree(), answers)
    given_ = engine.clean(REAL, answers)
    assert all(given_.get(q) == a for q, a in walked.path)
    if walked.missing is not None:
        assert walked.missing not in given_ or given_[walked.missing] not in {
            a.key for a in REAL.question(walked.missing).answers}
        assert walked.result is None
        return
    # Answers the tree did not ask about cannot change what it recommends.
    assert walked.result.recommend == engine.resolve(REAL, given_).recommend
    assert walked.result == engine.resolve(REAL, dict(walked.path))


@SETTINGS
@given(answer_sets(REAL))
def test_an_empty_result_names_every_single_change_that_leaves_a_method(answers):
    given_ = engine.clean(REAL, answers)
    result = engine.resolve(REAL, given_)
    if result.recommend:
        assert result.reconsider == ()
        return
    expected = []
    for key in [k for k in QUESTION_ORDER if k in given_]:
        instead = [(a.key, engine.candidates(REAL, {**given_, key: a.key}))
                   for a in REAL.question(key).answers if a.key != given_[key]]
        instead = tuple((a, ids) for a, ids in instead if ids)
        if instead:
            expected.append(engine.Reconsider(key, given_[key], instead))
    assert result.reconsider == tuple(expected)


# ---- random capability tables -----------------------------------------------------------------

def subsets(values) -> st.SearchStrategy:
    """Non-empty sub-lists of `values`, in vocabulary order."""
    return st.lists(st.sampled_from(values), min_size=1, unique=True).map(
        lambda chosen: tuple(v for v in values if v in chosen))


@st.composite
def capability_table(draw, base=REAL.methods[0]):
    """One method: the real first method's texts under a new id, every capability drawn."""
    oses = draw(subsets(INSTANCE_OSES))
    values = {"instance_os": oses, "client_os": draw(subsets(CLIENT_OSES)),
              "interfaces": {os_: draw(subsets(INTERFACES)) for os_ in oses},
              "reach": draw(subsets(REACHES)), "agent": draw(st.sampled_from(AGENTS)),
              "session_logging": draw(st.sampled_from(SESSION_LOGGING)),
              "ssh_keys": draw(st.sampled_from(SSH_KEYS)),
              "max_session": draw(st.sampled_from([None, 3600]))}
    caps = {}
    for name, kind in CAPABILITY_KINDS.items():
        value = values[name] if name in values else draw(st.booleans())
        assert kind != "bool" or isinstance(value, bool)
        caps[name] = Capability(value=value)
    return caps


@st.composite
def random_kbs(draw):
    """The real questions, criteria and scenarios-free KB over 2 to 6 random methods."""
    tables = draw(st.lists(capability_table(), min_size=2, max_size=6))
    methods = tuple(dataclasses.replace(REAL.methods[0], id=f"m{i}", capabilities=caps)
                    for i, caps in enumerate(tables))
    order = tuple(draw(st.permutations([m.id for m in methods])))
    ranking = Ranking(explanation=REAL.ranking.explanation, criteria=REAL.ranking.criteria,
                      order=order)
    return dataclasses.replace(REAL, methods=methods, ranking=ranking, scenarios=())


RANDOM = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUIET_REPR = pytest.mark.filterwarnings("ignore:Generating overly large repr")  # a whole KB


@QUIET_REPR
@RANDOM
@given(random_kbs())
def test_on_random_tables_every_leaf_is_the_engine_result(kb):
    tr = tree_mod.build(kb)
    for path, result in tree_mod.paths(tr):
        assert result == engine.resolve(kb, dict(path)), path
        asked = [q for q, _ in path]
        assert asked == sorted(asked, key=QUESTION_ORDER.index) and len(set(asked)) == len(asked)
    for node, path in nodes_with_paths(tr):
        assert question_matters(kb, dict(path), node.ask), (path, node.ask)


def question_matters(kb: KnowledgeBase, path: dict[str, str], key: str) -> bool:
    """Some answer to `key` changes the candidates, now or through a later `per: key` lookup.

    (Brief: ask a question "for which some answer changes the candidate set". Every answer may
    change it the same way, e.g. when no answer fits the methods left: the tree still asks.)
    """
    q = kb.question(key)
    now = engine.candidates(kb, path)
    if any(engine.candidates(kb, {**path, key: a.key}) != now for a in q.answers):
        return True
    later = [r for r in kb.questions[QUESTION_ORDER.index(key) + 1:] if r.key not in path
             and any(c.per == key for b in r.answers for c in b.requires)]
    # Unanswered, a `per` lookup reads the union of every OS entry; any answer may narrow it.
    return any(engine.candidates(kb, {**path, key: a.key, r.key: b.key})
               != engine.candidates(kb, {**path, r.key: b.key})
               for r in later for b in r.answers for a in q.answers)


@QUIET_REPR
@RANDOM
@given(random_kbs(), st.data())
def test_on_random_tables_answers_partition_and_walks_agree(kb, data):
    answers = data.draw(answer_sets(kb))
    result = engine.resolve(kb, answers)
    excluded = [e.method for e in result.excluded]
    assert sorted(result.recommend + tuple(excluded)) == sorted(m.id for m in kb.methods)
    assert len(set(excluded)) == len(excluded)
    for e in result.excluded:
        question, answer, _ = first_failing(kb, e.method, answers)
        assert (e.question, e.answer) == (question, answer)
    walked = tree_mod.walk(tree_mod.build(kb), answers)
    if walked.missing is None:
        assert walked.result.recommend == result.recommend
