"""/scenarios/ and /scenarios/<id>/: named situations with the result the decision tree gives them.

A scenario page is what an engineer forwards to a customer, so it opens with what to do (the first
method, or the article's pair), why, what it costs and the next step; the answers and the "why
not" list come after, compact.
"""

from __future__ import annotations

from macros.decide import tree as tree_mod
from macros.decide.engine import Result
from macros.render.i18n import fill, t
from macros.kb.kits import kits_of
from macros.kb.model import KnowledgeBase, Scenario
from macros.render.decide import (BASTION_ANSWER, caveat_md, change_md, cost_md, method_md, query,
                                  why_labels)
from macros.render.text import esc, rel


def scenario_walk(kb: KnowledgeBase, s: Scenario, tr: tree_mod.Tree | None = None) -> tree_mod.Walk:
    """Walk the tree with the scenario's answers; a scenario that stops short is a data error."""
    walked = tree_mod.walk(tr or tree_mod.of(kb), s.all_answers(kb.questions))
    if walked.result is None:
        # The validator reports this as scenario-incomplete before any page is built.
        raise ValueError(f"scenario {s.id!r} stops short of a result: no answer to {walked.missing!r}")
    return walked


def _answer_line(kb: KnowledgeBase, key: str, given: str, lang: str, mark: str | None = None) -> str:
    q = kb.question(key)
    text = f"- {esc(q.text.get(lang))} **{esc(q.answer(given).text.get(lang))}**"
    return text + (f" ({mark})" if mark else "")


def _answers_md(kb: KnowledgeBase, s: Scenario, asked: dict[str, str], lang: str) -> list[str]:
    """The answers that decide the result; defaults and unused answers folded below them."""
    shown, folded = [], []
    for q in kb.questions:
        given = s.assumed.get(q.key, s.answers.get(q.key, asked.get(q.key)))
        if given is None:
            continue
        if q.key not in asked:
            folded.append(_answer_line(kb, q.key, given, lang, t("scenario.unused", lang)))
        elif q.key in s.assumed:
            shown.append(_answer_line(kb, q.key, given, lang, t("scenario.assumed", lang)))
        elif q.key in s.answers:
            shown.append(_answer_line(kb, q.key, given, lang))
        else:
            folded.append(_answer_line(kb, q.key, given, lang, t("scenario.default", lang)))
    out = [f"## {t('scenario.answers', lang)} {{ #answers }}", "", *shown, ""]
    if s.assumed_note is not None:
        out += [t("scenario.assumed_note", lang).format(note=esc(s.assumed_note.get(lang))), ""]
    if folded:
        out += ['<details class="result-more" markdown="1">',
                f"<summary>{fill('r.answers.more', lang, n=len(folded))}</summary>", "", *folded, ""]
        if any(k not in s.answers and k not in s.assumed for k in asked):
            out += [t("scenario.defaults_note", lang), ""]
        out += ["</details>", ""]
    return out


def _method_md(kb: KnowledgeBase, page: str, result: Result, mid: str, lang: str,
               answers: dict[str, str]) -> list[str]:
    """Why, main caveat, cost and next step for one method the result puts first (or pairs)."""
    m = kb.method(mid)
    labels = why_labels(kb, result, mid, lang)
    why = t("sep.list", lang).join(labels) if labels else t("r.why.none", lang)
    how = rel(page, f"methods/{mid}.md", "how-to-connect")
    lines = [f"- **{t('r.why', lang)}:** {why}"]
    caveat = caveat_md(kb, page, mid, lang)
    if caveat:
        lines.append(f"- **{t('r.caveat', lang)}:** {caveat}")
    lines.append(f"- **{t('r.cost', lang)}:** {cost_md(m, lang)}")
    nxt = fill("r.next.how", lang, name=esc(m.name.get(lang)), url=how)
    if answers.get(BASTION_ANSWER[0]) == BASTION_ANSWER[1]:
        nxt += t("sep.sentence", lang) + fill("r.next.bastion", lang, url=rel(page, "bastion.md"))
    lines.append(f"- **{t('r.next', lang)}:** {nxt}")
    setup = setup_md(kb, page, mid, lang)
    if setup:
        lines.append(f"- **{t('r.setup', lang)}:** {setup}")
    return lines


def setup_md(kb: KnowledgeBase, page: str, mid: str, lang: str) -> str:
    """A link to the method page's set-up kit naming what it holds; '' without a kit."""
    kit = kits_of(kb).kit(mid)
    if kit is None:
        return ""
    kinds = dict.fromkeys(t(f"r.setup.kind.{item.kind}", lang) for item in kit.files)
    return fill("r.setup.kit", lang, url=rel(page, f"methods/{mid}.md", "set-up"),
                files=t("sep.list", lang).join(kinds))


