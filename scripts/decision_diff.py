"""Decision-change report: what two revisions of the knowledge base recommend differently.

    .venv/bin/python -m scripts.decision_diff [--base REF]         git REF's data/kb.yaml -> the working tree's
    .venv/bin/python -m scripts.decision_diff --old FILE --new FILE
    make decision-diff BASE=origin/main

It prints the scenarios whose recommendation changes, then the decision paths that change. A
decision path is one result of /decide/: the answers to the questions that the old or the new tree
asks on the way to its result (one walk through both trees at once), printed as the /decide/ link
that shows that result on either site. Each path also stands for every answer combination (one
answer to every question) that reaches it, and the report counts those too. A recommendation
changes when the ranked list of recommended methods differs.

Paths are listed most important first: dead ends (the new tree recommends nothing where the old
one recommended something), then changes of the first choice, then the rest. When a scenario's
`expect:` no longer holds, the report still runs and opens with the failing expectations.
Changes are information, not failure: the exit status is 0 whenever the report ran, and 1 when a
revision fails validation for another reason (its problems are printed) or REF is not a git
revision.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping
from urllib.parse import quote

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from macros.decide import tree as tree_mod  # noqa: E402
from macros.decide.api import VERSION  # noqa: E402
from macros.kb.load import check_kb  # noqa: E402
from macros.kb.model import KnowledgeBase  # noqa: E402
from macros.site import KB_PATH  # noqa: E402

SHOWN_PATHS = 10  # changed paths listed by default (LIMIT=0 lists all); counts cover all of them
# Problems that do not stop the report: they are what the report is for.
REPORTED_RULES = frozenset({"scenario-expectation"})
WIDTH = 100  # the explanation's line length (the paths' links are never broken)

# What a revision shows for a set of answers: the ranked method ids, or ("?", key) when its tree
# stops at question `key` because the answer given is not one of its answers.
Outcome = tuple[str, ...]


class Failed(Exception):
    """The report cannot run: an unknown git revision, or a revision that fails validation."""


@dataclass(frozen=True, slots=True)
class Revision:
    """One side of the comparison: its label in messages, its data and its decision tree."""

    label: str
    kb: KnowledgeBase
    tree: tree_mod.Tree
    broken: tuple[str, ...] = ()  # failing scenario expectations, as the validator prints them


@dataclass(frozen=True, slots=True)
class DecisionPath:
    """One decision path: the answers both trees need, and what each revision recommends."""

    answers: Mapping[str, str]  # in question order
    old: Outcome
    new: Outcome
    combinations: int  # answer combinations that lead here


# ---- Loading the two revisions ------------------------------------------------------------

def load(path: Path, label: str, partial: bool = False) -> Revision:
    """Validate one revision; Failed carries its located problems when it has errors."""
    report = check_kb(path, require_spec_methods=not partial)
    errors = list(report.errors)
    if report.kb is None and errors and all(p.rule in REPORTED_RULES for p in errors):
        from macros.kb.load import _with_dates, to_json  # the data is sound but for the expectations
        kb = KnowledgeBase.from_data(_with_dates(to_json(report.document.data)))
        broken = tuple(dataclasses.replace(p, file=label).format() for p in errors)
        return Revision(label, kb, tree_mod.build(kb), broken)
    if report.kb is None:
        lines = [dataclasses.replace(p, file=label).format() for p in report.errors]
        raise Failed("\n".join(lines + [f"{label}: validation failed: {len(report.errors)} "
                                         "error(s); no decision-change report"]))
    return Revision(label, report.kb, tree_mod.build(report.kb))


def git_show(base: str, path: str = KB_PATH) -> str:
    """The text of `path` at git revision `base`."""
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(PROJECT_DIR), *args], capture_output=True,
                              text=True)

    try:
        known = git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except OSError as error:
        raise Failed(f"cannot run git to read BASE {base!r}: {error}") from None
    if known.returncode != 0:
        raise Failed(f"BASE {base!r} is not a git revision of this repository; give a branch, "
                     "tag or commit (in CI, fetch the base branch with fetch-depth: 0), or "
                     "compare two files with --old FILE --new FILE")
    shown = git("show", f"{base}:{path}")
    if shown.returncode != 0:
        raise Failed(f"BASE {base!r} has no {path}: {shown.stderr.strip()}")
    return shown.stdout


# ---- Comparing ----------------------------------------------------------------------------

def _questions(old: KnowledgeBase, new: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """Every question key of either revision with the answers of either, new order first."""
    found: dict[str, list[str]] = {}
    for kb in (new, old):
        for q in kb.questions:
            answers = found.setdefault(q.key, [])
            answers += [a.key for a in q.answers if a.key not in answers]
    return {key: tuple(answers) for key, answers in found.items()}


def _follow(t: tree_mod.Tree, answers: Mapping[str, str]) -> tuple[tree_mod.Node, str | None]:
    """Where `answers` lead in `t`: the node reached, and the question it is stuck at, if any."""
    node = t.root
    while node.ask is not None and node.ask in answers:
        branch = node.branch(answers[node.ask])
        if branch is None:  # this revision does not know the answer: /decide/ asks again
            return node, node.ask
        node = branch.node
    return node, None


def _outcome(node: tree_mod.Node, stuck: str | None) -> Outcome:
    return ("?", stuck) if stuck is not None else node.recommend


def paths(old: Revision, new: Revision) -> Iterator[DecisionPath]:
    """Every decision path of the two trees walked together, depth first in answer order."""
    choices = _questions(old.kb, new.kb)
    order = {key: i for i, key in enumerate(choices)}

    def walk(answers: dict[str, str]) -> Iterator[DecisionPath]:
        ends = [_follow(old.tree, answers), _follow(new.tree, answers)]
        pending = [node.ask for node, stuck in ends if stuck is None and node.ask is not None]
        if not pending:
            rest = math.prod(len(a) for key, a in choices.items() if key not in answers)
            ordered = {key: answers[key] for key in sorted(answers, key=order.__getitem__)}
            yield DecisionPath(ordered, _outcome(*ends[0]), _outcome(*ends[1]), rest)
            return
        key = min(pending, key=order.__getitem__)
        for answer in choices[key]:
            yield from walk({**answers, key: answer})

    yield from walk({})


def scenario_outcomes(rev: Revision) -> dict[str, Outcome]:
    """What each scenario of `rev` recommends, by scenario id."""
    found = {}
    for s in rev.kb.scenarios:
        walked = tree_mod.walk(rev.tree, s.all_answers(rev.kb.questions))
        found[s.id] = (("?", walked.missing) if walked.missing is not None
                       else walked.result.recommend)
    return found


def decide_link(answers: Mapping[str, str]) -> str:
    """The /decide/ link that holds `answers`."""
    query = "".join(f"&{quote(k)}={quote(v)}" for k, v in answers.items())
    return f"/decide/?v={VERSION}{query}"


def show(outcome: Outcome | None) -> str:
    """An outcome as the report prints it."""
    if outcome is None:
        return "(no such scenario)"
    if outcome[:1] == ("?",):
        return f"no result (asks '{outcome[1]}' again)"
    return ", ".join(outcome) or "nothing"


def _none_or(count: int) -> str:
    return "none" if count == 0 else f"{count:,}"


def kind(p: DecisionPath) -> int:
    """0 a new dead end, 1 a change of the first choice, 2 any other change (sort key)."""
    if p.new == () and p.old != ():
        return 0
    return 1 if p.old[:1] != p.new[:1] else 2


KIND_LABELS = ("DEAD END", "FIRST CHOICE", "order")


def report(old: Revision, new: Revision, limit: int = SHOWN_PATHS,
           more_hint: str = "--limit 0") -> list[str]:
    """The report's lines; `more_hint` is how to list every changed path (LIMIT=0 on make)."""
    lines = [f"Decision changes: {old.label} → {new.label}", ""]
    if new.broken:
        lines.append(f"Broken expectations: {len(new.broken)} (make validate fails on them; "
                     "the report below shows what the tree gives now)")
        lines += [f"  {line}" for line in new.broken] + [""]
    before, after = scenario_outcomes(old), scenario_outcomes(new)
    ids = list(after) + [sid for sid in before if sid not in after]
    moved = [sid for sid in ids if before.get(sid) != after.get(sid)]
    lines.append(f"Scenarios: {_none_or(len(moved))} of {len(ids)} change their recommendation")
    lines += [f"  {sid}: {show(before.get(sid))} → {show(after.get(sid))}" for sid in moved]

    all_paths = list(paths(old, new))
    changed = sorted((p for p in all_paths if p.old != p.new), key=kind)  # stable: tree order
    first = sum(p.old[:1] != p.new[:1] for p in changed)
    dead = sum(kind(p) == 0 for p in changed)
    combos = sum(p.combinations for p in all_paths)
    combos_changed = sum(p.combinations for p in changed)
    of_them = (f", {dead:,} of them dead ends, {first:,} the first choice" if changed else "")
    lines += ["", f"Decision paths: {_none_or(len(changed))} of {len(all_paths):,} change their "
                  f"recommendation{of_them} ({_none_or(combos_changed)} of {combos:,} answer "
                  "combinations)"]
    shown = changed if limit <= 0 else changed[:limit]
    lines += [f"  [{KIND_LABELS[kind(p)]}] {decide_link(p.answers)}: {show(p.old)} → "
              f"{show(p.new)}" for p in shown]
    if len(changed) > len(shown):
        lines.append(f"  ... and {len(changed) - len(shown):,} more (list them all with "
                     f"{more_hint})")

    choices = _questions(old.kb, new.kb)
    sizes = " × ".join(str(len(a)) for a in choices.values())
    lines += [""] + textwrap.wrap(
        "A decision path is one result on /decide/: the answers to the questions the old or the "
        "new tree asks on the way, as the link that shows it on either site. An answer "
        f"combination answers all {len(choices)} questions ({sizes} = {combos:,}).", WIDTH)
    added = [q.key for q in new.kb.questions if q.key not in {x.key for x in old.kb.questions}]
    gone = [q.key for q in old.kb.questions if q.key not in {x.key for x in new.kb.questions}]
    if added or gone:
        lines.append(f"Questions added: {', '.join(added) or 'none'}; removed: "
                     f"{', '.join(gone) or 'none'}.")
    return lines


