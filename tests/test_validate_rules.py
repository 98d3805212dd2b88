"""One minimal failing fixture per rule: each must report exactly these problems, to the letter.

Fixtures live in tests/fixtures/invalid/<rule>.patch (variants: <rule>--<what>.patch); each is a
patch of tests/fixtures/valid/minimal.yaml with one thing broken, named in its first comment line,
written out as <name>.yaml when the session starts (tests/invalid_fixtures.py). Line numbers in the
messages are lines of those written files. Every rule comes from the registry, macros/kb/rules.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from invalid_fixtures import KEPT
from macros.kb.load import check_kb, validate
from macros.kb.rules import LAYERS, RULES

ROOT = Path(__file__).resolve().parent.parent
INVALID = "tests/fixtures/invalid"
MINIMAL = "tests/fixtures/valid/minimal.yaml"
TODAY = dt.date(2026, 11, 28)  # the fixtures' dates are relative to this day
# Rules no fixture file can show, each with the test that covers it.
NO_FIXTURE = {
    "file-missing": "test_validate_loader.py::test_missing_file",
    "file-unreadable": "test_validate_loader.py::test_directory_is_unreadable",
    "schema-invalid": "fallback for schema keywords the current schema does not use",
    # The semantic layer reports these first (unknown-question, unknown-answer) and the scenario
    # rules only run on a file without semantic errors; the walk's own guard is tested directly.
    "scenario-unknown-question": "test_scenarios.py::test_unknown_questions_and_answers_are_reported",
    "scenario-unknown-answer": "test_scenarios.py::test_unknown_questions_and_answers_are_reported",
}
# The layers of data/kb.yaml itself; the others check files beside it (data/ui.yaml, data/kits/)
# and have their own fixtures and tests.
FILE_LAYERS = ("file", "schema", "semantic", "scenario")
ALL_RULES = {r.name: r for r in RULES if r.layer in FILE_LAYERS}


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    # Messages name files as given, relative to the working directory: pin it to the repo root.
    monkeypatch.chdir(ROOT)


def formatted(name: str, *, spec: bool = False) -> list[str]:
    """The formatted problems of fixture `name`, with the file written as {f}."""
    path = f"{INVALID}/{name}.yaml"
    problems = validate(path, today=TODAY, require_spec_methods=spec)
    return [p.format().replace(path, "{f}") for p in problems]


EXPECTED = {
    'schema-too-long': [
        "{f}:69: scenarios[linux-browser-linux-browser-linux-browse...(85 characters)].id: must be at most 64 characters; got 85 [schema-too-long] (fix: shorten it: ids and keys appear in published URLs)",
    ],
    'assumed-note': [
        "{f}:73: scenarios[linux-browser].assumed: must be explained: assumed answers need an assumed_note [assumed-note] (fix: add assumed_note with en and ja saying why these answers fit the scenario)",
    ],
    'text-stray-space': [
        "{f}:71: scenarios[linux-browser].summary.ja: must not put a space between Japanese characters; got 'も イ' [text-stray-space] (fix: join the two lines: in a folded (>-) block a line break becomes a space, so break lines next to a Latin word instead)",
    ],
    'constraint-type': [
        '{f}:41: questions[os].answers[linux].requires[1].equals: must only be used with true/false or single-choice capabilities; instance_os is a list [constraint-type] (fix: use includes with one value)',
        "{f}:57: questions[ui].answers[terminal].requires[1].per: must name a question whose answers are instance OSes; broken has yes, no [constraint-type] (fix: use os)",
        "{f}:64: questions[ui].answers[browser].requires[1].per: must name an earlier question; got 'ui' [constraint-type] (fix: use os)",
    ],
    'constraint-value': [
        "{f}:25: questions[broken].answers[yes].requires[1].equals: must be one of true, false for rescue_access; got 'true' [constraint-value] (fix: use one of true, false)",
        "{f}:58: questions[ui].answers[terminal].requires[1].includes: must be one of terminal, desktop, browser for interfaces; got 'shell' [constraint-value] (fix: use one of terminal, desktop, browser)",
    ],
    'date-future': [
        '{f}:96: sources[sc].verified: must not be in the future; got 2026-12-25 (today is 2026-11-28) [date-future] (fix: set it to the date you last checked the sources)',
    ],
    'date-stale': [
        "{f}:167: warning: methods[ssh-client].verified: must be re-checked; facts not verified for over a year (last verified 2025-06-01, 545 days ago) [date-stale] (fix: re-read the cited pages, correct what changed, then set verified to today's date)",
    ],
    'duplicate-id': [
        "{f}:43: questions[os].answers[linux].key: must be unique; 'linux' is already used on line 37 [duplicate-id] (fix: rename one of them or merge the two entries)",
    ],
    'file-empty': [
        '{f}: (file): must not be empty [file-empty] (fix: restore it from git, or start from tests/fixtures/valid/minimal.yaml)',
    ],
    'file-encoding': [
        '{f}:2: (file): must be UTF-8 text; got byte 0xe9, which is not UTF-8 [file-encoding] (fix: save the file as UTF-8)',
    ],
    'max-session-range': [
        '{f}:118: methods[session-manager].capabilities.max_session.value: must be between 1 and 86400 seconds, or null for no limit; got 172800 [max-session-range] (fix: give the limit in seconds, e.g. 3600 for one hour)',
        '{f}:187: methods[ec2-serial-console].capabilities.max_session.value: must be between 1 and 86400 seconds, or null for no limit; got 0 [max-session-range] (fix: give the limit in seconds, e.g. 3600 for one hour)',
    ],
    'max-session-prose': [
        "{f}:193: methods[ec2-serial-console].limitations[1].text.en: states a length of 7,200 seconds, but capabilities.max_session.value is 3,600: 'Each session ends after 2 hours.' [max-session-prose] (fix: state the typed value (or correct max_session), so the fact is the same on every page)",
        "{f}:193: methods[ec2-serial-console].limitations[1].text.ja: states a length of 7,200 seconds, but capabilities.max_session.value is 3,600: '各セッションは 7,200 秒で切断されます。' [max-session-prose] (fix: state the typed value (or correct max_session), so the fact is the same on every page)",
    ],
    'method-ids-spec': [
        "{f}:98: methods: must include the contract's method 'putty' [method-ids-spec] (fix: add a methods entry with id: putty; CONTRACT.md section 3 lists all nine)",
        "{f}:98: methods: must include the contract's method 'rdp-client' [method-ids-spec] (fix: add a methods entry with id: rdp-client; CONTRACT.md section 3 lists all nine)",
        "{f}:98: methods: must include the contract's method 'fleet-manager' [method-ids-spec] (fix: add a methods entry with id: fleet-manager; CONTRACT.md section 3 lists all nine)",
        "{f}:98: methods: must include the contract's method 'ec2-instance-connect' [method-ids-spec] (fix: add a methods entry with id: ec2-instance-connect; CONTRACT.md section 3 lists all nine)",
        "{f}:98: methods: must include the contract's method 'ec2-instance-connect-endpoint' [method-ids-spec] (fix: add a methods entry with id: ec2-instance-connect-endpoint; CONTRACT.md section 3 lists all nine)",
        "{f}:98: methods: must include the contract's method 'bastion-host' [method-ids-spec] (fix: add a methods entry with id: bastion-host; CONTRACT.md section 3 lists all nine)",
    ],
    'per-os-keys': [
        "{f}:144: methods[ssh-client].capabilities.interfaces.value.windows: must be an OS listed in instance_os (linux); got 'windows' [per-os-keys] (fix: add windows to instance_os, or remove this entry)",
        "{f}:177: methods[ec2-serial-console].capabilities.interfaces.value: must have an entry for every OS in instance_os; 'windows' is missing [per-os-keys] (fix: add windows: [...] with the ways you work on it)",
    ],
    'ranking-order-complete': [
        "{f}:13: ranking.order: must list every method exactly once; 'ec2-serial-console' is missing [ranking-order-complete] (fix: add ec2-serial-console to ranking.order)",
        "{f}:13: ranking.order[3]: must list every method exactly once; got 'session-manager' again [ranking-order-complete] (fix: remove the repeated entry)",
    ],
    'scenario-incomplete': [
        "{f}:72: scenarios[linux-browser].answers: must reach a result, but the tree still asks 'ui' (How do you want to work on it?) [scenario-incomplete] (fix: add 'ui' to answers or assumed, and explain in assumed_note)",
    ],
    'scenario-expectation': [
        "{f}:75: scenarios[linux-browser].expect.first: must recommend 'ssh-client' first; the tree recommends session-manager [scenario-expectation] (fix: correct the scenario's answers or its expect, or the capabilities behind them)",
    ],
    'schema-date': [
        "{f}:96: sources[sc].verified: must be a date written YYYY-MM-DD; got '2026-13-01' [schema-date] (fix: write a real date as YYYY-MM-DD, unquoted)",
        "{f}:134: methods[session-manager].verified: must be a date written YYYY-MM-DD; got '01/11/2026' [schema-date] (fix: write a real date as YYYY-MM-DD, unquoted)",
    ],
    'schema-empty': [
        '{f}:70: scenarios[linux-browser].title.ja: must not be empty [schema-empty] (fix: write the Japanese text)',
    ],
    'schema-enum': [
        "{f}:112: methods[session-manager].capabilities.agent.value: must be one of none, ssm-agent, eic-package; got 'ssm' [schema-enum] (fix: use one of none, ssm-agent, eic-package)",
        "{f}:145: methods[ssh-client].capabilities.reach.value: must be a list of public, private, none; got 'everywhere' [schema-enum] (fix: use one of public, private, none)",
    ],
    'schema-exactly-one': [
        '{f}:24: questions[broken].answers[yes].requires[1]: must have exactly one of equals, includes, one_of; got equals and includes [schema-exactly-one] (fix: keep exactly one of equals, includes, one_of)',
        '{f}:31: questions[broken].answers[no].requires[1]: must have exactly one of equals, includes, one_of; got none [schema-exactly-one] (fix: keep exactly one of equals, includes, one_of)',
    ],
    'schema-min-items': [
        '{f}:140: methods[ssh-client].tools: must have at least 1 item; got none [schema-min-items] (fix: add at least one item)',
    ],
    'schema-pattern': [
        "{f}:49: questions[UI-Mode].key: must be lowercase letters, digits and underscores, starting with a letter, such as iam_audit; got 'UI-Mode' [schema-pattern] (fix: use 'ui_mode')",
        "{f}:135: methods[SSH_Client].id: must be lowercase letters and digits joined by single hyphens, such as session-manager; got 'SSH_Client' [schema-pattern] (fix: use 'ssh-client')",
    ],
    'schema-required': [
        '{f}:101: methods[session-manager].summary.ja: must be present [schema-required] (fix: write the Japanese text: ja: "...")',
        '{f}:141: methods[ssh-client].capabilities.rescue_access: must be present [schema-required] (fix: add rescue_access: {value: true or false})',
    ],
    'schema-type--yes-no': [
        '{f}:19: questions[broken].default: must be a string; got false (YAML reads unquoted no as false) [schema-type] (fix: quote it: "no")',
        '{f}:21: questions[broken].answers[1].key: must be a string; got true (YAML reads unquoted yes as true) [schema-type] (fix: quote it: "yes")',
        '{f}:75: scenarios[linux-browser].expect.first: must be a string; got 2024 [schema-type] (fix: quote it: "2024")',
    ],
    'schema-type': [
        '{f}:136: methods[ssh-client].name: must be a mapping with en and ja; got \'SSH client\' [schema-type] (fix: write it as {en: "...", ja: "..."})',
        "{f}:187: methods[ec2-serial-console].capabilities.max_session.value: must be a whole number or null; got '1 hour' [schema-type] (fix: make it a whole number or null)",
    ],
    'schema-unique': [
        "{f}:142: methods[ssh-client].capabilities.instance_os.value: must not repeat an item; got 'linux' twice [schema-unique] (fix: remove the second linux)",
    ],
    'schema-unknown-key': [
        "{f}:119: methods[session-manager].capabilities.extra_cost.unconfirmd: must be one of the known keys value, note, sources, unconfirmed; got 'unconfirmd' [schema-unknown-key] (fix: rename it to unconfirmed)",
        "{f}:136: methods[ssh-client].homepage: must be one of the known keys id, name, summary, description, protocol, tools, capabilities, prerequisites, benefits, limitations, caveat, path, connect, use_when, avoid_when, changes, footnotes, sources, verified; got 'homepage' [schema-unknown-key] (fix: remove it, or move it to where it belongs)",
    ],
    'source-unused': [
        "{f}:97: warning: sources[sm-log].id: must be cited by some fact; nothing cites 'sm-log' [source-unused] (fix: cite it where it supports a fact, or remove it)",
    ],
    'source-url--twin': [
        "{f}:83: sources[sm].url.ja: must be the Japanese twin of the en URL; got 'https://docs.aws.amazon.com/ja_jp/systems-manager/latest/userguide/session-manager-logging.html' [source-url] (fix: use https://docs.aws.amazon.com/ja_jp/systems-manager/latest/userguide/session-manager.html)",
        "{f}:88: sources[ssh].url.en: must be the English page, without /ja_jp/; got 'https://docs.aws.amazon.com/ja_jp/AWSEC2/latest/UserGuide/connect-linux-inst-ssh.html' [source-url] (fix: use https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-linux-inst-ssh.html)",
    ],
    'source-url': [
        "{f}:83: sources[sm].url.ja: must be the Japanese page, with /ja_jp/ after the host; got 'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html' [source-url] (fix: use https://docs.aws.amazon.com/ja_jp/systems-manager/latest/userguide/session-manager.html)",
        "{f}:88: sources[ssh].url.en: must use https; got 'http://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-linux-inst-ssh.html' [source-url] (fix: use https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-linux-inst-ssh.html)",
        "{f}:94: sources[sc].url.en: must be on docs.aws.amazon.com or aws.amazon.com; got host 'www.example.com' [source-url] (fix: cite the AWS page that states the fact)",
    ],
    'text-empty': [
        '{f}:35: questions[os].help.ja: must contain text, not only spaces [text-empty] (fix: write the Japanese text)',
    ],
    'text-language': [
        '{f}:129: warning: methods[session-manager].use_when[1].ja: must be written in Japanese; it is identical to en and has no Japanese characters [text-language] (fix: translate it; only names may stay identical)',
    ],
    'top-level-type': [
        '{f}:2: (file): must be a mapping of article, ranking, questions, scenarios, sources and methods; got a list [top-level-type] (fix: restore it from git, or start from tests/fixtures/valid/minimal.yaml)',
    ],
    'unknown-answer': [
        "{f}:19: questions[broken].default: must be an answer of broken (yes, no); got 'maybe' [unknown-answer] (fix: use one of yes, no)",
        "{f}:72: scenarios[linux-browser].answers.ui: must be an answer of ui (terminal, browser); got 'web' [unknown-answer] (fix: use one of terminal, browser)",
    ],
    'unknown-capability': [
        "{f}:24: questions[broken].answers[yes].requires[1].capability: must name a capability; got 'rescue_acess' [unknown-capability] (fix: use 'rescue_access')",
    ],
    'unknown-method': [
        "{f}:76: scenarios[linux-browser].expect.exclude[2]: must name a method; got 'rdp-client' [unknown-method] (fix: use one of the method ids: session-manager, ssh-client, ec2-serial-console)",
        "{f}:132: methods[session-manager].avoid_when[1].instead: must name a method; got 'ec2-serial-consol' [unknown-method] (fix: use 'ec2-serial-console')",
    ],
    'unknown-question': [
        "{f}:72: scenarios[linux-browser].answers.brokn: must be a question key; got 'brokn' [unknown-question] (fix: use 'broken')",
        "{f}:72: scenarios[linux-browser].answers.shell: must be a question key; got 'shell' [unknown-question] (fix: use one of the question keys: broken, os, ui)",
    ],
    'unknown-source': [
        "{f}:122: methods[session-manager].prerequisites[1].sources[1]: must name an entry of sources:; got 'smm' [unknown-source] (fix: use 'sm', or add a source with id: smm)",
        "{f}:166: methods[ssh-client].sources[1]: must name an entry of sources:; got 'openssh-manual' [unknown-source] (fix: add a source with id: openssh-manual)",
    ],
    'yaml-duplicate-key': [
        "{f}:102: methods[session-manager].summary: must appear once; 'summary' is already set on line 101 [yaml-duplicate-key] (fix: keep one summary; YAML would silently use the last one)",
    ],
    'yaml-syntax--quote': [
        '{f}:104: (file): must be valid YAML; more text follows a closing quote [yaml-syntax] (fix: check the quotes on this line and the one above: inside "..." write \\" for a quote, inside \'...\' write \'\')',
    ],
    'yaml-syntax': [
        '{f}:5: (file): must be indented with spaces; found a tab [yaml-syntax] (fix: replace the tab with spaces)',
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_reports_exactly(name):
    assert formatted(name, spec=name == "method-ids-spec") == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_breaks_only_its_own_rule(name):
    rule = name.split("--")[0]
    report = check_kb(f"{INVALID}/{name}.yaml", today=TODAY,
                      require_spec_methods=name == "method-ids-spec")
    assert {p.rule for p in report.problems} == {rule}


def test_every_rule_has_a_fixture_and_every_fixture_a_rule():
    fixtures = {p.stem.split("--")[0] for p in (ROOT / INVALID).glob("*.patch")} | set(KEPT)
    fixtures -= {"everything", "everything-schema"}
    missing = set(ALL_RULES) - set(NO_FIXTURE) - fixtures
    assert not missing, (f"rules of macros/kb/rules.py with no failing fixture: {sorted(missing)}; "
                         f"add {INVALID}/<rule>.patch (see tests/invalid_fixtures.py) and its "
                         "expected messages to EXPECTED")
    unknown = fixtures - set(ALL_RULES)
    assert not unknown, (f"fixtures in {INVALID} named after no registered rule: {sorted(unknown)}; "
                         "rename them <rule>.patch or <rule>--<what>.patch")
    untested = {p.stem for p in (ROOT / INVALID).glob("*.patch")} - set(EXPECTED) - {
        "everything", "everything-schema"}
    assert not untested, f"fixtures without expected messages in EXPECTED: {sorted(untested)}"


def test_every_rule_the_code_reports_is_registered():
    import re
    reported = {}
    for path in sorted((ROOT / "macros").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name in re.findall(r'rule="([a-z0-9-]+)"', line):
                reported.setdefault(name, f"{path.relative_to(ROOT)}:{number}")
    registered = {r.name for r in RULES}
    unregistered = {name: where for name, where in reported.items() if name not in registered}
    assert not unregistered, (f"rules reported but not registered: {unregistered}; add each to "
                              "RULES in macros/kb/rules.py with its layer and severity")


def test_every_rule_is_well_formed_and_tested():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)), f"rules registered twice in macros/kb/rules.py: {names}"
    assert all(r.layer in LAYERS and r.severity in ("error", "warning") and r.description
               for r in RULES), "every rule needs a description, a layer of LAYERS and a severity"
    # Rules of the files beside the knowledge base are asserted by their own tests.
    tests = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests").glob("test_*.py")))
    quiet = [r.name for r in RULES if r.layer not in FILE_LAYERS
             and f"[{r.name}]" not in tests and f'"{r.name}"' not in tests]
    assert not quiet, (f"rules no test asserts (as '[rule]' or \"rule\"): {quiet}; add a failing "
                       "fixture and a test for each")


def test_fixture_severity_matches_the_registry():
    for name in EXPECTED:
        report = check_kb(f"{INVALID}/{name}.yaml", today=TODAY,
                          require_spec_methods=name == "method-ids-spec")
        for p in report.problems:
            assert p.severity == ALL_RULES[p.rule].severity, (
                f"{INVALID}/{name}.yaml:{p.line}: [{p.rule}] is reported as {p.severity} but "
                f"macros/kb/rules.py registers it as {ALL_RULES[p.rule].severity}; fix one of them")


def test_minimal_fixture_is_clean():
    report = check_kb(MINIMAL, today=TODAY, require_spec_methods=False)
    assert report.problems == ()
    assert [m.id for m in report.kb.methods] == ["session-manager", "ssh-client",
                                                   "ec2-serial-console"]


def test_problems_name_the_item_they_are_in():
    problems = validate(f"{INVALID}/unknown-source.yaml", today=TODAY, require_spec_methods=False)
    assert [(p.line, p.item, p.field) for p in problems] == [
        (122, "session-manager", "methods[session-manager].prerequisites[1].sources[1]"),
        (166, "ssh-client", "methods[ssh-client].sources[1]"),
    ]
    problems = validate(f"{INVALID}/unknown-answer.yaml", today=TODAY, require_spec_methods=False)
    assert [p.item for p in problems] == ["broken", "linux-browser"]


def test_warnings_alone_do_not_fail():
    report = check_kb(f"{INVALID}/date-stale.yaml", today=TODAY, require_spec_methods=False)
    assert [p.severity for p in report.problems] == ["warning"]
    assert report.errors == [] and report.kb is not None


@pytest.mark.parametrize("today, stale", [(dt.date(2026, 6, 1), []),  # 365 days: not yet
                                          (dt.date(2026, 6, 2), ["methods[ssh-client].verified"])])
def test_stale_means_more_than_365_days(today, stale):
    problems = validate(f"{INVALID}/date-stale.yaml", today=today, require_spec_methods=False)
    assert [p.field for p in problems if p.rule == "date-stale"] == stale


def test_scenario_checks_of_the_engine_are_run_and_located():
    # The decision helper owns the message text; the pipeline owns calling it and the location.
    problems = validate(f"{INVALID}/scenario-expectation.yaml", today=TODAY,
                        require_spec_methods=False)
    assert [(p.file, p.line, p.item, p.field, p.rule) for p in problems] == [
        (f"{INVALID}/scenario-expectation.yaml", 75, "linux-browser",
         "scenarios[linux-browser].expect.first", "scenario-expectation")]


# ---- Everything wrong at once ------------------------------------------------------------

EVERYTHING = [
    "{f}:10: ranking.criteria[1].capability: must name a capability; got 'iam_controled' [unknown-capability] (fix: use 'iam_controlled')",
    "{f}:13: ranking.order: must list every method exactly once; 'ec2-serial-console' is missing [ranking-order-complete] (fix: add ec2-serial-console to ranking.order)",
    "{f}:13: ranking.order[3]: must list every method exactly once; got 'ssh-client' again [ranking-order-complete] (fix: remove the repeated entry)",
    "{f}:25: questions[broken].answers[yes].requires[1].equals: must be one of true, false for rescue_access; got 'yes' [constraint-value] (fix: use one of true, false)",
    "{f}:41: questions[os].answers[linux].requires[1].includes: must be one of linux, windows, macos for instance_os; got 'bsd' [constraint-value] (fix: use one of linux, windows, macos)",
    "{f}:60: questions[ui].answers[terminal].key: must be unique; 'terminal' is already used on line 53 [duplicate-id] (fix: rename one of them or merge the two entries)",
    "{f}:64: questions[ui].answers[terminal].requires[1].per: must name an earlier question; got 'client' [constraint-type] (fix: use os)",
    "{f}:72: scenarios[linux-browser].answers.client: must be a question key; got 'client' [unknown-question] (fix: use one of the question keys: broken, os, ui)",
    "{f}:72: scenarios[linux-browser].answers.ui: must be an answer of ui (terminal); got 'browser' [unknown-answer] (fix: use one of terminal)",
    "{f}:76: scenarios[linux-browser].expect.exclude[2]: must name a method; got 'putty' [unknown-method] (fix: use one of the method ids: session-manager, ssh-client, ec2-serial-console)",
    "{f}:83: sources[sm].url.ja: must be the Japanese page, with /ja_jp/ after the host; got 'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html' [source-url] (fix: use https://docs.aws.amazon.com/ja_jp/systems-manager/latest/userguide/session-manager.html)",
    "{f}:90: warning: sources[ssh].verified: must be re-checked; facts not verified for over a year (last verified 2025-01-01, 696 days ago) [date-stale] (fix: re-read the cited pages, correct what changed, then set verified to today's date)",
    '{f}:96: sources[sc].verified: must not be in the future; got 2027-01-01 (today is 2026-11-28) [date-future] (fix: set it to the date you last checked the sources)',
    '{f}:118: methods[session-manager].capabilities.max_session.value: must be between 1 and 86400 seconds, or null for no limit; got 0 [max-session-range] (fix: give the limit in seconds, e.g. 3600 for one hour)',
    "{f}:122: methods[session-manager].prerequisites[1].sources[1]: must name an entry of sources:; got 'sm-pre' [unknown-source] (fix: add a source with id: sm-pre)",
    '{f}:129: warning: methods[session-manager].use_when[1].ja: must be written in Japanese; it is identical to en and has no Japanese characters [text-language] (fix: translate it; only names may stay identical)',
    '{f}:138: methods[ssh-client].description.ja: must contain text, not only spaces [text-empty] (fix: write the Japanese text)',
    "{f}:144: methods[ssh-client].capabilities.interfaces.value.windows: must be an OS listed in instance_os (linux); got 'windows' [per-os-keys] (fix: add windows to instance_os, or remove this entry)",
]
EVERYTHING_SCHEMA = [
    "{f}:5: article.title: must appear once; 'title' is already set on line 4 [yaml-duplicate-key] (fix: keep one title; YAML would silently use the last one)",
    '{f}:12: ranking.criteria[1].prefer: must be true/false or a string; got a list [schema-type] (fix: make it true/false or a string)',
    '{f}:31: questions[broken].answers[no].requires[1]: must have exactly one of equals, includes, one_of; got none [schema-exactly-one] (fix: keep exactly one of equals, includes, one_of)',
    '{f}:34: questions[os].text.en: must be present [schema-required] (fix: write the English text: en: "...")',
    '{f}:72: scenarios[linux-browser].answers.broken: must be a string; got false (YAML reads unquoted no as false) [schema-type] (fix: quote it: "no")',
    "{f}:84: sources[sm].verified: must be a date written YYYY-MM-DD; got '2026-02-30' [schema-date] (fix: write a real date as YYYY-MM-DD, unquoted)",
    "{f}:98: version: must be one of the known keys article, ranking, questions, scenarios, sources, methods; got 'version' [schema-unknown-key] (fix: remove it, or move it to where it belongs)",
    '{f}:102: methods[session-manager].name: must be a mapping with en and ja; got \'Session Manager\' [schema-type] (fix: write it as {en: "...", ja: "..."})',
    '{f}:106: methods[session-manager].tools: must have at least 1 item; got none [schema-min-items] (fix: add at least one item)',
    '{f}:107: methods[session-manager].capabilities.agent: must be present [schema-required] (fix: add agent: {value: one of none, ssm-agent, eic-package})',
    "{f}:111: methods[session-manager].capabilities.reach.value: must be a list of public, private, none; got 'anywhere' [schema-enum] (fix: use one of public, private, none)",
    '{f}:128: methods[session-manager].connect[1].command: must not be empty [schema-empty] (fix: write a value)',
    "{f}:136: methods[SSH-client].id: must be lowercase letters and digits joined by single hyphens, such as session-manager; got 'SSH-client' [schema-pattern] (fix: use 'ssh-client')",
    "{f}:143: methods[SSH-client].capabilities.instance_os.value: must not repeat an item; got 'linux' twice [schema-unique] (fix: remove the second linux)",
    "{f}:200: methods[ec2-serial-console].footnotes[1].table: must be one of os-and-ports, prerequisites, benefits, limitations, capabilities; got 'ports' [schema-enum] (fix: use one of os-and-ports, prerequisites, benefits, limitations, capabilities)",
]


def test_every_semantic_problem_is_reported_at_once_in_line_order():
    assert formatted("everything") == EVERYTHING


def test_every_schema_problem_is_reported_at_once_in_line_order():
    # Schema errors stop the pipeline before the model is built: no semantic rule runs here.
    assert formatted("everything-schema") == EVERYTHING_SCHEMA


def test_duplicate_keys_do_not_hide_other_problems(tmp_path):
    # YAML keeps the last of two equal keys, so the data is usable and every rule still runs.
    text = (ROOT / INVALID / "everything.yaml").read_text(encoding="utf-8")
    title = '  title: {en: "Choosing how to connect to EC2", ja: "EC2 への接続方法の選び方"}\n'
    assert text.count(title) == 1
    path = tmp_path / "kb.yaml"
    path.write_text(text.replace(title, title * 2), encoding="utf-8")
    rules = [p.rule for p in validate(path, today=TODAY, require_spec_methods=False)]
    assert rules[0] == "yaml-duplicate-key"
    assert sorted(rules[1:]) == sorted(line.split(" [")[-1].split("]")[0] for line in EVERYTHING)


def test_changing_a_typed_session_limit_names_every_sentence_that_states_it(tmp_path):
    """A fact is typed once: EICE's max_session changed to 7200 in a copy fails validation,
    naming each sentence (English and Japanese) that still says one hour / 3,600 seconds."""
    real = ROOT / "data" / "kb.yaml"
    text = real.read_text(encoding="utf-8")
    start = text.index("  - id: ec2-instance-connect-endpoint\n")
    at = text.index("      max_session:\n        value: 3600", start)
    copy = tmp_path / "kb.yaml"
    copy.write_text(text[:at] + text[at:].replace("value: 3600", "value: 7200", 1), encoding="utf-8")
    (tmp_path / "kb.schema.json").write_text(
        (ROOT / "data" / "kb.schema.json").read_text(encoding="utf-8"), encoding="utf-8")
    found = [p for p in validate(copy) if p.rule == "max-session-prose"]
    fields = {p.field for p in found}
    eice = "methods[ec2-instance-connect-endpoint]"
    for field in ("limitations[2].text.en", "limitations[2].text.ja", "caveat.text.en",
                  "caveat.text.ja", "capabilities.max_session.note.en", "description.en"):
        assert f"{eice}.{field}" in fields, (field, sorted(fields))
    assert all(p.item == "ec2-instance-connect-endpoint" for p in found)
    assert all("capabilities.max_session.value is 7,200" in p.message for p in found)
