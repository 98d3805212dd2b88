"""Typed, immutable records for the knowledge base (data/kb.yaml).

The loader turns the validated YAML mapping into these records once; renderers, the decision
engine and the JSON API read only these records, never raw dicts. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Mapping

LANGS: tuple[str, ...] = ("en", "ja")

# Vocabularies shared by the schema, the checks, the renderers and the engine.
INSTANCE_OSES = ("linux", "windows", "macos")
CLIENT_OSES = ("windows", "macos", "linux")
INTERFACES = ("terminal", "desktop", "browser")
REACHES = ("public", "private", "none")
AGENTS = ("none", "ssm-agent", "eic-package")
SESSION_LOGGING = ("none", "commands", "recording")
SSH_KEYS = ("required", "optional", "none")
# Where a step's text is typed; "any" means one line that bash, zsh, PowerShell and cmd all accept.
SHELLS = ("any", "posix", "powershell", "cmd", "ssh-config")
# A hop of a connection path (Method.path): what kind of place it is; a leg's opening side and the
# security-group rule that lets it through ("none" when no security group is involved).
HOP_KINDS = ("client", "service", "endpoint", "server", "instance")
LEG_OPENS = ("right", "left")
LEG_RULES = ("inbound", "outbound", "none")
TABLES = ("os-and-ports", "prerequisites", "benefits", "limitations", "capabilities")

# Capability name -> the kind of value it holds. The schema mirrors this table.
CAPABILITY_KINDS: dict[str, str] = {
    "instance_os": "list",  # of INSTANCE_OSES
    "client_os": "list",  # of CLIENT_OSES
    "interfaces": "per-os",  # mapping instance OS -> list of INTERFACES
    "reach": "list",  # of REACHES: where your computer may sit for the method to work
    "inbound_from_client": "bool",
    "instance_egress": "bool",
    "agent": "enum",  # AGENTS
    "iam_controlled": "bool",
    "connection_audit": "bool",
    "session_logging": "enum",  # SESSION_LOGGING
    "ssh_keys": "enum",  # SSH_KEYS
    "bulk_transfer": "bool",
    "max_session": "seconds",  # int seconds, or None for "no limit"
    "extra_cost": "bool",
    "server_to_maintain": "bool",
    "rescue_access": "bool",
}


@dataclass(frozen=True, slots=True)
class Text:
    """A human-readable string in every site language."""

    en: str
    ja: str

    def get(self, lang: str) -> str:
        """Return the string for `lang` ('en' or 'ja')."""
        return getattr(self, lang)

    @classmethod
    def from_data(cls, raw: Mapping[str, str]) -> "Text":
        """Build from a {en, ja} mapping."""
        return cls(en=raw["en"], ja=raw["ja"])

    def to_json(self) -> dict[str, str]:
        """Return the {en, ja} mapping used by the public JSON."""
        return {"en": self.en, "ja": self.ja}


def _text(raw: Mapping[str, str] | None) -> Text | None:
    return None if raw is None else Text.from_data(raw)


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """An AWS documentation page that facts are taken from."""

    id: str
    title: Text
    url_en: str
    url_ja: str
    verified: _dt.date

    def url(self, lang: str) -> str:
        """Return the page's URL in `lang`."""
        return self.url_en if lang == "en" else self.url_ja

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Source":
        """Build from one item of `sources:`."""
        return cls(
            id=raw["id"],
            title=Text.from_data(raw["title"]),
            url_en=raw["url"]["en"],
            url_ja=raw["url"]["ja"],
            verified=raw["verified"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """One sentence of fact (a prerequisite, benefit, limitation or change) with its sources."""

    text: Text
    sources: tuple[str, ...] = ()
    unconfirmed: bool = False  # shown with an "unconfirmed" marker, never as plain fact
    since: str | None = None  # for changes: when AWS changed it (free text such as "2025-10")

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Fact":
        """Build from a {text, sources, unconfirmed, since} mapping."""
        return cls(
            text=Text.from_data(raw["text"]),
            sources=tuple(raw.get("sources", ())),
            unconfirmed=bool(raw.get("unconfirmed", False)),
            since=raw.get("since"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Capability:
    """A typed capability value with an optional caveat shown in tables and exclusion reasons."""

    value: Any  # bool, str, int, None, tuple[str, ...] or a mapping for per-os values
    note: Text | None = None
    sources: tuple[str, ...] = ()
    unconfirmed: bool = False

    @classmethod
    def from_data(cls, name: str, raw: Mapping[str, Any]) -> "Capability":
        """Build from a {value, note, sources, unconfirmed} mapping."""
        value = raw["value"]
        kind = CAPABILITY_KINDS[name]
        if kind == "list":
            value = tuple(value)
        elif kind == "per-os":
            value = {os_: tuple(items) for os_, items in value.items()}
        return cls(
            value=value,
            note=_text(raw.get("note")),
            sources=tuple(raw.get("sources", ())),
            unconfirmed=bool(raw.get("unconfirmed", False)),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Footnote:
    """A caveat attached to one method's row in one comparison table."""

    table: str  # one of TABLES
    text: Text
    sources: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Footnote":
        """Build from one item of a method's `footnotes:`."""
        return cls(table=raw["table"], text=Text.from_data(raw["text"]),
                   sources=tuple(raw.get("sources", ())))


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One way to connect: a title, the real command(s), and an optional note."""

    title: Text
    command: str  # shell text shown in a copyable code block; not translated
    note: Text | None = None
    sources: tuple[str, ...] = ()
    shell: str = "any"  # one of SHELLS: where the text is typed

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Step":
        """Build from one item of a method's `connect:`."""
        return cls(title=Text.from_data(raw["title"]), command=raw["command"],
                   note=_text(raw.get("note")), sources=tuple(raw.get("sources", ())),
                   shell=raw.get("shell", "any"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Alternative:
    """When not to use a method, and which method to use instead."""

    text: Text
    instead: str | None = None  # a method id

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Alternative":
        """Build from one item of a method's `avoid_when:`."""
        return cls(text=Text.from_data(raw["text"]), instead=raw.get("instead"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Hop:
    """One place on a connection path: your computer, an AWS service or endpoint, a server."""

    kind: str  # one of HOP_KINDS
    name: Text
    does: Text  # what happens here, one sentence
    iam: Text | None = None  # set where IAM authorises the connection: what it checks
    log: Text | None = None  # set where the connection or session is logged: what is recorded
    sources: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Hop":
        """Build from one item of a path's `hops:`."""
        return cls(kind=raw["kind"], name=Text.from_data(raw["name"]),
                   does=Text.from_data(raw["does"]), iam=_text(raw.get("iam")),
                   log=_text(raw.get("log")), sources=tuple(raw.get("sources", ())))


@dataclass(frozen=True, slots=True, kw_only=True)
class Leg:
    """The connection between two neighbouring hops: what it carries, who opens it, which rule."""

    carries: Text  # protocol and port, e.g. "SSH, TCP 22"
    opens: str  # one of LEG_OPENS: "right" when the left hop opens the connection
    rule: str  # one of LEG_RULES: the security-group rule that allows it
    via: Text  # the network crossed
    rule_text: Text | None = None  # where the rule sits and what it allows
    sources: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Leg":
        """Build from one item of a path's `legs:`."""
        return cls(carries=Text.from_data(raw["carries"]), opens=raw["opens"], rule=raw["rule"],
                   via=Text.from_data(raw["via"]), rule_text=_text(raw.get("rule_text")),
                   sources=tuple(raw.get("sources", ())))


@dataclass(frozen=True, slots=True, kw_only=True)
class Path:
    """A method's connection path, left to right: hops, and one leg between each neighbouring pair."""

    hops: tuple[Hop, ...]
    legs: tuple[Leg, ...]  # len(hops) - 1

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Path":
        """Build from a method's `path:`."""
        return cls(hops=tuple(Hop.from_data(h) for h in raw["hops"]),
                   legs=tuple(Leg.from_data(x) for x in raw["legs"]))


@dataclass(frozen=True, slots=True, kw_only=True)
class Method:
    """One way to connect to an EC2 instance, with everything the site says about it."""

    id: str
    name: Text
    summary: Text  # one sentence for tables and the home page
    description: Text  # the opening paragraph of the method page
    protocol: Text  # the "port / protocol" cell of the OS-and-ports table
    tools: tuple[Text, ...]
    capabilities: Mapping[str, Capability]
    prerequisites: tuple[Fact, ...]
    benefits: tuple[Fact, ...]
    limitations: tuple[Fact, ...]
    connect: tuple[Step, ...]
    use_when: tuple[Text, ...]
    avoid_when: tuple[Alternative, ...]
    changes: tuple[Fact, ...]
    footnotes: tuple[Footnote, ...]
    sources: tuple[str, ...]
    verified: _dt.date
    caveat: Fact | None = None  # the one caveat every decision result shows beside the method
    path: Path | None = None  # the connection path drawn on the method page (optional for now)

    def cap(self, name: str) -> Any:
        """Return the typed value of capability `name`."""
        return self.capabilities[name].value

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Method":
        """Build from one item of `methods:`."""
        return cls(
            id=raw["id"],
            name=Text.from_data(raw["name"]),
            summary=Text.from_data(raw["summary"]),
            description=Text.from_data(raw["description"]),
            protocol=Text.from_data(raw["protocol"]),
            tools=tuple(Text.from_data(t) for t in raw["tools"]),
            capabilities={k: Capability.from_data(k, v) for k, v in raw["capabilities"].items()},
            prerequisites=tuple(Fact.from_data(f) for f in raw["prerequisites"]),
            benefits=tuple(Fact.from_data(f) for f in raw["benefits"]),
            limitations=tuple(Fact.from_data(f) for f in raw["limitations"]),
            connect=tuple(Step.from_data(s) for s in raw["connect"]),
            use_when=tuple(Text.from_data(t) for t in raw["use_when"]),
            avoid_when=tuple(Alternative.from_data(a) for a in raw["avoid_when"]),
            changes=tuple(Fact.from_data(f) for f in raw.get("changes", ())),
            footnotes=tuple(Footnote.from_data(f) for f in raw.get("footnotes", ())),
            sources=tuple(raw["sources"]),
            verified=raw["verified"],
            caveat=Fact.from_data(raw["caveat"]) if "caveat" in raw else None,
            path=Path.from_data(raw["path"]) if "path" in raw else None,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraint:
    """A condition an answer puts on a method's capability, with the reason shown when it fails.

    Exactly one of `equals`, `includes` or `one_of` is set:
    - equals: the capability value must equal this (bools, enums);
    - includes: the capability list must contain this (for per-os capabilities, the list of the
      instance OS named by the answer to question `per`, or of any OS while that is unanswered);
    - one_of: the capability value must be one of these.
    """

    capability: str
    reason: Text
    equals: Any = None
    includes: str | None = None
    one_of: tuple[Any, ...] | None = None
    per: str | None = None  # question key whose answer selects the per-os entry

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Constraint":
        """Build from one item of an answer's `requires:`."""
        one_of = raw.get("one_of")
        return cls(capability=raw["capability"], reason=Text.from_data(raw["reason"]),
                   equals=raw.get("equals"), includes=raw.get("includes"),
                   one_of=None if one_of is None else tuple(one_of), per=raw.get("per"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """One answer to a question and the constraints it puts on methods."""

    key: str
    text: Text
    requires: tuple[Constraint, ...] = ()

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Answer":
        """Build from one item of a question's `answers:`."""
        return cls(key=raw["key"], text=Text.from_data(raw["text"]),
                   requires=tuple(Constraint.from_data(c) for c in raw.get("requires", ())))


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A decision-tree question; its key is the URL query key on /decide/."""

    key: str
    text: Text
    help: Text
    answers: tuple[Answer, ...]
    default: str | None = None  # answer key scenarios use when they do not give one

    def answer(self, key: str) -> Answer:
        """Return the answer with `key`."""
        return next(a for a in self.answers if a.key == key)

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Question":
        """Build from one item of `questions:`."""
        return cls(key=raw["key"], text=Text.from_data(raw["text"]),
                   help=Text.from_data(raw["help"]),
                   answers=tuple(Answer.from_data(a) for a in raw["answers"]),
                   default=raw.get("default"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Expectation:
    """What a scenario must produce; checked at build time and by the tests."""

    recommend: tuple[str, ...] = ()
    first: str | None = None
    exclude: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Expectation":
        """Build from a scenario's `expect:`."""
        return cls(recommend=tuple(raw.get("recommend", ())), first=raw.get("first"),
                   exclude=tuple(raw.get("exclude", ())))


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A named customer situation with its answers; it gets a page of its own."""

    id: str
    title: Text
    summary: Text
    answers: Mapping[str, str]  # the premise, as given by the contract (CONTRACT.md) or the contributor
    assumed: Mapping[str, str] = field(default_factory=dict)  # answers added to reach a result
    assumed_note: Text | None = None  # why the assumed answers fit the scenario
    expect: Expectation = field(default_factory=Expectation)

    def all_answers(self, questions: tuple[Question, ...]) -> dict[str, str]:
        """Premise plus assumed answers plus question defaults for anything still unanswered."""
        merged = {q.key: q.default for q in questions if q.default is not None}
        merged.update(self.answers)
        merged.update(self.assumed)
        return merged

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Scenario":
        """Build from one item of `scenarios:`."""
        return cls(id=raw["id"], title=Text.from_data(raw["title"]),
                   summary=Text.from_data(raw["summary"]), answers=dict(raw["answers"]),
                   assumed=dict(raw.get("assumed", {})),
                   assumed_note=_text(raw.get("assumed_note")),
                   expect=Expectation.from_data(raw.get("expect", {})))


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion:
    """One ranking criterion: methods whose capability equals `prefer` rank higher."""

    capability: str
    prefer: Any
    label: Text

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Criterion":
        """Build from one item of `ranking.criteria`."""
        return cls(capability=raw["capability"], prefer=raw["prefer"],
                   label=Text.from_data(raw["label"]))


@dataclass(frozen=True, slots=True, kw_only=True)
class Ranking:
    """How recommended methods are ordered: criteria first, then the editorial order."""

    explanation: Text
    criteria: tuple[Criterion, ...]
    order: tuple[str, ...]  # every method id, best first; breaks ties left by the criteria

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Ranking":
        """Build from `ranking:`."""
        return cls(explanation=Text.from_data(raw["explanation"]),
                   criteria=tuple(Criterion.from_data(c) for c in raw["criteria"]),
                   order=tuple(raw["order"]))


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """The Japanese blog article this guide grew from."""

    title: Text
    summary: Text

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Article":
        """Build from `article:`."""
        return cls(title=Text.from_data(raw["title"]), summary=Text.from_data(raw["summary"]))


@dataclass(frozen=True, slots=True, kw_only=True)
class KnowledgeBase:
    """Everything in data/kb.yaml, loaded once."""

    article: Article
    sources: tuple[Source, ...]
    methods: tuple[Method, ...]
    questions: tuple[Question, ...]
    scenarios: tuple[Scenario, ...]
    ranking: Ranking
    kits: Any = None  # macros.kb.kits.Kits found beside the file (set by macros.kb.load), or None

    def method(self, method_id: str) -> Method:
        """Return the method with `method_id`."""
        return next(m for m in self.methods if m.id == method_id)

    def source(self, source_id: str) -> Source:
        """Return the source with `source_id`."""
        return next(s for s in self.sources if s.id == source_id)

    def question(self, key: str) -> Question:
        """Return the question with `key`."""
        return next(q for q in self.questions if q.key == key)

    def scenario(self, scenario_id: str) -> Scenario:
        """Return the scenario with `scenario_id`."""
        return next(s for s in self.scenarios if s.id == scenario_id)

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "KnowledgeBase":
        """Build the whole knowledge base from a validated mapping."""
        return cls(
            article=Article.from_data(raw["article"]),
            sources=tuple(Source.from_data(s) for s in raw["sources"]),
            methods=tuple(Method.from_data(m) for m in raw["methods"]),
            questions=tuple(Question.from_data(q) for q in raw["questions"]),
            scenarios=tuple(Scenario.from_data(s) for s in raw["scenarios"]),
            ranking=Ranking.from_data(raw["ranking"]),
        )