def result_md(kb: KnowledgeBase, page: str, result: Result, answers: dict[str, str],
              lang: str, level: int = 2) -> list[str]:
    """What to do: the first method or the pair with why, caveat, cost and next step, then the
    other methods that fit, each with why and caveat; or what to reconsider when nothing fits."""
    h = "#" * level
    out = [f"{h} {t('r.title', lang)} {{ #recommendation }}", ""]
    if not result.recommend:
        out += [t("w.none", lang), ""]
        out += [f"- {line}" for r in result.reconsider for line in change_md(kb, page, r, lang)]
        return out + [""]
    if result.pair:
        jobs = dict(result.pair)
        out += [fill("r.use_pair", lang, admin=method_md(kb, page, jobs["administration"], lang),
                     bulk=method_md(kb, page, jobs["bulk"], lang)), ""]
        lead = [mid for _, mid in result.pair]
        for job, mid in result.pair:
            out += [f"{h}# {t(f'r.for.{job}', lang)}: {esc(kb.method(mid).name.get(lang))} "
                    f"{{ #for-{job} }}", "", *_method_md(kb, page, result, mid, lang, answers), ""]
    else:
        lead = [result.recommend[0]]
        out += [fill("r.use", lang, link=method_md(kb, page, lead[0], lang)), "",
                *_method_md(kb, page, result, lead[0], lang, answers), ""]
    rest = [mid for mid in result.recommend if mid not in lead]
    if rest:
        out += [f"**{t('r.also', lang)}**", ""]
        for mid in rest:
            labels = why_labels(kb, result, mid, lang)
            parts = [fill("r.meets", lang, labels=t("sep.list", lang).join(labels))
                     if labels else t("r.why.none", lang)]
            caveat = caveat_md(kb, page, mid, lang)
            if caveat:
                parts.append(f"{t('r.caveat', lang)}: {caveat}")
            how = rel(page, f"methods/{mid}.md", "how-to-connect")
            links = f"[{t('scenario.how', lang)}]({how})"
            if kits_of(kb).kit(mid) is not None:
                setup = rel(page, f"methods/{mid}.md", "set-up")
                links += f"{t('sep.list', lang)}[{t('r.setup.link', lang)}]({setup})"
            out.append(f"- {method_md(kb, page, mid, lang)} ({links})"
                       f" — " + t("r.sep", lang).join(parts))
        out.append("")
    return out


def why_not_md(kb: KnowledgeBase, result: Result, lang: str, page: str) -> list[str]:
    """Every excluded method in one table; each row keeps the anchor #why-not-<id>."""
    out = [f"## {t('scenario.why_not_title', lang)} {{ #why-not }}", ""]
    if not result.excluded:
        return out + [t("scenario.none_excluded", lang), ""]
    out += [f"| {t('r.col.method', lang)} | {t('r.col.by', lang)} | {t('r.col.why', lang)} |",
            "|---|---|---|"]
    for e in result.excluded:
        q = kb.question(e.question)
        by = fill("r.by", lang, question=esc(q.text.get(lang)),
                  answer=esc(q.answer(e.answer).text.get(lang)))
        out.append(f'| <span id="why-not-{e.method}"></span>{method_md(kb, page, e.method, lang)} '
                   f"| {by} | {esc(e.reason.get(lang))} |")
    return out + [""]


def scenario_page(kb: KnowledgeBase, scenario_id: str, lang: str) -> str:
    """One scenario: what to do and why, then its answers, why not the others, a /decide/ link."""
    s = kb.scenario(scenario_id)
    page = f"scenarios/{s.id}.md"
    walked = scenario_walk(kb, s)
    asked = dict(walked.path)
    decide = rel(page, "decide.md", query=query(walked.path))
    lines = [f"# {esc(s.title.get(lang))}", "", esc(s.summary.get(lang)), "",
             *result_md(kb, page, walked.result, s.all_answers(kb.questions), lang),
             *_answers_md(kb, s, asked, lang),
             *why_not_md(kb, walked.result, lang, page),
             f"## {t('scenario.decide', lang)} {{ #decide }}", "",
             t("scenario.decide_body", lang).format(link=decide), ""]
    return "\n".join(lines)


def scenarios_index(kb: KnowledgeBase, lang: str) -> str:
    """/scenarios/: every scenario with its one-line result (the pair where there is one)."""
    page, tr = "scenarios/index.md", tree_mod.of(kb)
    rows = [f"| {t('scenarios.col.scenario', lang)} | {t('scenarios.col.result', lang)} |", "|---|---|"]
    for s in kb.scenarios:
        result = scenario_walk(kb, s, tr).result
        if result.pair:
            jobs = dict(result.pair)
            names = fill("outline.pair", lang, admin=method_md(kb, page, jobs["administration"], lang),
                         bulk=method_md(kb, page, jobs["bulk"], lang))
        else:
            names = t("sep.list", lang).join(method_md(kb, page, m, lang) for m in result.recommend)
        link = f"[{esc(s.title.get(lang))}]({rel(page, f'scenarios/{s.id}.md')})"
        rows.append(f"| {link} | {names or t('scenarios.nothing', lang)} |")
    return "\n".join([f"# {t('scenarios.title', lang)}", "", t("scenarios.intro", lang), "",
                      *rows, ""])
