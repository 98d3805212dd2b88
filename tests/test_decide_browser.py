"""/decide/ in a real browser: the widget shows what walking decision-tree.json gives, in both languages.

Uses the session fixtures of tests/conftest.py (the built site, served on 127.0.0.1, and Debian's
Chromium driven by Playwright); skipped with the reason when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest

from macros.decide import api

LANG_ROOT = {"en": "", "ja": "ja/"}


@pytest.fixture(scope="module")
def tree_doc(built_site):
    return json.loads((built_site / "api" / "v1" / "decision-tree.json").read_text(encoding="utf-8"))


class Tab:
    """A page that records console errors and every request to a host other than the test server."""

    def __init__(self, context, site_url):
        self.site_url = site_url
        self.page = context.new_page()
        self.errors, self.foreign = [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: None if r.url.startswith((site_url, "data:", "blob:"))
                     else self.foreign.append(r.url))

    def open(self, lang, query=""):
        # The widget starts from document$, once Material's bundle has run: no need to wait for "load".
        self.page.goto(f"{self.site_url}{LANG_ROOT[lang]}decide/{query}",
                       wait_until="domcontentloaded")
        self.page.wait_for_selector(".decide[data-ready] .decide__body > *")

    def shown(self):
        """(recommended ids, excluded ids) on screen, or None while a question is asked."""
        if self.page.query_selector(".decide__result") is None:
            return None
        read = "els => els.map(e => e.dataset.method)"
        return (self.page.eval_on_selector_all(
                    ".decide__result > .decide__method, .decide__recommend > li", read),
                self.page.eval_on_selector_all(".decide__why-not li", read))

    def asked(self):
        el = self.page.query_selector(".decide__question")
        return None if el is None else el.get_attribute("data-question")

    def state(self):
        """The query string as (key, value) pairs, in order."""
        return parse_qsl(urlsplit(self.page.url).query)

    def clean(self):
        assert self.errors == [], self.errors
        assert self.foreign == [], self.foreign


@pytest.fixture
def tab(browser, site_url):
    context = browser.new_context()
    yield Tab(context, site_url)
    context.close()


def leaves(doc):
    """Every (path, leaf) of decision-tree.json."""
    return api.leaves_json(doc)


def expected(leaf):
    """(methods in the order the result shows them: the pair or the first, then the rest;
    excluded methods)."""
    lead = [p["method"] for p in leaf.get("pair", [])] or leaf["recommend"][:1]
    return lead + [m for m in leaf["recommend"] if m not in lead], [e["method"] for e in leaf["excluded"]]


def child(doc, node, answer):
    return doc["nodes"][node["answers"][answer]]


def query(path):
    return "?" + "&".join(["v=1"] + [f"{q}={a}" for q, a in path])


def sample(tree_doc, step=18):
    """Every step-th path of the tree, plus every leaf that recommends nothing."""
    every = list(leaves(tree_doc))
    return every[::step] + [p for p in every if not p[1]["recommend"]][:3]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_an_address_shows_the_result_walking_the_json_gives(tab, tree_doc, lang):
    for path, leaf in sample(tree_doc):
        tab.open(lang, query(path))
        assert tab.shown() == expected(leaf), path
        assert tab.state() == [("v", "1"), *path]
    tab.clean()


def test_method_links_lead_to_the_method_pages_in_the_same_language(tab, tree_doc):
    path, leaf = next(p for p in leaves(tree_doc) if len(p[1]["recommend"]) > 1)
    for lang in ("en", "ja"):
        tab.open(lang, query(path))
        hrefs = tab.page.eval_on_selector_all(".decide__recommend a", "els => els.map(e => e.href)")
        root = f"{tab.site_url}{LANG_ROOT[lang]}methods/"
        rest = expected(leaf)[0][1]
        assert hrefs[:2] == [f"{root}{rest}/", f"{root}{rest}/#how-to-connect"]
        first = expected(leaf)[0][0]
        hrefs = tab.page.eval_on_selector_all(".decide__method a", "els => els.map(e => e.href)")
        assert f"{root}{first}/" in hrefs and f"{root}{first}/#how-to-connect" in hrefs
    tab.clean()


def test_keys_not_asked_unknown_values_and_other_versions_are_ignored(tab, tree_doc):
    tab.open("en", "?os=linux&v=1&zzz=1&broken=no&ui=hologram&iam_audit=yes")
    assert tab.asked() == "ui"
    assert tab.state() == [("v", "1"), ("broken", "no"), ("os", "linux")]
    tab.open("en", "?v=2&broken=no")
    assert tab.asked() == "broken"
    tab.clean()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_clicking_through_follows_the_tree(tab, tree_doc, lang):
    every = list(leaves(tree_doc))
    for path, leaf in (every[0], every[len(every) // 2], every[-1]):
        tab.open(lang)
        node = tree_doc["nodes"][tree_doc["root"]]
        for i, (key, answer) in enumerate(path):
            assert tab.asked() == key == node["ask"]
            tab.page.click(f".decide__question button[data-answer='{answer}']")
            node = child(tree_doc, node, answer)
            assert tab.state() == [("v", "1"), *path[:i + 1]]
            assert tab.page.evaluate("document.activeElement.hasAttribute('data-focus')")
        assert tab.shown() == expected(leaf)
        status = tab.page.inner_text(".decide__status")
        assert all(name in status for name in
                   tab.page.eval_on_selector_all(".decide__method h3 a",
                                                 "els => els.map(e => e.textContent)"))
    tab.clean()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_keyboard_alone_reaches_a_result(tab, tree_doc, lang):
    path, leaf = next(p for p in leaves(tree_doc)
                      if dict(p[0]).get("os") == "windows" and p[1]["recommend"])
    tab.open(lang)
    page = tab.page
    for _ in range(300):  # into the widget from the top of the page, past the header and nav
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.decide__answers')"):
            break
    node = tree_doc["nodes"][tree_doc["root"]]
    for key, answer in path:
        index = list(node["answers"]).index(answer)
        for _ in range(index):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.answer") == answer
        page.keyboard.press("Enter")
        node = child(tree_doc, node, answer)
        assert page.evaluate("document.activeElement.hasAttribute('data-focus')")
        if "ask" in node:
            page.keyboard.press("Tab")  # from the question heading to its first answer
    assert tab.shown() == expected(leaf)
    tab.clean()


def test_changing_an_earlier_answer_keeps_the_later_ones(tab, tree_doc):
    path = (("broken", "no"), ("os", "linux"), ("ui", "terminal"), ("session_log", "no"),
            ("reach", "public"), ("inbound", "yes"), ("egress", "no"), ("iam_audit", "no"),
            ("bulk", "no"), ("client", "windows"))
    tab.open("en", query(path))
    assert tab.shown() == expected(api.walk_json(tree_doc, dict(path), defaults=False))
    tab.page.click(".decide__path li[data-question='client'] button")
    assert tab.asked() == "client"
    assert tab.page.get_attribute(".decide__question .md-button--primary", "data-answer") == "windows"
    tab.page.click(".decide__question button[data-answer='macos']")
    answers = {**dict(path), "client": "macos"}
    leaf = api.walk_json(tree_doc, answers, defaults=False)
    assert leaf is not None and tab.shown() == expected(leaf)
    assert dict(tab.state()) == {"v": "1", **answers}
    tab.page.go_back()
    tab.page.wait_for_function("() => location.search.includes('client=windows')")
    # Material's instant navigation may answer "back" by swapping the page in again: wait until
    # the widget on the page shown is live.
    tab.page.wait_for_selector(".decide[data-ready] .decide__result")
    assert tab.shown() == expected(api.walk_json(tree_doc, dict(path), defaults=False))
    tab.page.click(".decide__restart button")
    assert tab.asked() == "broken" and tab.state() == []
    tab.clean()


def test_an_answer_that_no_longer_applies_is_named(tab, tree_doc):
    # inbound=no leaves no method that needs an inbound rule: iam_audit and client (PuTTY) are
    # then not asked, and the widget says so instead of dropping them silently.
    path = (("broken", "no"), ("os", "linux"), ("ui", "terminal"), ("session_log", "no"),
            ("reach", "public"), ("inbound", "yes"), ("egress", "no"), ("iam_audit", "no"),
            ("bulk", "no"), ("client", "windows"))
    tab.open("en", query(path))
    assert tab.page.query_selector(".decide__stale") is None
    tab.page.click(".decide__path li[data-question='inbound'] button")
    tab.page.click(".decide__question button[data-answer='no']")
    tab.page.wait_for_selector(".decide__result")
    stale = tab.page.eval_on_selector_all(".decide__stale li", "els => els.map(e => e.dataset.question)")
    assert stale == ["iam_audit", "client"], stale
    assert "no longer applies" in tab.page.inner_text(".decide__stale")
    assert "client=" not in tab.page.url
    tab.clean()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_both_shows_the_pair_with_why_caveat_cost_and_next_step(tab, tree_doc, lang):
    answers = {"broken": "no", "os": "linux", "ui": "terminal", "session_log": "no",
               "reach": "none", "inbound": "no", "egress": "yes", "iam_audit": "yes", "bulk": "both"}
    tab.open(lang, "?" + "&".join(["v=1"] + [f"{k}={v}" for k, v in answers.items()]))
    leaf = api.walk_json(tree_doc, answers, defaults=False)
    assert [p["method"] for p in leaf["pair"]] == ["ec2-instance-connect-endpoint", "session-manager"]
    assert tab.shown() == expected(leaf)
    boxes = tab.page.query_selector_all(".decide__result > .decide__method")
    for box, p in zip(boxes, leaf["pair"]):
        text = box.inner_text()
        for rid in leaf["why"][p["method"]]:
            assert tree_doc["reasons"][rid][lang] in text, (p["method"], rid)
        assert box.query_selector(".decide__cost") is not None
        assert box.query_selector("a[href$='#how-to-connect']") is not None
        assert box.query_selector("a[href$='bastion/']") is not None  # iam_audit=yes
    tab.clean()


def test_an_empty_result_offers_the_answers_to_reconsider(tab, tree_doc):
    path, leaf = next(p for p in leaves(tree_doc) if not p[1]["recommend"])
    tab.open("en", query(path))
    assert tab.shown() == expected(leaf)
    buttons = tab.page.query_selector_all(".decide__reconsider button")
    assert buttons, "an empty result offers at least one answer to change"
    buttons[0].click()
    tab.page.wait_for_selector(".decide__result, .decide__question")
    assert tab.page.query_selector(".decide__none") is None
    tab.clean()


def test_without_javascript_the_outline_is_the_page(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for lang in ("en", "ja"):
        page.goto(f"{site_url}{LANG_ROOT[lang]}decide/")
        assert not page.is_visible(".decide")  # its buttons need the script
        assert page.is_visible("article a[href$='scenarios/']")  # the note points to the scenarios
        page.click("details.decide-outline > summary")  # a branch opens without a script
        assert page.is_visible("details.decide-outline a[href$='methods/ec2-serial-console/']")
    context.close()


def test_with_javascript_the_outline_waits_behind_its_summary(tab):
    for lang in ("en", "ja"):
        tab.open(lang)
        assert tab.page.is_visible(".decide")
        assert tab.page.get_attribute("details.decide-outline", "open") is None
        tab.page.click("details.decide-outline > summary")
        assert tab.page.is_visible("details.decide-outline a[href$='methods/ec2-serial-console/']")
    tab.clean()


def test_instant_navigation_starts_the_widget_once_and_restores_it(tab, tree_doc):
    path, leaf = next(p for p in leaves(tree_doc) if p[1]["recommend"])
    page = tab.page
    page.goto(tab.site_url)
    page.click("article a[href$='decide/']")  # Material's instant navigation swaps the page in place
    page.wait_for_selector(".decide[data-ready] .decide__question")
    assert page.evaluate("document.querySelectorAll('.decide__body').length") == 1
    tab.open("en", query(path))
    page.click(".decide__method h3 a")
    page.wait_for_url("**/methods/**")
    page.go_back()
    page.wait_for_selector(".decide[data-ready] .decide__result")
    assert tab.shown() == expected(leaf)
    tab.clean()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_scenario_page_links_to_the_same_result_on_decide(tab, built_site, lang):
    for folder in sorted(p.name for p in (built_site / LANG_ROOT[lang] / "scenarios").iterdir()
                         if p.is_dir()):
        tab.page.goto(f"{tab.site_url}{LANG_ROOT[lang]}scenarios/{folder}/",
                      wait_until="domcontentloaded")
        # The method links between "What to do" and the answers, in the order they appear.
        shown = tab.page.evaluate("""() => {
            const out = [];
            let el = document.getElementById("recommendation").nextElementSibling;
            while (el && el.id !== "answers") {
                el.querySelectorAll("a[href]").forEach(a => {
                    const href = a.getAttribute("href");
                    if (!href.includes("#") && href.includes("methods/")) {
                        const id = href.split("/").filter(Boolean).pop();
                        if (!out.includes(id)) out.push(id);
                    }
                });
                el = el.nextElementSibling;
            }
            return out;
        }""")
        assert shown, folder
        tab.page.click("a[href*='decide/?v=1']")
        tab.page.wait_for_selector(".decide[data-ready] .decide__result")
        assert tab.shown()[0] == shown, folder
    tab.clean()


def test_a_scenarios_premise_as_a_link_shows_the_scenarios_result(tab, tree_doc):
    """CONTRACT.md 5.4: the same answers as a /decide/ URL show the scenario's result; the questions the
    premise leaves out take their defaults, as walking the JSON does."""
    from macros.kb.load import load_kb
    from pathlib import Path
    from urllib.parse import urlencode

    kb = load_kb(Path(__file__).resolve().parent.parent / "data" / "kb.yaml")
    for s in kb.scenarios:
        given = {**s.answers, **s.assumed}
        leaf = api.walk_json(tree_doc, given)
        first = (leaf["pair"][0]["method"] if leaf.get("pair") else leaf["recommend"][0])
        for lang in ("en", "ja"):
            tab.open(lang, "?" + urlencode({"v": "1", **given}))
            shown = tab.shown()
            assert shown is not None, (
                f"data/kb.yaml: scenarios[{s.id}]: /decide/ with its answers asks "
                f"{tab.asked()!r} instead of showing a result (fix: the widget must apply the "
                f"question's default where a later question is answered)")
            assert shown[0][0] == first, (s.id, lang, shown[0], first)
    tab.clean()


def test_a_question_being_asked_survives_a_reload(tab):
    """A pending question with a default is written as `&key=`: reopening the address asks it
    again instead of taking the default; a fresh visit asks the first question."""
    tab.open("en")
    assert tab.asked() == "broken"
    for key, answer in (("broken", "no"), ("os", "linux"), ("ui", "terminal")):
        tab.page.click(f".decide__question[data-question='{key}'] button[data-answer='{answer}']")
    assert tab.asked() == "session_log"
    assert tab.page.url.endswith("&ui=terminal&session_log=")
    tab.page.reload()
    tab.page.wait_for_selector(".decide[data-ready] .decide__body > *")
    assert tab.asked() == "session_log"
    tab.clean()


def test_without_the_tree_the_outline_is_the_page(tab):
    # The widget walks /api/v1/decision-tree.json, fetched on load; when it cannot arrive (an
    # offline copy, a proxy that blocks it) the widget steps aside and the outline opens.
    tab.page.route("**/api/v1/decision-tree.json", lambda route: route.fulfill(status=404))
    tab.page.goto(f"{tab.site_url}decide/", wait_until="networkidle")
    tab.page.wait_for_function("() => document.querySelector('.decide').hidden")
    assert not tab.page.is_visible(".decide")
    assert tab.page.get_attribute("details.decide-outline", "open") is not None
    assert tab.page.is_visible("details.decide-outline a[href$='methods/ec2-serial-console/']")
    # The failed fetch is the only console message (Chromium reports every 404 it loads).
    assert all("404" in e for e in tab.errors), tab.errors
    assert tab.foreign == []
