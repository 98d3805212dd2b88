"""Data text always shows literally: no tag, emphasis, link or template from the YAML survives."""

from __future__ import annotations

import pytest

from macros.render.text import esc
from test_render_support import LANGS, clean, fixture_kb, pages, render, to_html

KB = fixture_kb()
CASES = [(name, lang) for name in pages(KB) for lang in LANGS]
IDS = [f"{n}.{l}" for n, l in CASES]


@pytest.mark.parametrize(("name", "lang"), CASES, ids=IDS)
def test_no_markup_from_data(name: str, lang: str) -> None:
    """No script/b/i element, no javascript: link, no emphasis made of data text."""
    page = render(pages(KB)[name](lang))
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "b", "i", "em"}
    assert not [href for href in page.hrefs if "javascript" in href.lower()]
    html = to_html(pages(KB)[name](lang))
    assert "<strong>bold</strong>" not in html and "<strong>at all</strong>" not in html
    assert "49" not in page.text  # {{ 7*7 }} is never evaluated


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_strings_show_literally_on_method_page(lang: str) -> None:
    """Each hostile value of the fixture appears as text, exactly as written in the YAML."""
    method = KB.method("session-manager")
    page = render(pages(KB)["method-session-manager"](lang))
    text = clean(page.text)
    for value in (method.summary.get(lang), method.description.get(lang),
                  method.prerequisites[0].text.get(lang), method.prerequisites[1].text.get(lang),
                  method.benefits[0].text.get(lang), method.limitations[0].text.get(lang),
                  method.connect[0].title.get(lang), method.connect[0].note.get(lang),
                  method.capabilities["instance_egress"].note.get(lang)):
        assert clean(value) in text, value
    assert "<script>alert(1)</script>" in text
    assert "It's **bold**" in text if lang == "en" else "**bold**" in text


@pytest.mark.parametrize("lang", LANGS)
def test_commands_are_verbatim_code(lang: str) -> None:
    """Commands reach the page unescaped inside code blocks, and nowhere outside them."""
    page = render(pages(KB)["method-session-manager"](lang))
    commands = [step.command for step in KB.method("session-manager").connect]
    assert [code.rstrip("\n") for code in page.code] == commands


@pytest.mark.parametrize("lang", LANGS)
def test_pipes_stay_inside_one_cell(lang: str) -> None:
    """A '|' in data never splits a table row: every row has as many cells as the header."""
    for name in pages(KB):
        for table in render(pages(KB)[name](lang)).tables:
            assert len({len(row) for row in table}) == 1, name


def test_escaped_apostrophe_renders_as_apostrophe() -> None:
    """esc() keeps quotes readable (it once produced a visible '&#x27;')."""
    page = render(f"{esc(chr(39) + 'quoted' + chr(34) + ' it' + chr(39) + 's')}")
    assert clean(page.text) == "'quoted\" it's"


@pytest.mark.parametrize("value", ["- item", "1. item", "# heading", "> quote", "+ x",
                                   "<b>x</b>", "**x**", "_x_", "[x](y)", "`x`", "{ #id }", "|",
                                   "{{ x }}", "{% x %}", "&amp;", "~~x~~", "![i](u)"])
def test_esc_is_literal_in_a_paragraph(value: str) -> None:
    """Any Markdown or HTML syntax passed through esc() renders as its own text."""
    for markdown, expected in ((f"Text: {esc(value)}", f"Text: {value}"), (esc(value), value)):
        page = render(markdown)
        assert clean(page.text) == expected
        assert {tag for tag, _ in page.tags} == {"p"}
    cell = render(f"| a |\n| --- |\n| {esc(value)} |").tables[0][1][0]
    assert clean(cell.text) == value
    item = render(f"- {esc(value)}").list_items[0]
    assert clean(item.text) == value
