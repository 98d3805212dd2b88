"""/scenarios/ and /scenarios/<id>/: named situations with the result the decision tree gives them.

A scenario page is what an engineer forwards to a customer, so it opens with what to do (the first
method, or the article's pair), why, what it costs and the next step; the answers and the "why
not" list come after, compact.
"""

from __future__ import annotations

from macros.decide import tree as tree_mod
from macros.decide.engine import Result
from macros.kb.kits import kits_of
from macros.kb.model import KnowledgeBase, Scenario
from macros.render.context import Page
from macros.render.decide import (BASTION_ANSWER, caveat_md, change_md, cost_md, method_md, query,
                                  why_labels)

INDEX_PAGE = "scenarios/index.md"


def scenario_walk(kb: KnowledgeBase, s: Scenario, tr: tree_mod.Tree | None = None) -> tree_mod.Walk:
    """Walk the tree with the scenario's answers; a scenario that stops short is a data error."""
    walked = tree_mod.walk(tr or tree_mod.of(kb), s.all_answers(kb.questions))
    if walked.result is None:
        # The validator reports this as scenario-incomplete before any page is built.
        raise ValueError(f"scenario {s.id!r} stops short of a result: no answer to {walked.missing!r}")
    return walked


def _answer_line(page: Page, key: str, given: str, mark: str | None = None) -> str:
    q = page.kb.question(key)
    text = f"- {page.text(q.text)} **{page.text(q.answer(given).text)}**"
    return text + (page.paren(mark) if mark else "")


def _answers_md(page: Page, s: Scenario, asked: dict[str, str]) -> list[str]:
    """The answers that decide the result; defaults and unused answers folded below them."""
    shown, folded = [], []
    for q in page.kb.questions:
        given = s.assumed.get(q.key, s.answers.get(q.key, asked.get(q.key)))
        if given is None:
            continue
        if q.key not in asked:
            folded.append(_answer_line(page, q.key, given, page.t("scenario.unused")))
        elif q.key in s.assumed:
            shown.append(_answer_line(page, q.key, given, page.t("scenario.assumed")))
        elif q.key in s.answers:
            shown.append(_answer_line(page, q.key, given))
        else:
            folded.append(_answer_line(page, q.key, given, page.t("scenario.default")))
    out = [f"## {page.t('scenario.answers')} {{ #answers }}", "", *shown, ""]
    if s.assumed_note is not None:
        out += [page.t("scenario.assumed_note").format(note=page.text(s.assumed_note)), ""]
    if folded:
        out += ['<details class="result-more" markdown="1">',
                f"<summary>{page.fill('r.answers.more', n=len(folded))}</summary>", "", *folded, ""]
        if any(k not in s.answers and k not in s.assumed for k in asked):
            out += [page.t("scenario.defaults_note"), ""]
        out += ["</details>", ""]
    return out


def _labels_md(page: Page, labels: list[str], pad: str) -> list[str]:
    """The ranking criteria a method meets, one nested list item each (indented by `pad`); the
    statement that it meets none when there are none. Several criteria in one line made a run-on
    sentence."""
    if not labels:
        return [f"{pad}- {page.t('r.why.none')}"]
    return [f"{pad}- {label}" for label in labels]


def _method_md(page: Page, result: Result, mid: str, answers: dict[str, str]) -> list[str]:
    """Why, main caveat, cost and next step for one method the result puts first (or pairs)."""
    m = page.kb.method(mid)
    labels = why_labels(page, result, mid)
    how = page.rel(f"methods/{mid}.md", "how-to-connect")
    lines = [f"- **{page.t('r.why')}:**", *_labels_md(page, labels, "    ")]
    caveat = caveat_md(page, mid)
    if caveat:
        lines.append(f"- **{page.t('r.caveat')}:** {caveat}")
    lines.append(f"- **{page.t('r.cost')}:** {cost_md(page, m)}")
    nxt = page.fill("r.next.how", name=page.text(m.name), url=how)
    if answers.get(BASTION_ANSWER[0]) == BASTION_ANSWER[1]:
        nxt += page.t("sep.sentence") + page.fill("r.next.bastion", url=page.rel("bastion.md"))
    lines.append(f"- **{page.t('r.next')}:** {nxt}")
    setup = setup_md(page, mid)
    if setup:
        lines.append(f"- **{page.t('r.setup')}:** {setup}")
    return lines


def setup_md(page: Page, mid: str) -> str:
    """A link to the method page's set-up kit naming what it holds; '' without a kit."""
    kit = kits_of(page.kb).kit(mid)
    if kit is None:
        return ""
    kinds = dict.fromkeys(page.t(f"r.setup.kind.{item.kind}") for item in kit.files)
    return page.fill("r.setup.kit", url=page.rel(f"methods/{mid}.md", "set-up"),
                     files=page.t("sep.list").join(kinds))


