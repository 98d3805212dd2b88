"""Keep the contributor docs true: their templates validate, their commands exist, CI files hold."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from macros.kb.load import load_kb
from macros.kb.model import CAPABILITY_KINDS, Method, Question, Scenario
from scripts import issue_forms

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
KB = ROOT / "data" / "kb.yaml"
MAKEFILE = ROOT / "Makefile"
GITHUB = ROOT / ".github"
# Docs whose ```bash blocks are promises about the Makefile.
COMMAND_DOCS = ("CONTRIBUTING.md", "HACKING.md", "README.md")

FENCE_RE = re.compile(r"^(`{3,})([\w-]*)[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)
MAKE_TARGET_RE = re.compile(r"^([A-Za-z0-9][\w.-]*)\s*:(?!=)", re.M)
# What an English build reads (the rest of the checkout is not needed to build).
SITE_SOURCES = ("data", "docs", "hooks", "macros", "overrides", "mkdocs.yml", "mkdocs.ja.yml")
# A fresh id no real entry will ever use, so the copy adds an item instead of clashing with one.
FRESH = "contributing-template-check"


def fenced(path: Path, lang: str) -> list[str]:
    """The bodies of every fenced code block of `lang` in the Markdown file `path`."""
    return [body for _, block_lang, body in FENCE_RE.findall(path.read_text(encoding="utf-8"))
            if block_lang == lang]


def template(kind: str) -> str:
    """The one ```yaml block of CONTRIBUTING.md that starts with `# template: <kind>`."""
    blocks = [b for b in fenced(CONTRIBUTING, "yaml") if b.startswith(f"# template: {kind} ")]
    assert len(blocks) == 1, f"CONTRIBUTING.md must have one yaml block marked '# template: {kind}'"
    return blocks[0]


def template_item(kind: str) -> dict[str, Any]:
    """The single list item the template holds, parsed."""
    items = yaml.safe_load(template(kind))
    assert isinstance(items, list) and len(items) == 1, f"the {kind} template must be one list item"
    return items[0]


def comments(text: str) -> str:
    """Only the comment text of a YAML block (what a contributor reads, not the data)."""
    return "\n".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)


# ---- The method template -------------------------------------------------------------------

def test_method_template_shows_every_field_of_the_model():
    entry = template_item("method")
    method_fields = set(Method.__dataclass_fields__)
    assert set(entry) == method_fields
    assert set(entry["capabilities"]) == set(CAPABILITY_KINDS)
    # Optional keys appear at least once, so the template teaches them too.
    caps = entry["capabilities"].values()
    assert {"note", "sources", "unconfirmed"} <= {key for cap in caps for key in cap}
    assert any("note" in step for step in entry["connect"])
    assert any("instead" in alt for alt in entry["avoid_when"])
    assert {"since", "unconfirmed"} <= {key for change in entry["changes"] for key in change}
    Method.from_data(entry)  # the records the renderers read can be built from it


def test_method_template_comments_say_required_or_optional_for_every_field():
    notes = comments(template("method"))
    for name in Method.__dataclass_fields__:
        assert re.search(rf"\b{name}\b[^\n]*\((required|optional)", notes), \
            f"no comment says whether `{name}` is required or optional"


def test_method_template_cites_only_known_sources():
    entry = template_item("method")
    known = {source["id"] for source in yaml.safe_load(KB.read_text(encoding="utf-8"))["sources"]}
    cited = set(entry["sources"])
    for group in ("prerequisites", "benefits", "limitations", "connect", "changes", "footnotes"):
        for item in entry[group]:
            assert item["sources"], f"a {group} item of the template cites no source"
            cited.update(item["sources"])
    for cap in entry["capabilities"].values():
        cited.update(cap.get("sources", ()))
    assert cited - known == set()


# ---- Templates validated inside a copy of the real knowledge base -------------------------

