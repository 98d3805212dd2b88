"""The decision engine: which methods survive a set of answers, why the others do not, and in what order.

Pure functions over `KnowledgeBase` records. The tree (macros/decide/tree.py), the pages and the JSON all
call these, so the logic exists exactly once. The validator's scenario rules live in
macros/decide/scenarios.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from macros.kb.model import Answer, Constraint, Criterion, KnowledgeBase, Method, Question, Text

# CONTRACT.md 5.5, the article's use split: the answer that asks for a pair of methods (question,
# answer), and the answer of the same question whose constraints the second method must meet.
PAIR_QUESTION, PAIR_ANSWER, PAIR_JOB_ANSWER = "bulk", "both", "yes"
ADMINISTRATION, BULK = "administration", "bulk"  # the jobs of a pair, as the JSON names them


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A method ruled out by the first answer (in question order) whose constraint it fails."""

    method: str
    question: str
    answer: str
    reason: Text


@dataclass(frozen=True, slots=True)
class Reconsider:
    """For a result with no method: a path answer that, changed alone, leaves some methods."""

    question: str
    answer: str  # the answer given now
    instead: tuple[tuple[str, tuple[str, ...]], ...]  # (other answer, methods it recommends)


@dataclass(frozen=True, slots=True)
class Result:
    """Recommended methods in rank order, every excluded method with its reason.

    `pair` is set where the answers ask for the article's use split (CONTRACT.md 5.5) and the best
    method for administration is not suited to the other job: ((ADMINISTRATION, id), (BULK, id)).
    """

    recommend: tuple[str, ...]
    excluded: tuple[Exclusion, ...]
    reconsider: tuple[Reconsider, ...] = ()
    pair: tuple[tuple[str, str], ...] = ()

    def job(self, method_id: str) -> str | None:
        """The job `method_id` does in the pair, or None."""
        return next((job for job, mid in self.pair if mid == method_id), None)


def _same(a: Any, b: Any) -> bool:
    # YAML booleans and integers compare equal in Python (True == 1); a capability of one kind
    # must never satisfy a constraint written for the other.
    return a == b and isinstance(a, bool) == isinstance(b, bool)


@dataclass(frozen=True, slots=True)
class _Index:
    """Lookups over one knowledge base, so each walk step costs a dict access, not a scan."""

    questions: dict[str, tuple[int, Question]]
    answers: dict[tuple[str, str], Answer]
    rank: dict[str, tuple]
    per_keys: frozenset[str]  # questions whose answer other constraints look up (`per`)
    passing: dict[tuple, frozenset[str]]  # memo of _passing: the same checks recur on every leaf


def _rank_vector(kb: KnowledgeBase, m: Method, order: dict[str, int], data_index: int) -> tuple:
    met = tuple(0 if _same(m.cap(c.capability), c.prefer) else 1 for c in kb.ranking.criteria)
    # Methods missing from `order` (the validator reports them) still sort deterministically.
    return met + (order.get(m.id, len(order)), data_index)


def answers_of(kb: KnowledgeBase):
    """Every answer of every question."""
    return (a for q in kb.questions for a in q.answers)


_INDEXES: dict[int, tuple[KnowledgeBase, _Index]] = {}


def _index(kb: KnowledgeBase) -> _Index:
    """The lookups of `kb`, built once per knowledge base (the records are immutable)."""
    hit = _INDEXES.get(id(kb))
    if hit is None or hit[0] is not kb:
        if len(_INDEXES) >= 32:  # tests and the benchmark make many knowledge bases
            _INDEXES.clear()
        order = {mid: i for i, mid in enumerate(kb.ranking.order)}
        hit = (kb, _Index(
            questions={q.key: (i, q) for i, q in enumerate(kb.questions)},
            answers={(q.key, a.key): a for q in kb.questions for a in q.answers},
            rank={m.id: _rank_vector(kb, m, order, i) for i, m in enumerate(kb.methods)},
            per_keys=frozenset(c.per for a in answers_of(kb) for c in a.requires if c.per),
            passing={}))
        _INDEXES[id(kb)] = hit
    return hit[1]


def clean(kb: KnowledgeBase, answers: Mapping[str, str]) -> dict[str, str]:
    """Keep only known question keys with known answer keys, in question order."""
    idx = _index(kb)
    known = [k for k, v in answers.items() if (k, v) in idx.answers]
    return {k: answers[k] for k in sorted(known, key=lambda k: idx.questions[k][0])}


def _value_for(method: Method, c: Constraint, answers: Mapping[str, str]) -> Any:
    value = method.cap(c.capability)
    if c.per is None:
        return value
    if c.per in answers:
        return value.get(answers[c.per], ())
    # Unanswered per-question: a method qualifies when any of its entries would.
    return tuple(dict.fromkeys(item for items in value.values() for item in items))


def satisfies(method: Method, c: Constraint, answers: Mapping[str, str]) -> bool:
    """True when `method` meets constraint `c` given the other `answers` (for `per` lookups)."""
    value = _value_for(method, c, answers)
    if c.includes is not None:
        return c.includes in value
    if c.one_of is not None:
        return any(_same(value, v) for v in c.one_of)
    return _same(value, c.equals)


def reason(method: Method, c: Constraint) -> Text:
    """The constraint's reason followed by the capability's note, when the method has one."""
    note = method.capabilities[c.capability].note
    if note is None:
        return c.reason
    # Japanese sentences follow each other without a space; English ones need one.
    return Text(en=f"{c.reason.en} {note.en}", ja=f"{c.reason.ja}{note.ja}")