def result_md(page: Page, result: Result, answers: dict[str, str], level: int = 2) -> list[str]:
    """What to do: the first method or the pair with why, caveat, cost and next step, then the
    other methods that fit, each with why and caveat; or what to reconsider when nothing fits."""
    h = "#" * level
    out = [f"{h} {page.t('r.title')} {{ #recommendation }}", ""]
    if not result.recommend:
        out += [page.t("w.none"), ""]
        out += [f"- {line}" for r in result.reconsider for line in change_md(page, r)]
        return out + [""]
    if result.pair:
        jobs = dict(result.pair)
        out += [page.fill("r.use_pair", admin=method_md(page, jobs["administration"]),
                          bulk=method_md(page, jobs["bulk"])), ""]
        lead = [mid for _, mid in result.pair]
        for job, mid in result.pair:
            out += [f"{h}# {page.t(f'r.for.{job}')}: {page.text(page.kb.method(mid).name)} "
                    f"{{ #for-{job} }}", "", *_method_md(page, result, mid, answers), ""]
    else:
        lead = [result.recommend[0]]
        out += [page.fill("r.use", link=method_md(page, lead[0])), "",
                *_method_md(page, result, lead[0], answers), ""]
    rest = [mid for mid in result.recommend if mid not in lead]
    if rest:
        out += [f"**{page.t('r.also')}**", ""]
        for mid in rest:
            how = page.rel(f"methods/{mid}.md", "how-to-connect")
            links = f"[{page.t('scenario.how')}]({how})"
            if kits_of(page.kb).kit(mid) is not None:
                setup = page.rel(f"methods/{mid}.md", "set-up")
                links += f"{page.t('sep.list')}[{page.t('r.setup.link')}]({setup})"
            out.append(f"- {method_md(page, mid)}{page.paren(links)}")
            labels = why_labels(page, result, mid)
            if labels:
                out += [f"    - {page.t('r.meets')}", *_labels_md(page, labels, " " * 8)]
            else:
                out += _labels_md(page, labels, " " * 4)
            caveat = caveat_md(page, mid)
            if caveat:
                out.append(f"    - {page.t('r.caveat')}: {caveat}")
        out.append("")
    return out


def why_not_md(page: Page, result: Result) -> list[str]:
    """Every excluded method in one table; each row keeps the anchor #why-not-<id>."""
    out = [f"## {page.t('scenario.why_not_title')} {{ #why-not }}", ""]
    if not result.excluded:
        return out + [page.t("scenario.none_excluded"), ""]
    out += [f"| {page.t('r.col.method')} | {page.t('r.col.by')} | {page.t('r.col.why')} |",
            "|---|---|---|"]
    for e in result.excluded:
        q = page.kb.question(e.question)
        by = page.fill("r.by", question=page.text(q.text),
                       answer=page.text(q.answer(e.answer).text))
        out.append(f'| <span id="why-not-{e.method}"></span>{method_md(page, e.method)} '
                   f"| {by} | {page.text(e.reason)} |")
    return out + [""]


def scenario_page(kb: KnowledgeBase, scenario_id: str, lang: str) -> str:
    """One scenario: what to do and why, then its answers, why not the others, a /decide/ link."""
    s = kb.scenario(scenario_id)
    page = Page(kb, lang, f"scenarios/{s.id}.md")
    walked = scenario_walk(kb, s)
    asked = dict(walked.path)
    decide = page.rel("decide.md", query=query(walked.path))
    lines = [f"# {page.text(s.title)}", "", page.text(s.summary), "",
             *result_md(page, walked.result, s.all_answers(kb.questions)),
             *_answers_md(page, s, asked),
             *why_not_md(page, walked.result),
             f"## {page.t('scenario.decide')} {{ #decide }}", "",
             page.t("scenario.decide_body").format(link=decide), ""]
    return "\n".join(lines)


def scenarios_index(kb: KnowledgeBase, lang: str) -> str:
    """/scenarios/: every scenario with its one-line result (the pair where there is one)."""
    page, tr = Page(kb, lang, INDEX_PAGE), tree_mod.of(kb)
    rows = [f"| {page.t('scenarios.col.scenario')} | {page.t('scenarios.col.result')} |",
            "|---|---|"]
    for s in kb.scenarios:
        result = scenario_walk(kb, s, tr).result
        if result.pair:
            jobs = dict(result.pair)
            names = page.fill("outline.pair", admin=method_md(page, jobs["administration"]),
                              bulk=method_md(page, jobs["bulk"]))
        else:
            names = page.t("sep.list").join(method_md(page, m) for m in result.recommend)
        link = f"[{page.text(s.title)}]({page.rel(f'scenarios/{s.id}.md')})"
        rows.append(f"| {link} | {names or page.t('scenarios.nothing')} |")
    return "\n".join([f"# {page.t('scenarios.title')}", "", page.t("scenarios.intro"), "",
                      *rows, ""])
