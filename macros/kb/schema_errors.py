"""Turn one jsonschema error into Problems in the shared grammar, with a fix for each."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import Any, Iterator

from jsonschema import ValidationError

from .document import Document, JsonPath, describe
from .problems import Problem

_TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "a string",
               "boolean": "true or false", "integer": "a whole number", "number": "a number",
               "null": "null"}


@dataclass(frozen=True)
class _Error:
    """One jsonschema error with what every converter needs."""

    doc: Document
    keyword: str  # the failing schema keyword: "required", "enum", ...
    message: str  # jsonschema's own message, for keywords without a converter
    root: dict[str, Any]  # the whole schema, for $ref lookups
    path: JsonPath
    value: Any  # the offending value, as the schema saw it
    schema: dict[str, Any]  # the failing subschema, $ref resolved
    argument: Any  # the keyword's value in the schema (the enum list, the minimum, ...)
    hint: str  # " (YAML reads unquoted yes as true)" or ""


def convert(doc: Document, root: dict[str, Any], error: ValidationError) -> Iterator[Problem]:
    """The Problems one jsonschema error stands for (a missing-keys error may name several)."""
    path = tuple(error.absolute_path)
    e = _Error(doc, str(error.validator), error.message, root, path, error.instance,
               _resolve(root, error.schema), error.validator_value,
               _yaml_hint(doc, path, error.instance))
    yield from _HANDLERS.get(e.keyword, _invalid)(e)


def _required(e: _Error) -> Iterator[Problem]:
    for key in e.argument:
        if isinstance(e.value, dict) and key not in e.value:
            sub = _resolve(e.root, e.schema.get("properties", {}).get(key, {}))
            yield e.doc.problem(e.path + (key,), "schema-required", "must be present",
                                _add_fix(key, sub, e.root))


def _unknown_key(e: _Error) -> Iterator[Problem]:
    allowed = list(e.schema.get("properties", {}))
    for key in [k for k in e.value if k not in allowed]:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
        yield e.doc.problem(e.path + (key,), "schema-unknown-key",
                            f"must be one of the known keys {', '.join(allowed)}; "
                            f"got {describe(key)}", f"rename it to {close[0]}" if close
                            else "remove it, or move it to where it belongs")


def _type(e: _Error) -> Iterator[Problem]:
    phrase = _type_phrase(e.schema)
    scalar = isinstance(e.value, (bool, int, float)) and "string" in _types(e.schema)
    if e.hint or scalar:  # text YAML turned into a boolean or number: quoting restores it
        fix = f'quote it: "{e.doc.raw_bools.get(e.path, describe(e.value))}"'
    else:
        fix = 'write it as {en: "...", ja: "..."}' if _is_text(e.schema) else f"make it {phrase}"
    yield e.doc.problem(e.path, "schema-type",
                        f"must be {phrase}; got {describe(e.value)}{e.hint}", fix)


def _enum(e: _Error) -> Iterator[Problem]:
    words = ", ".join(describe(v).strip("'") for v in e.argument)
    # An item of a list is reported on the list, as "must be a list of ...", at the item's line.
    in_list = bool(e.path) and isinstance(e.path[-1], int) and \
        isinstance(e.doc.node(e.path[:-1]), list)
    yield e.doc.problem(e.path[:-1] if in_list else e.path, "schema-enum",
                        f"must be {'a list of' if in_list else 'one of'} {words}; "
                        f"got {describe(e.value)}{e.hint}", f"use one of {words}",
                        line=e.doc.locate(e.path))


def _empty(e: _Error) -> Iterator[Problem]:
    yield e.doc.problem(e.path, "schema-empty", "must not be empty", _write_fix(e.path))


def _min_items(e: _Error) -> Iterator[Problem]:
    noun = "item" if isinstance(e.value, list) else "entry"
    nouns = noun if e.argument == 1 else ("items" if noun == "item" else "entries")
    yield e.doc.problem(e.path, "schema-min-items",
                        f"must have at least {e.argument} {nouns}; got {len(e.value) or 'none'}",
                        f"add at least {'one' if e.argument == 1 else e.argument} {nouns}")


def _unique(e: _Error) -> Iterator[Problem]:
    index = next(i for i, item in enumerate(e.value) if item in e.value[:i])
    shown = describe(e.value[index])
    yield e.doc.problem(e.path, "schema-unique", f"must not repeat an item; got {shown} twice",
                        f"remove the second {shown.strip(chr(39))}",
                        line=e.doc.locate(e.path + (index,)))


def _pattern(e: _Error) -> Iterator[Problem]:
    yield e.doc.problem(e.path, "schema-pattern",
                        f"must be {e.schema.get('patternErrorMessage', 'well formed')}; "
                        f"got {describe(e.value)}", _pattern_fix(e.value, e.argument))


def _too_long(e: _Error) -> Iterator[Problem]:
    length = len(e.value) if isinstance(e.value, str) else 0
    yield e.doc.problem(e.path, "schema-too-long",
                        f"must be at most {e.argument} characters; got {length:,}",
                        "shorten it: ids and keys appear in published URLs")


def _date(e: _Error) -> Iterator[Problem]:
    yield e.doc.problem(e.path, "schema-date",
                        f"must be a date written YYYY-MM-DD; got {describe(e.value)}",
                        "write a real date as YYYY-MM-DD, unquoted")


def _exactly_one(e: _Error) -> Iterator[Problem]:
    if not all(list(b) == ["required"] for b in e.argument):
        yield from _invalid(e)
        return
    if not isinstance(e.value, dict):
        return  # on a non-mapping, `required` holds vacuously: the type error says it all
    keys = [b["required"][0] for b in e.argument]
    given = [k for k in keys if k in e.value] or ["none"]
    yield e.doc.problem(e.path, "schema-exactly-one",
                        f"must have exactly one of {', '.join(keys)}; got {' and '.join(given)}",
                        f"keep exactly one of {', '.join(keys)}")


def _invalid(e: _Error) -> Iterator[Problem]:
    yield e.doc.problem(e.path, "schema-invalid", f"must satisfy '{e.keyword}': {e.message}",
                        "see this field's description in data/kb.schema.json")


_HANDLERS = {"required": _required, "additionalProperties": _unknown_key, "type": _type,
             "enum": _enum, "minLength": _empty, "minItems": _min_items,
             "minProperties": _min_items, "uniqueItems": _unique, "pattern": _pattern,
             "format": _date, "oneOf": _exactly_one, "maxLength": _too_long}


def _resolve(root: dict, schema: dict) -> dict:
    # Local $ref only (#/$defs/x); siblings of the $ref (title, examples) win over the target.
    merged = dict(schema)
    while "$ref" in merged:
        target = root
        for part in merged.pop("$ref").lstrip("#/").split("/"):
            target = target[part]
        merged = {**target, **merged}
    return merged


def _types(schema: dict) -> list[str]:
    kind = schema.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def _is_text(schema: dict) -> bool:
    return set(schema.get("properties", {})) == {"en", "ja"}


def _type_phrase(schema: dict) -> str:
    if _is_text(schema):
        return "a mapping with en and ja"
    if schema.get("format") == "date":
        return "a date written YYYY-MM-DD"
    words = [_TYPE_WORDS.get(t, t) for t in _types(schema)]
    if len(words) > 1:  # "true/false or a string" reads better than "true or false or ..."
        words = ["true/false" if w == _TYPE_WORDS["boolean"] else w for w in words]
    return " or ".join(words)


def _yaml_hint(doc: Document, path: JsonPath, value: Any) -> str:
    # YAML 1.1 reads unquoted yes/no/on/off as booleans: say so, since the file shows 'yes'.
    raw = doc.raw_bools.get(path) if isinstance(value, bool) else None
    if raw is None or raw.lower() in ("true", "false"):
        return ""
    return f" (YAML reads unquoted {raw} as {describe(value)})"


def _write_fix(path: JsonPath) -> str:
    language = {"en": "English", "ja": "Japanese"}.get(path[-1] if path else None)
    return f"write the {language} text" if language else "write a value"


def _add_fix(key: str, schema: dict, root: dict) -> str:
    if key in ("en", "ja"):
        return f'{_write_fix((key,))}: {key}: "..."'
    return f"add {key}: {_sample(schema, root)}"


def _sample(schema: dict, root: dict) -> str:
    """A YAML snippet that has the right shape for `schema`."""
    if "examples" in schema and not _types(schema) == ["boolean"]:
        return _flow(schema["examples"][0])
    if "enum" in schema:
        return "one of " + ", ".join(map(str, schema["enum"]))
    if _is_text(schema):
        return '{en: "...", ja: "..."}'
    kinds = _types(schema)
    if schema.get("format") == "date":
        return "YYYY-MM-DD"
    if kinds == ["boolean"]:
        return "true or false"
    if kinds == ["array"]:
        return "[...]"
    if kinds == ["object"]:
        required = schema.get("required", [])
        if 0 < len(required) <= 2:
            parts = [f"{k}: {_sample(_resolve(root, schema['properties'][k]), root)}"
                     for k in required]
            return "{" + ", ".join(parts) + "}"
        return "{...}"
    return '"..."'


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, str) and (not re.fullmatch(r"[\w./:-]+", value)
                                   or value.lower() in ("yes", "no", "on", "off", "null")):
        return json.dumps(value, ensure_ascii=False)
    return describe(value).strip("'")


def _pattern_fix(value: str, pattern: str) -> str:
    for joiner in "-_":  # ids join words with hyphens, question keys with underscores
        candidate = re.sub(r"[^a-z0-9]+", joiner, value.lower()).strip(joiner)
        if candidate and re.fullmatch(pattern, candidate):
            return f"use {candidate!r}"
    return "rename it in lowercase letters and digits"
