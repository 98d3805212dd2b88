"""The rule registry: every rule the validator reports, with its layer and severity, once.

Each checking module takes its own layer's table from here (`RULES = descriptions("schema")`),
`python -m macros.validate --rules` lists them all, and tests/test_validate_rules.py checks that each
rule of the knowledge-base layers has a failing fixture in tests/fixtures/invalid/ (and each of the
other layers a test that reports it). A new rule is one line here, its check and its fixture.

Layers, in the order a file goes through them: file (YAML and lines, macros/kb/loader.py), schema
(macros/kb/schema.py), semantic (macros/kb/checks*.py, freshness.py), scenario
(macros/decide/scenarios.py), then the files beside the knowledge base: ui (data/ui.yaml,
macros/kb/checks_ui.py), kits (data/kits/, macros/kb/kits.py), cli (AWS CLI commands,
macros/kb/cli_commands.py) and iam (IAM names in the kits, macros/kb/iam_names.py).
"""

from __future__ import annotations

from dataclasses import dataclass

LAYERS = ("file", "schema", "semantic", "scenario", "ui", "kits", "cli", "iam")


@dataclass(frozen=True, slots=True)
class Rule:
    """One validator rule: the name problems carry in brackets, and what it catches."""

    name: str
    description: str
    layer: str  # one of LAYERS
    severity: str  # "error" fails validation and the build; "warning" is only reported