def failing(method: Method, q: Question, answer_key: str, answers: Mapping[str, str]) -> Constraint | None:
    """The first constraint of answer `answer_key` to `q` that `method` fails, or None."""
    for c in q.answer(answer_key).requires:
        if not satisfies(method, c, answers):
            return c
    return None


def exclusion(kb: KnowledgeBase, method: Method, answers: Mapping[str, str]) -> Exclusion | None:
    """Why `method` is ruled out by `answers` (first failing answer in question order), or None."""
    idx = _index(kb)
    answers = clean(kb, answers)  # `per` lookups must not see unknown answers either
    for key, given in answers.items():
        for c in idx.answers[key, given].requires:
            if not satisfies(method, c, answers):
                return Exclusion(method.id, key, given, reason(method, c))
    return None


def rank_key(kb: KnowledgeBase) -> Callable[[str], tuple]:
    """Sort key: ranking criteria in turn (met ranks first), then the editorial order."""
    return _index(kb).rank.__getitem__


def rank(kb: KnowledgeBase, method_ids) -> tuple[str, ...]:
    """`method_ids` in recommendation order."""
    return tuple(sorted(method_ids, key=rank_key(kb)))


def met(kb: KnowledgeBase, method_id: str) -> tuple[Criterion, ...]:
    """The ranking criteria `method_id` meets, in ranking order: why it ranks where it does."""
    vector = _index(kb).rank[method_id]
    return tuple(c for c, miss in zip(kb.ranking.criteria, vector) if not miss)


def pair_job(kb: KnowledgeBase) -> Answer | None:
    """The answer whose constraints the second method of a pair meets, if the data has one."""
    idx = _index(kb)
    if (PAIR_QUESTION, PAIR_ANSWER) not in idx.answers:
        return None
    return idx.answers.get((PAIR_QUESTION, PAIR_JOB_ANSWER))


def pair(kb: KnowledgeBase, answers: Mapping[str, str],
         recommend: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The article's pair for `answers` (CONTRACT.md 5.5), or () where the answers ask for none.

    With the pair answer given, the first-ranked method is the one for administration (the pair
    answer constrains nothing); where it does not meet the job answer's constraints, the
    best-ranked recommended method that does takes that job.
    """
    job = pair_job(kb)
    if job is None or answers.get(PAIR_QUESTION) != PAIR_ANSWER or not recommend:
        return ()
    methods = {m.id: m for m in kb.methods}

    def suits(mid: str) -> bool:
        return all(satisfies(methods[mid], c, answers) for c in job.requires)

    if suits(recommend[0]):
        return ()
    other = next((mid for mid in recommend[1:] if suits(mid)), None)
    return () if other is None else ((ADMINISTRATION, recommend[0]), (BULK, other))


def candidates(kb: KnowledgeBase, answers: Mapping[str, str]) -> tuple[str, ...]:
    """Ids of the methods that satisfy every constraint of every given answer, in rank order."""
    answers = clean(kb, answers)
    return rank(kb, (m.id for m in kb.methods if exclusion(kb, m, answers) is None))


def exclusion_key(kb: KnowledgeBase) -> Callable[[Exclusion], tuple]:
    """Sort key for "why not" lists: by the question that excluded the method, then by rank."""
    idx = _index(kb)
    return lambda e: (idx.questions[e.question][0], idx.rank[e.method])


def _excluded(kb: KnowledgeBase, answers: Mapping[str, str]) -> tuple[Exclusion, ...]:
    found = (exclusion(kb, m, answers) for m in kb.methods)
    return tuple(sorted((e for e in found if e is not None), key=exclusion_key(kb)))


def _passing(kb: KnowledgeBase, key: str, given: str, answers: Mapping[str, str]) -> frozenset[str]:
    """Ids of the methods that meet answer `given` to `key`; remembered per `per` context."""
    idx = _index(kb)
    answer = idx.answers[key, given]
    memo = (key, given) + tuple(answers.get(c.per) for c in answer.requires if c.per)
    if memo not in idx.passing:
        idx.passing[memo] = frozenset(m.id for m in kb.methods if all(
            satisfies(m, c, answers) for c in answer.requires))
    return idx.passing[memo]


def reconsider(kb: KnowledgeBase, answers: Mapping[str, str]) -> tuple[Reconsider, ...]:
    """Answers that, changed alone, would leave at least one method, and what each would give."""
    answers, idx = clean(kb, answers), _index(kb)
    passing = {k: _passing(kb, k, v, answers) for k, v in answers.items()}
    # Changing one answer can only bring back a method that fails that answer alone (or none).
    pool: dict[str | None, list[str]] = {}
    for m in kb.methods:
        failed = [k for k in answers if m.id not in passing[k]]
        if len(failed) <= 1:
            pool.setdefault(failed[0] if failed else None, []).append(m.id)
    out = []
    for key, given in answers.items():
        instead = []
        for a in idx.questions[key][1].answers:
            if a.key == given:
                continue
            changed = {**answers, key: a.key}
            if key in idx.per_keys:  # the change re-reads other answers' `per` lookups
                got = candidates(kb, changed)
            else:
                now = _passing(kb, key, a.key, changed)
                got = rank(kb, (m for m in pool.get(key, []) + pool.get(None, []) if m in now))
            if got:
                instead.append((a.key, got))
        if instead:
            out.append(Reconsider(key, given, tuple(instead)))
    return tuple(out)


def resolve(kb: KnowledgeBase, answers: Mapping[str, str]) -> Result:
    """The full result for `answers`: ranked recommendations, exclusions, and what to reconsider."""
    answers = clean(kb, answers)
    recommend = candidates(kb, answers)
    return Result(recommend=recommend, excluded=_excluded(kb, answers),
                  reconsider=() if recommend else reconsider(kb, answers),
                  pair=pair(kb, answers, recommend))