def kb_text_with(section: str, item_text: str, *, ranked: str | None = None) -> str:
    """data/kb.yaml re-dumped with the template text appended, verbatim, to `section`."""
    data = yaml.safe_load(KB.read_text(encoding="utf-8"))
    if ranked:
        data["ranking"]["order"].append(ranked)
    items = data.pop(section)
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)
    dumped = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=200) if items else ""
    body = "".join("  " + line + "\n" for line in dumped.splitlines())
    return f"{head}{section}:\n{body}{item_text}"


def error_lines(path: Path) -> set[str]:
    """Every error the validator reports for `path`, without the line (the copy is re-laid out)."""
    from macros.kb import load as kb

    problems = kb.validate(path)
    return {f"{p.field}: {p.message} [{p.rule}]" for p in problems if p.severity == "error"}


def added_errors(tmp_path: Path, text: str) -> set[str]:
    """Errors in `text` that the real data/kb.yaml does not already have."""
    changed = tmp_path / "kb.yaml"
    changed.write_text(text, encoding="utf-8")
    return error_lines(changed) - error_lines(KB)


def test_method_template_validates_as_a_new_method(tmp_path):
    text = template("method").replace("- id: session-manager\n", f"- id: {FRESH}\n", 1)
    assert f"- id: {FRESH}\n" in text
    assert added_errors(tmp_path, kb_text_with("methods", text, ranked=FRESH)) == set()


def test_question_template_validates_as_a_new_question(tmp_path):
    text = template("question")
    assert added_errors(tmp_path, kb_text_with("questions", text)) == set()


def test_scenario_template_validates_as_a_new_scenario(tmp_path):
    text = template("scenario").replace("- id: locked-out\n", f"- id: {FRESH}\n", 1)
    assert f"- id: {FRESH}\n" in text
    assert added_errors(tmp_path, kb_text_with("scenarios", text)) == set()


def test_question_and_scenario_templates_build_model_records():
    Question.from_data(template_item("question"))
    Scenario.from_data(template_item("scenario"))


def test_scenario_template_is_the_real_entry_it_claims_to_be():
    entry = template_item("scenario")
    real = next(s for s in yaml.safe_load(KB.read_text(encoding="utf-8"))["scenarios"]
                if s["id"] == entry["id"])
    assert entry == real, f"the scenario template no longer matches {entry['id']} in data/kb.yaml: " \
                          "copy the real entry into CONTRIBUTING.md again"


# ---- The validator output the docs show -----------------------------------------------------

LINE_RE = re.compile(r"^(data/kb\.yaml):\d+: ")


def shown_output(marker: str) -> list[str]:
    """The ```text block of CONTRIBUTING.md that contains `marker`, line numbers blanked."""
    blocks = [b for b in fenced(CONTRIBUTING, "text") if marker in b]
    assert len(blocks) == 1, f"CONTRIBUTING.md must show one output block with {marker}"
    return [LINE_RE.sub(r"\1:N: ", line) for line in blocks[0].splitlines()]


def validator_output(tmp_path: Path, monkeypatch, capsys, data: dict[str, Any]) -> list[str]:
    """What `python -m macros.validate data/kb.yaml` prints for `data`, line numbers blanked."""
    from macros.kb import validate

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "kb.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    validate.main(["data/kb.yaml"])
    return [LINE_RE.sub(r"\1:N: ", line) for line in capsys.readouterr().out.splitlines()]


def session_manager(data: dict[str, Any]) -> dict[str, Any]:
    """The Session Manager entry, which the documented mistakes are made in."""
    return next(m for m in data["methods"] if m["id"] == "session-manager")


def test_documented_schema_error_is_the_validators_real_output(tmp_path, monkeypatch, capsys):
    data = yaml.safe_load(KB.read_text(encoding="utf-8"))
    session_manager(data)["capabilities"]["reach"]["value"] = ["public", "private", "everywhere"]
    assert validator_output(tmp_path, monkeypatch, capsys, data) == shown_output("[schema-enum]")


def test_documented_reference_error_is_the_validators_real_output(tmp_path, monkeypatch, capsys):
    data = yaml.safe_load(KB.read_text(encoding="utf-8"))
    cap = session_manager(data)["capabilities"]["max_session"]
    cap["sources"] = cap["sources"][:1] + ["sm-idel"]  # a typo of the real source sm-idle
    assert shown_output("[unknown-source]")[0] in validator_output(tmp_path, monkeypatch, capsys,
                                                                   data)


