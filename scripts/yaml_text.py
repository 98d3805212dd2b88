"""Small pieces of YAML text the scripts write by hand, to keep a file's comments and layout."""

from __future__ import annotations

import json

import yaml


def list_item(text: str, indent: str = "  ") -> str:
    """One YAML list item holding `text`, quoted only when YAML would read the plain text differently."""
    plain = f"{indent}- {text}"
    try:
        if yaml.safe_load(plain) == [text]:
            return plain
    except yaml.YAMLError:
        pass
    return f"{indent}- {json.dumps(text, ensure_ascii=False)}"
