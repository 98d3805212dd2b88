"""The /compare/ tables sort by column in Chromium, by mouse and by keyboard, with vendored code."""

from __future__ import annotations

import pytest

from macros.kb.load import load_kb
from tests.conftest import PROJECT_DIR

CAPABILITY_ROWS = "#capabilities ~ div.kb-sortable table tbody tr"


def _first_column(page) -> list[str]:
    return page.eval_on_selector_all(
        "div.kb-sortable table", "ts => Array.from(ts[ts.length - 1].tBodies[0].rows)"
        ".map(r => r.cells[0].innerText.trim())")


@pytest.fixture(scope="module")
def method_names() -> list[str]:
    return [m.name.en for m in load_kb(PROJECT_DIR / "data" / "kb.yaml").methods]


@pytest.mark.parametrize("how", ["click", "keyboard"])
def test_capability_table_sorts_by_method_name(browser, site_url, method_names, how):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(site_url + "compare/")
    # Tables below the first screen are rendered only near the viewport (content-visibility), and
    # innerText reads rendered text: look at the table as a reader would before reading it.
    page.locator("div.kb-sortable table").last.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#capabilities ~ div.kb-sortable table td')"
                           ".innerText.trim() !== ''")
    assert [name.rstrip("0123456789") for name in _first_column(page)] == method_names
    header = page.locator("div.kb-sortable table").last.locator("thead th").first
    if how == "click":
        header.click()
    else:
        header.focus()
        page.keyboard.press("Enter")
    first = [name.rstrip("0123456789") for name in _first_column(page)]
    assert sorted(first, key=str.lower) in (first, first[::-1]) and first != method_names
    assert header.get_attribute("aria-sort") in ("ascending", "descending")
    page.keyboard.press("Enter") if how == "keyboard" else header.click()
    assert [name.rstrip("0123456789") for name in _first_column(page)] == first[::-1]
    assert errors == []
    page.close()


@pytest.mark.parametrize("lang_root", ["", "ja/"])
def test_wide_tables_are_not_cut_and_their_notes_are_reachable(browser, site_url, lang_root):
    # Each wide table renders only near the viewport (content-visibility), which clips painting to
    # its block: the table's scroll box, which Material pulls 0.8rem past the text on both sides,
    # must stay inside that block or the method column is cut.
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{site_url}{lang_root}compare/")
    for i in range(page.locator("div.kb-wide").count()):
        block = page.locator("div.kb-wide").nth(i)
        block.scroll_into_view_if_needed()
        box, wrap = block.evaluate(
            "b => [b.getBoundingClientRect().toJSON(),"
            " b.querySelector('.md-typeset__scrollwrap').getBoundingClientRect().toJSON()]")
        assert box["left"] <= wrap["left"] and wrap["right"] <= box["right"], (i, box, wrap)
    # A link to a note below the tables still lands on it.
    note = page.locator("[id$='-note-3']").first.get_attribute("id")
    page.goto(f"{site_url}{lang_root}compare/#{note}")
    page.wait_for_timeout(300)
    top = page.evaluate(f"document.getElementById('{note}').getBoundingClientRect().top")
    assert 0 <= top < 900, f"#{note} is at {top} px after following a link to it"
    page.close()