# ---- Command line -------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m scripts.decision_diff",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", metavar="REF",
                        help=f"git revision whose {KB_PATH} is the old side (default: HEAD)")
    parser.add_argument("--old", type=Path, metavar="FILE",
                        help="the old knowledge base as a file (instead of --base)")
    parser.add_argument("--new", type=Path, metavar="FILE",
                        help=f"the new knowledge base (default: the working tree's {KB_PATH})")
    parser.add_argument("--partial", action="store_true",
                        help="do not require the contract's nine method ids (fixtures, drafts)")
    parser.add_argument("--limit", type=int, default=SHOWN_PATHS, metavar="N",
                        help=f"changed paths to list, 0 for all (default: {SHOWN_PATHS})")
    parser.add_argument("--more-hint", default="--limit 0", metavar="TEXT",
                        help="how the '... and N more' line says to list them all")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            if args.old is not None:
                old_path, old_label = args.old, args.old.as_posix()
            else:
                old_path, old_label = Path(tmp, "kb.yaml"), f"{args.base}:{KB_PATH}"
                old_path.write_text(git_show(args.base), encoding="utf-8")
            new_path = args.new if args.new is not None else PROJECT_DIR / KB_PATH
            new_label = args.new.as_posix() if args.new is not None else KB_PATH
            old = load(old_path, old_label, args.partial)
            new = load(new_path, new_label, args.partial)
    except Failed as error:
        print(error, file=sys.stderr)
        return 1
    print("\n".join(report(old, new, args.limit, args.more_hint)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
