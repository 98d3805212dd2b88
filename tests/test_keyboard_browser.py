"""Keyboard and phone on /decide/ (issue 13, item 8): a skip link reaches the questions in a few Tab
presses, the closed navigation drawer of a phone keeps its links out of the tab order, and nothing
covers the element that has the focus.

Before: the first answer took 24 Tab presses on a desktop and 40 on a phone, where Tabs 7-35 landed
on links of the closed drawer with no visible focus, and the "back to top" button covered the
focused question after an answer. The skip link is added by hooks/mkdocs_glue.py (with_skip_to_questions),
the drawer rule lives in overrides/assets/stylesheets/site.css, and navigation.top is off.
"""

from __future__ import annotations

import pytest

from test_quality_support import LANG_ROOT

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
              "is_mobile": True, "has_touch": True},
}
MAX_TABS = 5
FIRST_ANSWER = ".decide__question button[data-answer]"
SKIP = "a.md-skip[href$='#decide-questions']"
SKIP_TEXT = {"en": "Skip to the questions", "ja": "質問にスキップ"}

# True when the focused element is on screen and the topmost thing at its centre.
UNCOVERED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing has the focus";
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + Math.min(r.height / 2, 10);
  if (y < 0 || y > innerHeight || x < 0 || x > innerWidth) return `off screen at ${x},${y}`;
  const top = document.elementFromPoint(x, y);
  return top && (el.contains(top) || top.contains(el)) ? true
    : `covered by ${top ? top.outerHTML.slice(0, 120) : "nothing"}`;
}"""


@pytest.fixture(scope="module", params=list(DEVICES))
def device(request, browser):
    context = browser.new_context(**DEVICES[request.param])
    page = context.new_page()
    page.device = request.param
    yield page
    context.close()


def _focused(page) -> str:
    return page.evaluate("""() => { const e = document.activeElement;
        return e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : "")
               + " " + (e.textContent || "").trim().slice(0, 30); }""")


@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_the_first_answer_takes_a_few_tab_presses(device, site_url, lang):
    page = device
    page.goto(site_url + LANG_ROOT[lang] + "decide/")
    page.wait_for_selector(f".decide[data-ready] {FIRST_ANSWER}")
    trail = []
    for tabs in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        trail.append(_focused(page))
        if page.evaluate("s => document.activeElement.matches(s)", SKIP):
            assert page.inner_text(SKIP).strip() == SKIP_TEXT[lang]
            assert page.evaluate(UNCOVERED) is True, "the skip link shows when focused"
            page.keyboard.press("Enter")  # follows the link; not a Tab press
            trail.append("Enter")
            # The hash change fires popstate, on which decide.js redraws the widget: a reader is
            # slower than that redraw, which would otherwise drop a fast Tab's focus.
            page.wait_for_function("() => location.hash === '#decide-questions'")
            page.wait_for_timeout(250)
        if page.evaluate("s => document.activeElement === document.querySelector(s)", FIRST_ANSWER):
            break
    else:
        pytest.fail(f"{page.device}, {lang}: the first answer of /decide/ was not reached in "
                    f"{MAX_TABS} Tab presses; focus went: {' > '.join(trail)}")
    assert page.evaluate(UNCOVERED) is True


@pytest.mark.parametrize("lang", list(LANG_ROOT))
def test_answering_by_keyboard_never_hides_the_focus(device, site_url, lang):
    # Each answer moves the focus to the next question (or the result); scrolled up and down, as a
    # reader does, the element with the focus stays on screen and uncovered.
    page = device
    page.goto(site_url + LANG_ROOT[lang] + "decide/")
    page.wait_for_selector(f".decide[data-ready] {FIRST_ANSWER}")
    for step in range(6):
        if not page.locator(FIRST_ANSWER).count():
            break  # a result
        page.focus(FIRST_ANSWER)
        page.mouse.wheel(0, -200)  # scrolling up is what brought Material's "back to top" button
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.hasAttribute('data-focus')")
        page.wait_for_timeout(300)
        covered = page.evaluate(UNCOVERED)
        assert covered is True, f"{page.device}, {lang}, after answer {step + 1}: {covered}"
    assert page.locator(".md-top").count() == 0, "navigation.top is back in mkdocs.yml"


def test_closed_drawer_links_are_out_of_the_tab_order_on_a_phone(browser, site_url):
    context = browser.new_context(**DEVICES["phone"])
    page = context.new_page()
    page.goto(site_url + "methods/session-manager/")
    drawer = ".md-sidebar--primary"
    assert page.locator(f"{drawer} a").count() > 10
    seen = []
    for _ in range(60):  # more than the header, the article's links and the footer hold
        page.keyboard.press("Tab")
        inside = page.evaluate("s => !!document.activeElement.closest(s)", drawer)
        seen.append(_focused(page))
        assert not inside, f"Tab reached a link of the closed drawer: {' > '.join(seen)}"
    # Opened, the drawer's links are reachable and visible.
    page.click("label.md-header__button[for='__drawer']")
    page.wait_for_timeout(400)
    link = page.locator(f"{drawer} a[href$='decide/']").first
    assert link.is_visible()
    link.focus()
    assert page.evaluate("s => !!document.activeElement.closest(s)", drawer)
    context.close()
