"""/api/v1/decision-tree.json and methods.json: the contract's shape, the schemas, and the same results."""

from __future__ import annotations

import json

import jsonschema
import pytest

from macros.decide import api
from macros.kb.model import CAPABILITY_KINDS
from test_engine_support import SCHEMAS, all_paths, real_kb, real_tree


@pytest.fixture(scope="module")
def tree_doc():
    return json.loads(api.decision_tree_json(real_kb()))


@pytest.fixture(scope="module")
def methods_doc():
    return json.loads(api.methods_json(real_kb()))


@pytest.mark.parametrize("name, fixture", [("decision-tree", "tree_doc"), ("methods", "methods_doc")])
def test_output_matches_its_schema(name, fixture, request):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in
              jsonschema.Draft202012Validator(schema).iter_errors(request.getfixturevalue(fixture))]
    assert errors == [], f"data/api/{name}.schema.json rejects the output: {errors[:5]}"


def test_decision_tree_has_the_spec_shape(tree_doc):
    kb = real_kb()
    assert list(tree_doc) == ["version", "methods", "questions", "reasons", "root", "nodes"]
    assert tree_doc["version"] == 1
    assert tree_doc["methods"] == [m.id for m in kb.methods]
    assert [q["key"] for q in tree_doc["questions"]] == [q.key for q in kb.questions]
    for q, item in zip(kb.questions, tree_doc["questions"]):
        assert item.get("default") == q.default, q.key
        assert item["answers"] == [{"key": a.key, "text": {"en": a.text.en, "ja": a.text.ja}}
                                   for a in q.answers]
    used = set()
    for path, node in api.leaves_json(tree_doc):
        assert set(node) <= {"recommend", "why", "pair", "excluded", "reconsider"}, path
        assert ("reconsider" in node) == (not node["recommend"]), path
        assert list(node["why"]) == node["recommend"], path
        for e in node["excluded"]:
            assert list(e) == ["method", "question", "answer", "reason"]
            assert (e["question"], e["answer"]) in path
            used.add(e["reason"])
        used.update(r for ids in node["why"].values() for r in ids)
        ids = node["recommend"] + [e["method"] for e in node["excluded"]]
        assert sorted(ids) == sorted(tree_doc["methods"])
    for node in tree_doc["nodes"].values():
        if "ask" in node:
            assert list(node["answers"]) == [a.key for a in kb.question(node["ask"]).answers]
            assert all(child in tree_doc["nodes"] for child in node["answers"].values())
    assert used == set(tree_doc["reasons"]), "every reason is used, and every used one written"


def test_walking_the_json_gives_the_tree_result(tree_doc):
    kb, tr = real_kb(), real_tree()
    for path, result in all_paths(tr):
        leaf = api.walk_json(tree_doc, dict(path), defaults=False)
        assert leaf["recommend"] == list(result.recommend)
        assert [(e["method"], e["question"], e["answer"], tree_doc["reasons"][e["reason"]])
                for e in leaf["excluded"]] == [
            (e.method, e.question, e.answer, e.reason.to_json()) for e in result.excluded]
        assert leaf.get("reconsider", []) == [r.question for r in result.reconsider]
        assert leaf.get("pair", []) == [{"job": j, "method": m} for j, m in result.pair]
        for mid in result.recommend:
            assert leaf["why"][mid] == api.why(kb, result, mid)
    assert api.walk_json(tree_doc, {"broken": "no"}, defaults=False) is None


def test_why_names_the_criteria_met_and_the_caveat(tree_doc):
    kb = real_kb()
    s = kb.scenario("replace-bastion-linux-both")
    leaf = api.walk_json(tree_doc, s.all_answers(kb.questions))
    assert leaf["pair"] == [{"job": "administration", "method": "ec2-instance-connect-endpoint"},
                            {"job": "bulk", "method": "session-manager"}]
    eice = leaf["why"]["ec2-instance-connect-endpoint"]
    assert eice[0] == "j-administration" and leaf["why"]["session-manager"][0] == "j-bulk"
    labels = [c.label.to_json() for c in kb.ranking.criteria]
    assert [tree_doc["reasons"][r] for r in eice if r.startswith("c")] == labels
    for mid in leaf["recommend"]:
        caveat = kb.method(mid).caveat
        ids = leaf["why"][mid]
        if caveat is None:
            assert not any(r.startswith("k") for r in ids), mid
        else:
            assert tree_doc["reasons"][ids[-1]] == caveat.text.to_json(), mid


