"""data/kb.schema.json: a valid 2020-12 schema that documents every field and mirrors the model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterator

from jsonschema import Draft202012Validator

from macros.kb import model
from macros.kb.problems import position
from macros.kb.schema import SCHEMA_PATH, load_schema, to_json

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = load_schema()
DEFS = SCHEMA["$defs"]
CAPS = DEFS["capabilities"]["properties"]
LIST_VOCABULARIES = {"instance_os": model.INSTANCE_OSES, "client_os": model.CLIENT_OSES,
                     "reach": model.REACHES}
ENUM_VOCABULARIES = {"agent": model.AGENTS, "session_logging": model.SESSION_LOGGING,
                     "ssh_keys": model.SSH_KEYS}


def properties(node: Any, path: str = "$") -> Iterator[tuple[str, dict]]:
    """Every (path, schema) under a `properties` keyword anywhere in the schema."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}.{name}", sub
        for key, sub in node.items():
            yield from properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from properties(sub, f"{path}[{position(index)}]")  # 1 = the first


def test_schema_is_valid_draft_2020_12():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


def test_every_property_has_a_title_and_a_description_for_editors():
    missing = [path for path, sub in properties(SCHEMA)
               if not (sub.get("title") and sub.get("description"))]
    assert missing == []


def test_every_object_rejects_unknown_keys():
    open_objects = [path for path, sub in properties(SCHEMA)
                    if sub.get("type") == "object" and sub.get("additionalProperties") is not False
                    and path.split(".")[-1] not in ("answers", "assumed")]  # question key -> answer
    assert open_objects == []
    assert SCHEMA["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in DEFS.values()
               if d.get("type") == "object")


def test_texts_need_both_languages_non_empty():
    text = DEFS["text"]
    assert text["required"] == ["en", "ja"]
    assert [text["properties"][lang]["minLength"] for lang in model.LANGS] == [1, 1]


def test_capabilities_are_the_models_with_its_vocabularies():
    assert list(CAPS) == list(model.CAPABILITY_KINDS)
    assert DEFS["capabilities"]["required"] == list(model.CAPABILITY_KINDS)
    for name, kind in model.CAPABILITY_KINDS.items():
        value = CAPS[name]["properties"]["value"]
        assert CAPS[name]["required"] == ["value"]
        if kind == "list":
            assert value["items"]["enum"] == list(LIST_VOCABULARIES[name]), name
        elif kind == "enum":
            assert value["enum"] == list(ENUM_VOCABULARIES[name]), name
        elif kind == "bool":
            assert value["type"] == "boolean", name
        elif kind == "seconds":
            assert value["type"] == ["integer", "null"], name
        else:
            assert list(value["properties"]) == list(model.INSTANCE_OSES)
            assert {k: v["items"]["enum"] for k, v in value["properties"].items()} == {
                os_: list(model.INTERFACES) for os_ in model.INSTANCE_OSES}


def test_footnote_tables_are_the_models():
    assert DEFS["footnote"]["properties"]["table"]["enum"] == list(model.TABLES)


def test_constraints_take_exactly_one_operator():
    assert DEFS["constraint"]["oneOf"] == [{"required": ["equals"]}, {"required": ["includes"]},
                                           {"required": ["one_of"]}]


def test_method_keys_are_the_models_fields():
    method = DEFS["method"]
    assert set(method["properties"]) == set(model.Method.__dataclass_fields__)
    assert set(method["properties"]) - set(method["required"]) == {"changes", "footnotes", "caveat", "path"}


def test_step_shells_are_the_models():
    assert DEFS["step"]["properties"]["shell"]["enum"] == list(model.SHELLS)


def test_dates_reach_the_schema_as_iso_text():
    assert to_json({"a": [dt.date(2026, 11, 28)], "b": dt.datetime(2026, 11, 28, 9, 30)}) == {
        "a": ["2026-11-28"], "b": "2026-11-28T09:30:00"}


def test_the_knowledge_base_points_editors_at_the_schema():
    first = (ROOT / "data" / "kb.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=kb.schema.json"
    assert SCHEMA_PATH == ROOT / "data" / "kb.schema.json"