def test_documented_ok_line_has_the_validators_shape(monkeypatch, capsys):
    from macros.kb import validate

    monkeypatch.chdir(ROOT)
    assert validate.main(["data/kb.yaml"]) == 0
    real = capsys.readouterr().out.splitlines()[-1]
    shape = re.compile(r"data/kb\.yaml: OK \(\d+ methods, \d+ questions, \d+ scenarios, "
                       r"\d+ sources\)")
    assert shape.fullmatch(real)
    assert shape.fullmatch(shown_output(": OK (")[0])


# ---- Commands the docs show ---------------------------------------------------------------

def make_targets() -> set[str]:
    """Every target the Makefile defines (rules and .PHONY names)."""
    text = MAKEFILE.read_text(encoding="utf-8")
    targets = set(MAKE_TARGET_RE.findall(text))
    for phony in re.findall(r"^\.PHONY\s*:(.*)$", text, re.M):
        targets.update(phony.split())
    return targets - {".PHONY"}


def documented_make_commands() -> list[tuple[str, str]]:
    """(doc, command line) for every line starting with `make ` in a ```bash block of the docs."""
    found = []
    for name in COMMAND_DOCS:
        if (ROOT / name).exists():
            for block in fenced(ROOT / name, "bash"):
                # A trailing `# comment` explains the command; it is not part of it.
                found += [(name, line.split("#", 1)[0].strip()) for line in block.splitlines()
                          if line.strip().startswith("make ")]
    return found


def test_docs_show_the_one_validation_command():
    assert ("CONTRIBUTING.md", "make validate") in documented_make_commands()


@pytest.mark.parametrize("doc, command", documented_make_commands())
def test_documented_make_command_names_a_real_target(doc, command):
    assert MAKEFILE.exists(), "the docs show make commands but there is no Makefile"
    words = [w for w in command.split()[1:] if not w.startswith("-") and "=" not in w]
    assert words, f"{doc}: `{command}` names no target"
    assert set(words) <= make_targets(), f"{doc}: `{command}` names a target the Makefile lacks"


def test_pre_commit_validates_with_the_documented_command():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["validate-kb"]["entry"] == ".venv/bin/python -m macros.validate data/kb.yaml"
    assert hooks["validate-kb"]["files"] == "^data/"
    assert hooks["check-metaschema"]["files"] == r"^data/kb\.schema\.json$"
    assert "check-github-workflows" in hooks


# ---- Redirects ----------------------------------------------------------------------------