RULES: tuple[Rule, ...] = (
    Rule('file-missing', 'the file does not exist',
         'file', 'error'),
    Rule('file-unreadable', 'the path cannot be read (a directory, no permission)',
         'file', 'error'),
    Rule('file-encoding', 'the file is not UTF-8',
         'file', 'error'),
    Rule('file-empty', 'the file holds no YAML document (empty, or only comments)',
         'file', 'error'),
    Rule('yaml-syntax', 'the file is not valid YAML (tab indentation, unbalanced quotes, ...)',
         'file', 'error'),
    Rule('yaml-duplicate-key', 'a mapping sets the same key twice (PyYAML would keep the last)',
         'file', 'error'),
    Rule('top-level-type', 'the document is not a mapping',
         'file', 'error'),
    Rule('schema-required', 'a required key is missing',
         'schema', 'error'),
    Rule('schema-unknown-key', 'a key the schema does not know (typo, or wrong place)',
         'schema', 'error'),
    Rule('schema-type', 'a value of the wrong type (text, list, mapping, true/false, number)',
         'schema', 'error'),
    Rule('schema-enum', 'a value outside its vocabulary',
         'schema', 'error'),
    Rule('schema-empty', 'an empty string',
         'schema', 'error'),
    Rule('schema-min-items', 'an empty list or mapping where entries are needed',
         'schema', 'error'),
    Rule('schema-unique', 'a list repeats an item',
         'schema', 'error'),
    Rule('schema-pattern', 'an id or key not written as lowercase words',
         'schema', 'error'),
    Rule('schema-too-long', 'an id or key longer than 64 characters (ids are in URLs)',
         'schema', 'error'),
    Rule('schema-date', 'a date that is not a real YYYY-MM-DD date',
         'schema', 'error'),
    Rule('schema-exactly-one', 'a constraint without exactly one of equals, includes, one_of',
         'schema', 'error'),
    Rule('schema-invalid', 'any other schema error (the message says which keyword)',
         'schema', 'error'),
    Rule('duplicate-id', 'two methods, sources, scenarios, questions or answers share an id/key',
         'semantic', 'error'),
    Rule('unknown-source', 'a `sources:` reference names no source',
         'semantic', 'error'),
    Rule('unknown-method', "avoid_when.instead, ranking.order or a scenario's expect names no method",
         'semantic', 'error'),
    Rule('ranking-order-complete', 'ranking.order does not list every method exactly once',
         'semantic', 'error'),
    Rule('unknown-capability', 'a constraint or criterion names no capability',
         'semantic', 'error'),
    Rule('constraint-type', 'equals/includes/one_of/per used with the wrong kind of capability',
         'semantic', 'error'),
    Rule('constraint-value', "a constraint or criterion value outside the capability's vocabulary",
         'semantic', 'error'),
    Rule('per-os-keys', 'interfaces does not have exactly the OSes of instance_os',
         'semantic', 'error'),
    Rule('unknown-question', 'a scenario answers a question that does not exist',
         'semantic', 'error'),
    Rule('unknown-answer', 'a scenario or default gives an answer the question does not have',
         'semantic', 'error'),
    Rule('assumed-note', 'a scenario adds assumed answers without saying why in assumed_note',
         'semantic', 'error'),
    Rule('text-empty', 'a text that is only spaces',
         'semantic', 'error'),
    Rule('text-stray-space', 'a ja text with a space between two Japanese characters',
         'semantic', 'error'),
    Rule('text-language', '(warning) a ja text identical to en, with no Japanese, that is not a name',
         'semantic', 'warning'),
    Rule('source-url', 'a source URL that is not https AWS documentation in the right language',
         'semantic', 'error'),
    Rule('source-unused', '(warning) a source that no fact cites',
         'semantic', 'warning'),
    Rule('date-future', 'a verified date after today',
         'semantic', 'error'),
    Rule('date-stale', '(warning) a verified date more than a year ago',
         'semantic', 'warning'),
    Rule('max-session-range', 'max_session outside 1..86400 seconds',
         'semantic', 'error'),
    Rule('max-session-prose', 'a sentence states a session length other than max_session',
         'semantic', 'error'),
    Rule('method-ids-spec', "one of the contract's nine method ids is missing",
         'semantic', 'error'),
    Rule('scenario-unknown-question', 'a scenario answers a question the knowledge base does not have',
         'scenario', 'error'),
    Rule('scenario-unknown-answer', 'a scenario gives an answer its question does not offer',
         'scenario', 'error'),
    Rule('scenario-incomplete', "a scenario's answers stop before the tree reaches a result",
         'scenario', 'error'),
    Rule('scenario-expectation', "the tree's result misses what the scenario's expect says",
         'scenario', 'error'),
    Rule('ui-entry', 'every key holds a mapping with exactly `en` and `ja` texts',
         'ui', 'error'),
    Rule('ui-placeholders', 'en and ja use the same {placeholders}',
         'ui', 'error'),
    Rule('ui-unused', 'no code looks the key up',
         'ui', 'error'),
    Rule('ui-missing', 'code looks up a key the file does not have',
         'ui', 'error'),
    Rule('kit-method-unknown', 'a folder under kits/ whose name is not a method id',
         'kits', 'error'),
    Rule('kit-manifest-missing', 'a kit folder without kit.yaml',
         'kits', 'error'),
    Rule('kit-shape', 'a manifest that is not a list of file entries with the expected keys',
         'kits', 'error'),
    Rule('kit-empty', 'a manifest that names no file',
         'kits', 'error'),
    Rule('kit-file-missing', 'a manifest entry naming a file that does not exist (or lies outside kits/)',
         'kits', 'error'),
    Rule('kit-kind-unknown', 'a kind that is not one of KINDS',
         'kits', 'error'),
    Rule('kit-text-missing', 'a title or explanation without both languages, or with a line break',
         'kits', 'error'),
    Rule('kit-source-unknown', 'a source id that data/kb.yaml does not define',
         'kits', 'error'),
    Rule('kit-policy-shape', 'an IAM policy that is not JSON with Version and Statement, each with a Sid',
         'kits', 'error'),
    Rule('aws-cli-syntax', 'the command text cannot be split into words, or a flag is misused',
         'cli', 'error'),
    Rule('aws-cli-service', '`aws X` names no AWS CLI service or customisation',
         'cli', 'error'),
    Rule('aws-cli-operation', '`aws S X` names no operation of service S',
         'cli', 'error'),
    Rule('aws-cli-flag', 'a flag does not exist for that command',
         'cli', 'error'),
    Rule('aws-cli-required', 'a required flag is missing',
         'cli', 'error'),
    Rule('aws-cli-value', "a flag's value is not one of the values the model allows",
         'cli', 'error'),
    Rule('iam-action', 'an IAM action (or wildcard) matches no action of its service',
         'iam', 'error'),
    Rule('iam-condition-key', 'an IAM condition key is not defined for its service or globally',
         'iam', 'error'),
    Rule('iam-arn', "a policy Resource ARN fits no resource type of the statement's services",
         'iam', 'error'),
    Rule('iam-policy-json', 'a policy file under data/kits/ is not valid JSON',
         'iam', 'error'),
)


def rule(name: str) -> Rule:
    """The registered rule `name`."""
    for r in RULES:
        if r.name == name:
            return r
    raise KeyError(f"no validator rule {name!r}; register it in macros/kb/rules.py")


def descriptions(layer: str) -> dict[str, str]:
    """{rule name: description} of one layer, in registry order."""
    if layer not in LAYERS:
        raise ValueError(f"unknown rule layer {layer!r}; expected one of {', '.join(LAYERS)}")
    return {r.name: r.description for r in RULES if r.layer == layer}
