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
