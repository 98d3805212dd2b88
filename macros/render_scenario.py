"""/scenarios/ and /scenarios/<id>/: named situations with the result the decision tree gives them."""

from __future__ import annotations

from macros import tree as tree_mod
from macros.engine import Result
from macros.i18n import t
from macros.model import KnowledgeBase, Scenario
from macros.render_decide import change_md, gap, method_md, query
from macros.text import esc, rel


def scenario_walk(kb: KnowledgeBase, s: Scenario, tr: tree_mod.Tree | None = None) -> tree_mod.Walk:
    """Walk the tree with the scenario's answers; a scenario that stops short is a data error."""
    walked = tree_mod.walk(tr or tree_mod.build(kb), s.all_answers(kb.questions))
    if walked.result is None:
        # The validator reports this as scenario-incomplete before any page is built.
        raise ValueError(f"scenario {s.id!r} stops short of a result: no answer to {walked.missing!r}")
    return walked


def _answers_md(kb: KnowledgeBase, s: Scenario, asked: dict[str, str], lang: str) -> list[str]:
    """Premise, assumed and default answers in question order, each marked for what it is."""
    lines = []
    for q in kb.questions:
        if q.key in s.answers or q.key in s.assumed:
            given = s.assumed.get(q.key, s.answers.get(q.key))
            mark = t("scenario.assumed", lang) if q.key in s.assumed else None
        elif q.key in asked:
            given, mark = asked[q.key], t("scenario.default", lang)
        else:
            continue
        if q.key not in asked:
            mark = t("scenario.unused", lang)
        text = f"- {esc(q.text.get(lang))} **{esc(q.answer(given).text.get(lang))}**"
        lines.append(text + (f" ({mark})" if mark else ""))
    out = [f"## {t('scenario.answers', lang)} {{ #answers }}", "", *lines, ""]
    if s.assumed_note is not None:
        out += [t("scenario.assumed_note", lang).format(note=esc(s.assumed_note.get(lang))), ""]
    if any(k not in s.answers and k not in s.assumed for k in asked):
        out += [t("scenario.defaults_note", lang), ""]
    return out


def _result_md(kb: KnowledgeBase, page: str, result: Result, lang: str) -> list[str]:
    """The ranked recommendation, or what to reconsider when nothing fits."""
    out = [f"## {t('scenario.result', lang)} {{ #recommendation }}", ""]
    for i, mid in enumerate(result.recommend, 1):
        how = method_md(kb, page, mid, lang, "how-to-connect").split("](", 1)[1]
        out.append(f"{i}. {method_md(kb, page, mid, lang)} ([{t('scenario.how', lang)}]({how})")
    if not result.recommend:
        out += [t("w.none", lang), ""]
        out += [f"- {line}" for r in result.reconsider for line in change_md(kb, page, r, lang)]
    return out + [""]


def _why_not_md(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    """One section per excluded method, with the anchor #why-not-<id> to link to."""
    out = [f"## {t('scenario.why_not_title', lang)} {{ #why-not }}", ""]
    if not result.excluded:
        out += [t("scenario.none_excluded", lang), ""]
    for e in result.excluded:
        q = kb.question(e.question)
        name = kb.method(e.method).name.get(lang)
        title = t("scenario.why_not", lang).format(name=esc(name), gap=gap(name))
        by = t("scenario.excluded_by", lang).format(
            answer=esc(q.answer(e.answer).text.get(lang)), question=esc(q.text.get(lang)))
        out += [f"### {title} {{ #why-not-{e.method} }}", "",
                esc(e.reason.get(lang)) + t("sep.sentence", lang) + by, ""]
    return out


def scenario_page(kb: KnowledgeBase, scenario_id: str, lang: str) -> str:
    """The whole page of one scenario: its answers, the result with reasons, a link to /decide/."""
    s = kb.scenario(scenario_id)
    page = f"scenarios/{s.id}.md"
    walked = scenario_walk(kb, s)
    decide = rel(page, "decide.md", query=query(walked.path))
    lines = [f"# {esc(s.title.get(lang))}", "", esc(s.summary.get(lang)), "",
             *_answers_md(kb, s, dict(walked.path), lang),
             *_result_md(kb, page, walked.result, lang),
             *_why_not_md(kb, walked.result, lang),
             f"## {t('scenario.decide', lang)} {{ #decide }}", "",
             t("scenario.decide_body", lang).format(link=decide), ""]
    return "\n".join(lines)


def scenarios_index(kb: KnowledgeBase, lang: str) -> str:
    """/scenarios/: every scenario with its one-line result."""
    page, tr = "scenarios/index.md", tree_mod.build(kb)
    rows = [f"| {t('scenarios.col.scenario', lang)} | {t('scenarios.col.result', lang)} |", "|---|---|"]
    for s in kb.scenarios:
        result = scenario_walk(kb, s, tr).result
        names = t("sep.list", lang).join(method_md(kb, page, m, lang) for m in result.recommend)
        link = f"[{esc(s.title.get(lang))}]({rel(page, f'scenarios/{s.id}.md')})"
        rows.append(f"| {link} | {names or t('scenarios.nothing', lang)} |")
    return "\n".join([f"# {t('scenarios.title', lang)}", "", t("scenarios.intro", lang), "",
                      *rows, ""])
