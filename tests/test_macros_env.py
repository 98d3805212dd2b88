"""define_env registers every page macro as a thin wrapper over its renderer (no MkDocs needed)."""

from __future__ import annotations

from macros import define_env
from macros.pages import PAGES
from macros.render.method import method_page
from macros.render.scenario import scenarios_index
from macros.site import load_site_kb
from tests.conftest import PROJECT_DIR


class FakeEnv:
    """The two things define_env uses from mkdocs-macros' env."""

    project_dir = str(PROJECT_DIR)

    def __init__(self):
        self.macros = {}

    def macro(self, function, name):
        self.macros[name] = function


def test_every_macro_the_pages_call_is_registered():
    env = FakeEnv()
    define_env(env)
    called = {line.split("(")[0].strip("{ ") for page in (PROJECT_DIR / "docs").rglob("*.md")
              for line in page.read_text("utf-8").splitlines() if line.startswith("{{")}
    assert called <= set(env.macros) == {page.macro for page in PAGES}


def test_macros_pass_their_arguments_to_the_renderer():
    env = FakeEnv()
    define_env(env)
    kb = load_site_kb(PROJECT_DIR)
    assert env.macros["method_page"]("putty", "ja") == method_page(kb, "putty", "ja")
    assert env.macros["scenarios_index"]("en") == scenarios_index(kb, "en")
    assert env.macros["bastion"].__doc__ == "Replacing a bastion host (/bastion/)."


def test_every_stub_is_a_registered_page_and_calls_its_macro():
    stubs = {}
    for lang in ("en", "ja"):
        for path in sorted((PROJECT_DIR / "docs" / lang).rglob("*.md")):
            stubs[(lang, path.relative_to(PROJECT_DIR / "docs" / lang).as_posix())] = path
    for page in PAGES:
        if page.generated:
            continue
        for lang in ("en", "ja"):
            path = stubs.pop((lang, page.src), None)
            assert path is not None, (f"docs/{lang}/{page.src} is missing; the page registry "
                                      f"(macros/pages.py) lists page type '{page.key}' there")
            assert f"{page.macro}(" in path.read_text("utf-8"), (
                f"docs/{lang}/{page.src} must call {page.macro}(...) (macros/pages.py, '{page.key}')")
    assert not stubs, (f"stubs with no page type in macros/pages.py: "
                       f"{sorted(f'docs/{lang}/{src}' for lang, src in stubs)}; register them")
