"""Every URL in data/permalinks.yaml keeps working; the list only grows; a rename needs a redirect."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from macros import site
from macros.kb.load import load_kb
from scripts import permalinks
from test_project_copy_support import KB, build, copy_project, kb_with_method, page

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / permalinks.LIST_PATH

# The CONTRACT.md, written out here so the list is checked against the contract itself and not
# only against the generator that wrote it.
SPEC_METHODS = ("ssh-client", "putty", "rdp-client", "fleet-manager", "session-manager",
                "ec2-instance-connect", "ec2-instance-connect-endpoint", "bastion-host",
                "ec2-serial-console")  # section 3
SPEC_PAGES = ("", "decide/", "compare/", "methods/", "bastion/", "scenarios/")  # section 2
SPEC_METHOD_ANCHORS = ("at-a-glance", "prerequisites", "benefits", "limitations",
                       "how-to-connect", "when-to-use", "changes", "sources")  # section 2
SPEC_COMPARE_ANCHORS = ("os-and-ports", "prerequisites", "benefits", "limitations",
                        "capabilities")  # section 2
SPEC_ANSWERS = {"os": ["linux", "windows"], "ui": ["terminal", "desktop", "browser"],
                "client": ["windows", "macos", "linux"], "reach": ["public", "private", "none"],
                "inbound": ["yes", "no"], "egress": ["yes", "no"], "iam_audit": ["yes", "no"],
                "session_log": ["yes", "no"], "bulk": ["yes", "no"],
                "broken": ["yes", "no"]}  # section 5.1
SPEC_SCENARIOS = ("replace-bastion-linux", "bulk-transfer-private-linux", "windows-browser-only",
                  "linux-from-windows-direct", "record-every-command", "locked-out")  # 5.4
SPEC_API = ("/api/v1/methods.json", "/api/v1/decision-tree.json")  # section 6


@pytest.fixture(scope="module")
def listed() -> list[str]:
    return permalinks.load_list(LIST)


@pytest.fixture(scope="module")
def published() -> list[str]:
    """The URLs the site publishes now, derived from data/kb.yaml."""
    return permalinks.current_urls(load_kb(ROOT / KB))


# ---- The list -----------------------------------------------------------------------------

def test_list_has_the_documented_header():
    head = LIST.read_text(encoding="utf-8").split("\nurls:", 1)[0]
    assert "only ever ADDED" in head and "make permalinks" in head
    assert "python -m scripts.permalinks --check" in head


def test_list_holds_every_url_the_site_publishes(listed, published):
    new = permalinks.missing(listed, published)
    assert not new, ("data/permalinks.yaml lacks URLs the site now publishes; run "
                     "`make permalinks` to append them:\n  " + "\n  ".join(new))


def both(rel: str) -> list[str]:
    return [f"/{rel}", f"/ja/{rel}"]


def test_list_holds_the_url_contract_of_the_spec(listed):
    expected = [url for rel in SPEC_PAGES for url in both(rel)]
    expected += [url for m in SPEC_METHODS for url in both(f"methods/{m}/")]
    expected += [url for m in SPEC_METHODS for a in SPEC_METHOD_ANCHORS
                 for url in both(f"methods/{m}/#{a}")]
    expected += [url for a in SPEC_COMPARE_ANCHORS for url in both(f"compare/#{a}")]
    expected += [url for a in SPEC_COMPARE_ANCHORS for m in SPEC_METHODS
                 for url in both(f"compare/#{a}-{m}")]
    expected += [url for s in SPEC_SCENARIOS for url in both(f"scenarios/{s}/")]
    expected += both("decide/?v=1")
    expected += [url for q, answers in SPEC_ANSWERS.items() for a in answers
                 for url in both(f"decide/?v=1&{q}={a}")]
    expected += list(SPEC_API)
    assert [url for url in expected if url not in set(listed)] == []


def test_every_page_url_is_listed_in_both_languages(listed):
    have = set(listed)
    pages = [u for u in listed if not u.endswith(".json") and not u.startswith("/kits/")]
    twins = {u: (u[len("/ja"):] if u.startswith("/ja/") else "/ja" + u) for u in pages}
    assert [f"{u} (no {t})" for u, t in twins.items() if t not in have] == []
    assert [u for u in listed if u.endswith(".json") and not u.startswith("/kits/")] == list(
        SPEC_API)  # served once, at the root
    assert [u for u in listed if u.startswith("/ja/kits/")] == []  # kit files too


def test_entries_are_only_ever_added():
    # Every committed version of the list must still be contained in the current one.
    log = subprocess.run(["git", "-C", str(ROOT), "log", "--format=%H", "--",
                          permalinks.LIST_PATH], capture_output=True, text=True)
    if log.returncode != 0:
        pytest.skip(f"not a git checkout: {log.stderr.strip()}")
    current = set(permalinks.load_list(LIST))
    for commit in log.stdout.split():
        shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:{permalinks.LIST_PATH}"],
                               capture_output=True, text=True, check=True).stdout
        gone = [u for u in yaml.safe_load(shown)["urls"] if u not in current]
        assert gone == [], (f"entries of data/permalinks.yaml as of {commit[:12]} were removed; "
                            "restore them and keep those URLs working instead: " + ", ".join(gone))


def test_appending_keeps_every_entry_and_comment(tmp_path, listed):
    copy = tmp_path / "permalinks.yaml"
    copy.write_text(LIST.read_text(encoding="utf-8"), encoding="utf-8")
    new = ["/methods/new-id/", "/ja/methods/new-id/", "/decide/?v=1&os=macos"]
    permalinks.append(copy, new, dt.date(2027, 1, 2))
    text = copy.read_text(encoding="utf-8")
    assert text.startswith(LIST.read_text(encoding="utf-8").rstrip("\n"))
    assert text.endswith("  # added 2027-01-02 by `make permalinks`\n  - /methods/new-id/\n"
                         "  - /ja/methods/new-id/\n  - /decide/?v=1&os=macos\n")
    assert permalinks.load_list(copy) == listed + new


# ---- The built site serves every listed URL --------------------------------------------------

def test_every_listed_url_works_in_the_built_site(built_site, listed, published):
    broken = permalinks.verify(listed, built_site, permalinks.read_redirects(ROOT), published)
    assert not broken, permalinks.report(broken, len(listed))


def test_the_check_reads_the_built_pages(built_site, listed):
    # The check passes because the ids are there, not because it looks at nothing.
    anchors = [u for u in listed if "#" in u]
    assert anchors
    for url in anchors:
        path, anchor = url.split("#")
        assert f'id="{anchor}"' in page(built_site, path)


@pytest.mark.parametrize("url, problem, fix", [
    ("/decide/?v=1&platform=linux", "no question has the key 'platform' any more",
     "Keep the old key working: keep a question with key: platform in data/kb.yaml"),
    ("/ja/decide/?v=1&os=solaris", "question 'os' has no answer 'solaris' any more",
     "Keep the old answer working: keep an answer with key: solaris under question os"),
    ("/decide/?v=2", "/api/v1/decision-tree.json has version 1, not 2",
     "keeps serving the old one"),
    ("/ja/methods/session-manager/#history", '/ja/methods/session-manager/ has no element with '
     'id="history"', "write the renamed heading with { #history }"),
    ("/compare/#limitations-telnet", "/compare/ has no row for method 'telnet' in its "
     "'limitations' table any more", "methods/telnet.md: methods/<new-page>.md"),
    ("/scenarios/gone/", "the site has no page /scenarios/gone/ any more",
     "        scenarios/gone.md: scenarios/<new-page>.md"),
    ("/api/v1/changes.json", "the build wrote no such JSON document (or it does not parse)",
     "keep writing it"),
])
def test_each_kind_of_broken_url_gets_its_fix(built_site, published, url, problem, fix):
    [broken] = permalinks.verify([url], built_site, permalinks.read_redirects(ROOT), published)
    assert broken.problem == problem
    assert fix in broken.fix


def test_command_line_checks_a_built_site(built_site, listed, published):
    result = subprocess.run([sys.executable, "-m", "scripts.permalinks", "--check", "--site",
                             str(built_site)], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"data/permalinks.yaml: lists all {len(published)} URLs the site publishes "
        f"({len(listed)} entries)",
        f"{built_site}: all {len(listed)} listed URLs work"]


# ---- A renamed method: reported with the redirect to add, then served through it ----------

def test_only_redirects_between_method_pages_rename_compare_rows():
    renames = site.renamed_methods({"methods/a.md": "methods/b.md", "methods/index.md": "index.md",
                                    "bastion.md": "methods/b.md",
                                    "methods/c/index.md": "methods/d.md#limitations"})
    assert renames == {"a": "b", "c": "d"}
    row = '<td><span id="limitations-b"></span><a href="../methods/b/">B</a></td>'
    assert site.keep_row_ids(row, renames) == (
        '<td><span id="limitations-b"></span><span id="limitations-a"></span>'
        '<a href="../methods/b/">B</a></td>')


OLD, NEW = "permalink-check-old", "permalink-check-new"
REDIRECT_LINE = re.compile(r"^ {8}(methods/\S+\.md: methods/\S+\.md)$", re.M)


@pytest.fixture(scope="module")
def renamed(tmp_path_factory, build_project):
    """A copy of the project where a published method was renamed: built before and after the
    redirect that the check's message asks for (two builds, shared by the tests below)."""
    tmp = tmp_path_factory.mktemp("renamed")
    project = copy_project(tmp / "project")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "scripts.permalinks", *args], cwd=project,
                              capture_output=True, text=True, timeout=300)

    # Published as OLD: `make permalinks` added its URLs to the list.
    (project / KB).write_text(kb_with_method(OLD), encoding="utf-8")
    added = run("--write")
    assert added.returncode == 0, added.stdout + added.stderr
    old_urls = [line.removeprefix("added ") for line in added.stdout.splitlines()
                if line.startswith("added ")]
    # Then renamed to NEW, with no redirect yet.
    (project / KB).write_text(kb_with_method(NEW), encoding="utf-8")
    listed = permalinks.load_list(project / permalinks.LIST_PATH)
    now = permalinks.current_urls(load_kb(project / KB))
    before_site = build(build_project, project, tmp / "before")
    before = permalinks.verify(listed, before_site, permalinks.read_redirects(project), now)
    checked = run("--check", "--site", str(before_site))
    # The contributor follows the message: the line it gives goes under redirect_maps.
    lines = sorted({m for b in before for m in REDIRECT_LINE.findall(b.fix)})
    config = project / "mkdocs.yml"
    text, count = re.subn(r"^(\s*)redirect_maps: \{\}$",
                          lambda m: f"{m[1]}redirect_maps:\n" + "".join(
                              f"{m[1]}  {line}\n" for line in lines).rstrip("\n"),
                          config.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert count == 1, "mkdocs.yml no longer has an empty `redirect_maps: {}` to fill"
    config.write_text(text, encoding="utf-8")
    after_site = build(build_project, project, tmp / "after")
    after = permalinks.verify(listed, after_site, permalinks.read_redirects(project), now)
    return SimpleNamespace(old_urls=old_urls, before=before, checked=checked, lines=lines,
                           after=after, site=after_site)


def test_rename_breaks_exactly_the_old_methods_urls(renamed):
    # its page, its sections and its row in each table of /compare/, in both languages
    assert len(renamed.old_urls) == 2 * (1 + len(permalinks.METHOD_ANCHORS)
                                         + len(permalinks.COMPARE_ANCHORS))
    assert [b.url for b in renamed.before] == renamed.old_urls


def test_rename_is_reported_with_the_redirect_line_to_add(renamed):
    page_problem = next(b for b in renamed.before if b.url == f"/methods/{OLD}/")
    assert page_problem.problem == f"the site has no page /methods/{OLD}/ any more"
    assert page_problem.fix.startswith("add this redirect under plugins > redirects > "
                                       "redirect_maps in mkdocs.yml")
    assert renamed.lines == [f"methods/{OLD}.md: methods/{NEW}.md"]
    # Every broken URL of the old method (its Japanese page, its rows on /compare/) names it too.
    assert all(renamed.lines[0] in b.fix for b in renamed.before)
    assert renamed.checked.returncode == 1
    assert f"        methods/{OLD}.md: methods/{NEW}.md" in renamed.checked.stdout.splitlines()
    assert renamed.checked.stdout.splitlines()[-1].startswith(
        f"{len(renamed.old_urls)} of ")


def test_adding_the_redirect_makes_every_url_work_again(renamed):
    assert renamed.after == []
    for lang in ("", "ja/"):
        redirect = page(renamed.site, f"/{lang}methods/{OLD}/")
        assert f'location.href="../{NEW}/"+(anchor?"#"+anchor:"")' in redirect  # keeps #anchor
        compare = page(renamed.site, f"/{lang}compare/")
        assert f'<span id="limitations-{NEW}"></span><span id="limitations-{OLD}"></span>' \
            in compare


def test_redirect_keeps_the_anchor_in_a_browser(renamed, browser, serve_directory):
    with serve_directory(renamed.site) as root:
        tab = browser.new_page()
        try:
            for lang in ("", "ja/"):
                # The redirect page navigates away at once: wait for the page it leads to.
                tab.goto(f"{root}{lang}methods/{OLD}/#limitations", wait_until="commit")
                tab.wait_for_url(f"**/{lang}methods/{NEW}/#limitations")
                assert tab.locator("#limitations").count() == 1
        finally:
            tab.close()
