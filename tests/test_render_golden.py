"""Golden tests: every page rendered from the fixture knowledge base, byte for byte.

Regenerate deliberately, then review the diff before committing:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render_golden.py
"""

from __future__ import annotations

import os

import pytest

from test_render_support import GOLDEN, LANGS, fixture_kb, pages

KB = fixture_kb()
CASES = [(name, lang) for name in pages(KB) for lang in LANGS]


@pytest.mark.parametrize(("name", "lang"), CASES, ids=[f"{n}.{l}" for n, l in CASES])
def test_page_matches_golden(name: str, lang: str) -> None:
    """The page equals tests/golden/<page>.<lang>.md."""
    rendered = pages(KB)[name](lang)
    path = GOLDEN / f"{name}.{lang}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"missing {path.name}: run with UPDATE_GOLDEN=1 and review it"
    assert rendered == path.read_text(encoding="utf-8")


def test_rendering_is_deterministic() -> None:
    """Rendering twice gives the same text (no ids from counters or clocks leak between pages)."""
    first = {(name, lang): render(lang) for name, render in pages(KB).items() for lang in LANGS}
    second = {(name, lang): render(lang) for name, render in pages(KB).items() for lang in LANGS}
    assert first == second