def test_the_text_is_the_json_of_the_document():
    kb = real_kb()
    expected = json.dumps(api.decision_tree(kb), ensure_ascii=False, separators=(",", ":")) + "\n"
    assert api.decision_tree_json(kb) == expected


def test_identical_subtrees_are_one_node(tree_doc):
    # CONTRACT.md 6: the size follows the number of distinct nodes, not the number of paths.
    paths = len(all_paths(real_tree()))
    leaves = sum(1 for n in tree_doc["nodes"].values() if "ask" not in n)
    assert leaves < paths, "identical leaves must be one node"
    contents = [json.dumps(n, sort_keys=True) for n in tree_doc["nodes"].values()]
    assert len(contents) == len(set(contents)), "two nodes of decision-tree.json are identical"
    size = len(api.decision_tree_json(real_kb()).encode())
    assert size < 150_000, f"decision-tree.json is {size:,} bytes; see scripts/bench_tree.py"


def test_output_is_deterministic_readable_json():
    kb = real_kb()
    for make in (api.decision_tree_json, api.methods_json):
        first = make(kb)
        assert first == make(kb)
        assert first.endswith("}\n") and not first.endswith("\n\n")
        assert "\\u" not in first and "インスタンス" in first


def test_methods_json_carries_every_capability_and_its_sources(methods_doc):
    kb = real_kb()
    assert list(methods_doc) == ["version", "methods"] and methods_doc["version"] == 1
    assert [m["id"] for m in methods_doc["methods"]] == [m.id for m in kb.methods]
    for entry in methods_doc["methods"]:
        m = kb.method(entry["id"])
        assert entry["name"] == {"en": m.name.en, "ja": m.name.ja}
        assert entry["verified"] == m.verified.isoformat()
        assert list(entry["capabilities"]) == list(CAPABILITY_KINDS)
        for name, cap in entry["capabilities"].items():
            model = m.capabilities[name]
            value = model.value
            expected = ({k: list(v) for k, v in value.items()} if isinstance(value, dict)
                        else list(value) if isinstance(value, tuple) else value)
            assert cap["value"] == expected, (m.id, name)
            assert cap["unconfirmed"] is model.unconfirmed
            assert cap["note"] == (None if model.note is None else model.note.to_json())
        cited = {s["id"]: s for s in entry["sources"]}
        assert [s["id"] for s in entry["sources"]][:len(m.sources)] == list(m.sources)
        for name in CAPABILITY_KINDS:
            assert set(m.capabilities[name].sources) <= set(cited), (m.id, name)
        for sid, s in cited.items():
            src = kb.source(sid)
            assert s["url"] == {"en": src.url_en, "ja": src.url_ja}
            assert s["verified"] == src.verified.isoformat()


def test_api_page_documents_both_files_with_examples_from_the_data():
    kb = real_kb()
    doc = api.decision_tree(kb)
    s = kb.scenario("replace-bastion-linux-both")
    leaf = api.walk_json(doc, s.all_answers(kb.questions))
    example = json.dumps(leaf, ensure_ascii=False, indent=2)
    from macros.render.decide import api_page
    for lang, base in (("en", "./v1/"), ("ja", "../../api/v1/")):
        page = api_page(kb, lang)
        assert page.startswith("# ")
        assert example in page
        for name in ("decision-tree.json", "methods.json", "decision-tree.schema.json"):
            assert f'href="{base}{name}"' in page
        for anchor in ("decision-tree", "walking", "methods", "versioning"):
            assert f"{{ #{anchor} }}" in page