def test_documented_redirect_to_a_generated_page_builds(tmp_path):
    # CONTRIBUTING.md tells contributors to redirect a renamed method id in mkdocs.yml; method
    # pages are generated by hooks/mkdocs_glue.py, so the redirect plugin must see them as real pages.
    example = next(b for b in fenced(CONTRIBUTING, "yaml") if "redirect_maps:" in b)
    entry = re.search(r"^(\s*)(methods/old-id\.md): (methods/new-id\.md)$", example, re.M)
    assert entry, "CONTRIBUTING.md must show a redirect from methods/old-id.md to methods/new-id.md"
    target = yaml.safe_load(KB.read_text(encoding="utf-8"))["methods"][0]["id"]
    project = tmp_path / "project"
    for name in SITE_SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, project / name)
    config = project / "mkdocs.yml"
    text, count = re.subn(r"^(\s*)redirect_maps:.*$",
                          rf"\1redirect_maps:\n\1  methods/{FRESH}.md: methods/{target}.md",
                          config.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert count == 1, "mkdocs.yml has no redirects.redirect_maps section"
    config.write_text(text, encoding="utf-8")
    result = subprocess.run(
        # No --quiet: it raises the log level above WARNING, so --strict would count nothing.
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml",
         "-d", str(tmp_path / "out")], cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    problems = [line for line in result.stderr.splitlines() if not line.startswith("INFO")]
    assert result.returncode == 0, "\n".join(problems + [
        "(a redirect to a generated page needs hooks/mkdocs_glue.py's on_files to run before the "
        "redirects plugin's, e.g. @event_priority(50))"])
    page = tmp_path / "out" / "methods" / FRESH / "index.html"
    assert f'url=../{target}/"' in page.read_text(encoding="utf-8")


# ---- Workflows ----------------------------------------------------------------------------

def workflow(name: str) -> dict[str, Any]:
    """A workflow file parsed; PyYAML reads the `on:` key as True, so it is renamed back."""
    data = yaml.safe_load((GITHUB / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True) if True in data else data["on"]
    return data


def runs(job: dict[str, Any]) -> list[str]:
    """The shell text of every `run:` step of a job."""
    return [step["run"] for step in job["steps"] if "run" in step]


def uses(job: dict[str, Any]) -> list[str]:
    """The actions a job uses, without their version."""
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_ci_runs_make_test_on_pull_requests_and_main():
    ci = workflow("ci.yml")
    assert set(ci["on"]) == {"pull_request", "push"}
    assert ci["on"]["push"]["branches"] == ["main"]
    assert ci["permissions"] == {"contents": "read"}
    assert ci["concurrency"]["cancel-in-progress"] is True
    job = ci["jobs"]["test"]
    assert "make test" in runs(job)
    assert any("chromium chromium-driver" in run for run in runs(job))


def test_ci_reports_decision_changes_on_pull_requests_only():
    job = workflow("ci.yml")["jobs"]["test"]
    step = next(s for s in job["steps"] if "decision-diff" in s.get("run", ""))
    assert "github.event_name == 'pull_request'" in step["if"]
    assert 'BASE="origin/$BASE_REF"' in step["run"]
    assert step["env"]["BASE_REF"] == "${{ github.base_ref }}"


def test_pages_builds_with_make_and_deploys_site_folder():
    pages = workflow("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    step = next(s for s in build["steps"] if s.get("run") == "make build")
    assert "SITE_URL" in step["env"]
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site/"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy) == ["actions/deploy-pages"]


def test_every_action_is_pinned_to_a_version():
    for path in sorted((GITHUB / "workflows").glob("*.yml")):
        for job in workflow(path.name)["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), \
                        f"{path.name}: {step['uses']} is not pinned to a major version"


# ---- Issue forms --------------------------------------------------------------------------

def form(name: str) -> dict[str, Any]:
    """An issue form parsed."""
    return yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / name).read_text(encoding="utf-8"))


def fields(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The form's input fields by id (markdown blocks have none)."""
    return {item["id"]: item for item in data["body"] if "id" in item}


def required(field: dict[str, Any]) -> bool:
    """Whether GitHub will refuse to submit the form without this field."""
    return bool(field.get("validations", {}).get("required"))


def test_fact_form_asks_for_everything_a_fix_needs():
    data = form("fact-wrong.yml")
    assert data["name"] == "A fact is wrong or outdated"
    by_id = fields(data)
    labels = {field_id: field["attributes"]["label"] for field_id, field in by_id.items()}
    assert labels == {
        "page-url": "Page URL",
        "method": "Method",
        "site-says": "What the site says",
        "aws-says": "What AWS says now",
        "aws-url": "AWS documentation URL",
        "languages": "Language(s) affected",
    }
    assert all(required(field) for field in by_id.values())
    assert by_id["languages"]["attributes"]["multiple"] is True


def test_fact_form_lists_every_method_of_the_knowledge_base():
    # GitHub issue forms are static YAML, so `make permalinks` writes the method options from the
    # data between two comment lines. A form left behind fails naming that command.
    kb = load_kb(KB)
    stale = issue_forms.problems(kb, ROOT)
    assert not stale, "\n".join(p.format() for p in stale)
    options = fields(form("fact-wrong.yml"))["method"]["attributes"]["options"]
    generated = issue_forms.method_options(kb)
    assert options[:len(generated)] == generated
    assert [option.split(" ", 1)[0] for option in generated] == [m.id for m in kb.methods]


def test_make_permalinks_rewrites_only_the_generated_options_of_a_stale_form(tmp_path):
    kb = load_kb(KB)
    real_form = ROOT / issue_forms.FORMS[0].path
    real = real_form.read_text(encoding="utf-8")
    lines = real.splitlines()
    begin = next(n for n, line in enumerate(lines, 1) if line.strip() == issue_forms.BEGIN)
    assert "`make permalinks`" in lines[begin - 1], "the generated block must name its command"
    first = next(line for line in lines[begin:] if line.strip().startswith("- "))
    copy = tmp_path / issue_forms.FORMS[0].path
    copy.parent.mkdir(parents=True)
    copy.write_text(real.replace(first + "\n", "", 1), encoding="utf-8")  # the first method
    assert [p.format() for p in issue_forms.problems(kb, tmp_path)] == [
        f".github/ISSUE_TEMPLATE/fact-wrong.yml:{begin}: body[method].attributes.options: must "
        f"list every method of data/kb.yaml, one option per method in data order; "
        f"{kb.methods[0].id!r} is missing [form-generated-options] (fix: run `make permalinks`, "
        f"which rewrites the generated options from the data)"]
    recipe = re.search(r"^permalinks:.*\n\t(.+)$", MAKEFILE.read_text(encoding="utf-8"), re.M)
    assert recipe and recipe[1] == "$(PYTHON) -m scripts.permalinks --write", \
        "Makefile: `make permalinks` must run scripts.permalinks --write, which writes the forms"
    assert issue_forms.write(kb, tmp_path) == [issue_forms.FORMS[0].path]
    assert copy.read_text(encoding="utf-8") == real  # comments and every other line as they were
    copy.write_text(real.replace(issue_forms.END, "# end", 1), encoding="utf-8")
    [lost] = issue_forms.problems(kb, tmp_path)
    assert "restore the two lines from git" in lost.fix and issue_forms.write(kb, tmp_path) == []


def test_issue_url_check_reads_the_form_field_and_accepts_only_aws_hosts():
    data = workflow("issue-source-check.yml")
    assert data["on"] == {"issues": {"types": ["opened", "edited"]}}
    job = data["jobs"]["aws-url"]
    label = fields(form("fact-wrong.yml"))["aws-url"]["attributes"]["label"]
    assert f"### {label}" in job["if"] and f'"### {label}"' in runs(job)[0]
    pattern = re.compile(job["steps"][0]["env"]["URL_PATTERN"])
    for good in ("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect.html",
                 "https://docs.aws.amazon.com/ja_jp/AWSEC2/latest/UserGuide/connect.html",
                 "https://aws.amazon.com/blogs/compute/secure-connectivity/"):
        assert pattern.search(good), good
    for bad in ("http://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect.html",
                "https://docs.aws.amazon.com.evil.example/x",
                "https://example.com/?https://docs.aws.amazon.com/",
                "https://dev.classmethod.jp/articles/vpcendpoint-ec2messages-not-required"):
        assert not pattern.search(bad), bad


def test_addition_form_requires_a_name_a_description_and_aws_sources():
    by_id = fields(form("add-method-or-scenario.yml"))
    assert {key for key, field in by_id.items() if required(field)} == \
        {"kind", "name", "description", "aws-urls"}
    assert by_id["kind"]["attributes"]["options"][:2] == [
        "A connection method", "A scenario (a customer situation with its own page)"]


def test_issue_chooser_disables_blank_issues_and_links_contributing():
    config = form("config.yml")
    assert config["blank_issues_enabled"] is False
    assert [link["url"].rsplit("/", 1)[-1] for link in config["contact_links"]] == \
        ["CONTRIBUTING.md"]


def test_issue_chooser_links_the_repository_the_site_edits():
    # mkdocs.yml names the repository in its default edit_uri; the contact link must agree.
    found = re.search(r"https://github\.com/[^/\s\"]+/[^/\s\"]+(?=/edit/)",
                      (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert found, "mkdocs.yml no longer names the GitHub repository in edit_uri"
    link = form("config.yml")["contact_links"][0]["url"]
    assert link == f"{found.group(0)}/blob/main/CONTRIBUTING.md"
