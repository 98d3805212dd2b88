"""The decision tree: every leaf equals the engine's result, and the tree asks only what matters."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings, strategies as st

from macros.decide import engine, tree as tree_mod
from test_engine_support import all_paths, data_problem, method_path, pinned_kb, real_kb, real_tree, restricted


def nodes_with_paths(tr):
    """Every ask node of the expanded tree with the answers that lead to it."""
    stack = [(tr.root, ())]
    while stack:
        node, path = stack.pop()
        if node.ask is not None:
            yield node, path
            stack.extend((b.node, path + ((node.ask, b.answer),)) for b in node.branches)


def test_every_leaf_is_the_engine_result_of_its_path():
    kb, tr = real_kb(), real_tree()
    paths = all_paths(tr)
    assert len(paths) > 100  # the real tree; a stub would not get here
    for path, result in paths:
        assert result == engine.resolve(kb, dict(path)), path


def test_every_method_is_recommended_on_some_path():
    kb = real_kb()
    seen = {m for _, result in all_paths(real_tree()) for m in result.recommend}
    never = [data_problem(method_path(m.id, "capabilities"), "never-recommended",
                          "must be recommended for some answers; no path of the tree recommends it",
                          "check its capabilities against the questions' requires (one of them "
                          "rules it out for every answer)")
             for m in kb.methods if m.id not in seen]
    assert not never, "\n".join(never)


def test_questions_come_once_each_in_data_order():
    order = [q.key for q in real_kb().questions]
    for path, _ in all_paths(real_tree()):
        asked = [q for q, _ in path]
        assert len(asked) == len(set(asked)), path
        assert asked == sorted(asked, key=order.index), path


def test_every_question_asked_splits_the_candidates():
    kb = real_kb()
    for node, path in nodes_with_paths(real_tree()):
        q = kb.question(node.ask)
        assert [b.answer for b in node.branches] == [a.key for a in q.answers]
        sets = {engine.candidates(kb, {**dict(path), q.key: a.key}) for a in q.answers}
        assert len(sets) >= 2, (path, q.key)


def test_no_question_left_would_change_a_leaf():
    kb = real_kb()
    for path, result in all_paths(real_tree()):
        asked = dict(path)
        for q in kb.questions:
            if q.key in asked:
                continue
            for a in q.answers:
                got = engine.candidates(kb, {**asked, q.key: a.key})
                assert got == result.recommend, (path, q.key, a.key)


def test_empty_leaves_name_every_single_change_that_leaves_a_method():
    kb = real_kb()
    empty = [(p, r) for p, r in all_paths(real_tree()) if not r.recommend]
    assert empty, "the real tree has combinations that leave no method"
    for path, result in empty:
        assert result.reconsider, path
        expected = []
        for key, given in path:
            instead = tuple((a.key, engine.candidates(kb, {**dict(path), key: a.key}))
                            for a in kb.question(key).answers if a.key != given)
            instead = tuple((a, ids) for a, ids in instead if ids)
            if instead:
                expected.append(engine.Reconsider(key, given, instead))
        assert result.reconsider == tuple(expected), path


def test_identical_subtrees_are_shared_in_memory():
    tr = real_tree()
    expanded = sum(1 for _ in nodes_with_paths(tr)) + len(all_paths(tr))
    assert tr.unique_nodes < expanded / 2


def test_the_tree_depends_only_on_capabilities():
    # The fixture methods carry the brief's capability table with placeholder texts; the real
    # data narrowed to the same methods must give the same tree (a new method is left out).
    table_kb = pinned_kb()
    real = restricted(real_kb(), [m.id for m in table_kb.methods])
    mine = [(p, r.recommend) for p, r in all_paths(tree_mod.build(real))]
    table = [(p, r.recommend) for p, r in all_paths(tree_mod.build(table_kb))]
    differ = next(((a, b) for a, b in zip(mine, table) if a != b), None)
    assert mine == table, (
        f"data/kb.yaml: methods: the decision tree of the brief's methods differs from the one of "
        f"tests/fixtures/engine_methods.yaml at {differ} [decided-table] (fix: the capabilities of "
        f"those methods drifted; tests/test_engine.py::test_real_capabilities_follow_the_decided_"
        f"table names each one)")


def test_walk_stops_at_the_first_question_without_an_answer():
    tr = real_tree()
    assert tree_mod.walk(tr, {}) == tree_mod.Walk((), "broken", None)
    walked = tree_mod.walk(tr, {"broken": "no", "os": "linux", "bogus": "x", "bulk": "yes"})
    assert (walked.path, walked.missing) == ((("broken", "no"), ("os", "linux")), "ui")


def test_a_per_lookup_answered_later_is_rechecked():
    # Ask the interface before the instance OS, with only methods that run on both OSes: the OS
    # rules nothing out by itself, yet it must be asked because it changes what "desktop" means.
    kb = real_kb()
    methods = tuple(m for m in kb.methods if {"linux", "windows"} <= set(m.cap("instance_os")))
    order = ["ui", "os"] + [q.key for q in kb.questions if q.key not in {"ui", "os"}]
    swapped = dataclasses.replace(kb, methods=methods,
                                  questions=tuple(kb.question(k) for k in order),
                                  ranking=dataclasses.replace(kb.ranking,
                                                              order=tuple(m.id for m in methods)))
    tr = tree_mod.build(swapped)
    for path, result in all_paths(tr):
        assert result == engine.resolve(swapped, dict(path)), path
    walked = tree_mod.walk(tr, {"broken": "no", "ui": "desktop", "os": "linux"})
    assert walked.path[:2] == (("ui", "desktop"), ("os", "linux"))
    assert walked.result.recommend == ()
    assert ("ec2-instance-connect-endpoint", "ui") in [(e.method, e.question)
                                                      for e in walked.result.excluded]


def full_answers(kb):
    """An answer to every question."""
    return st.fixed_dictionaries({q.key: st.sampled_from([a.key for a in q.answers])
                                  for q in kb.questions})


@settings(max_examples=300, deadline=None)
@given(full_answers(real_kb()))
def test_walking_with_every_answer_recommends_what_the_engine_does(answers):
    walked = tree_mod.walk(real_tree(), answers)
    assert walked.missing is None
    assert walked.result.recommend == engine.resolve(real_kb(), answers).recommend
