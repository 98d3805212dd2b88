"""/api/v1/decision-tree.json and methods.json: the spec's shape, the schemas, and the same results."""

from __future__ import annotations

import json

import jsonschema
import pytest

from macros import api, tree as tree_mod
from macros.model import CAPABILITY_KINDS
from test_engine_support import SCHEMAS, all_paths, real_kb, real_tree


@pytest.fixture(scope="module")
def tree_doc():
    return json.loads(api.decision_tree_json(real_kb()))


@pytest.fixture(scope="module")
def methods_doc():
    return json.loads(api.methods_json(real_kb()))


def nodes(node, path=()):
    """Every node of a JSON tree with the answers leading to it."""
    yield node, path
    for answer, child in node.get("answers", {}).items():
        yield from nodes(child, path + ((node["ask"], answer),))


@pytest.mark.parametrize("name, fixture", [("decision-tree", "tree_doc"), ("methods", "methods_doc")])
def test_output_matches_its_schema(name, fixture, request):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(request.getfixturevalue(fixture)))
    assert errors == []


def test_decision_tree_has_the_spec_shape(tree_doc):
    kb = real_kb()
    assert list(tree_doc) == ["version", "methods", "questions", "tree"]
    assert tree_doc["version"] == 1
    assert tree_doc["methods"] == [m.id for m in kb.methods]
    assert tree_doc["questions"] == [
        {"key": q.key, "text": {"en": q.text.en, "ja": q.text.ja},
         "answers": [{"key": a.key, "text": {"en": a.text.en, "ja": a.text.ja}} for a in q.answers]}
        for q in kb.questions]
    for node, path in nodes(tree_doc["tree"]):
        if "ask" in node:
            assert set(node) == {"ask", "answers"}
            assert list(node["answers"]) == [a.key for a in kb.question(node["ask"]).answers]
            continue
        assert set(node) == ({"recommend", "excluded", "reconsider"} if not node["recommend"]
                             else {"recommend", "excluded"}), path
        for e in node["excluded"]:
            assert list(e) == ["method", "question", "answer", "reason"]
            assert list(e["reason"]) == ["en", "ja"]
            assert (e["question"], e["answer"]) in path
        ids = node["recommend"] + [e["method"] for e in node["excluded"]]
        assert sorted(ids) == sorted(tree_doc["methods"])


def test_walking_the_json_gives_the_tree_result(tree_doc):
    tr = real_tree()
    for path, result in all_paths(tr):
        leaf = api.walk_json(tree_doc["tree"], dict(path))
        assert leaf["recommend"] == list(result.recommend)
        assert leaf["excluded"] == [api.exclusion_json(e) for e in result.excluded]
        assert leaf.get("reconsider", []) == [api.reconsider_json(r) for r in result.reconsider]
    assert api.walk_json(tree_doc["tree"], {"broken": "no"}) is None


def test_the_streamed_text_is_the_json_of_the_document():
    kb = real_kb()
    expected = json.dumps(api.decision_tree(kb), ensure_ascii=False, separators=(",", ":")) + "\n"
    assert api.decision_tree_json(kb) == expected


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
    s = kb.scenarios[0]
    leaf = api.walk_json(doc["tree"], s.all_answers(kb.questions))
    example = json.dumps(leaf, ensure_ascii=False, indent=2)
    from macros.render_decide import api_page
    for lang, base in (("en", "./v1/"), ("ja", "../../api/v1/")):
        page = api_page(kb, lang)
        assert page.startswith("# ")
        assert example in page
        for name in ("decision-tree.json", "methods.json"):
            assert f'href="{base}{name}"' in page
        for anchor in ("decision-tree", "walking", "methods", "versioning"):
            assert f"{{ #{anchor} }}" in page


def test_shared_subtrees_are_written_out_in_full(tree_doc):
    # The JSON must stay walkable as the spec writes it: no references, one node per path.
    leaves = [n for n, _ in nodes(tree_doc["tree"]) if "ask" not in n]
    assert len(leaves) == len(all_paths(real_tree()))
    assert len(leaves) > tree_mod.build(real_kb()).unique_nodes
