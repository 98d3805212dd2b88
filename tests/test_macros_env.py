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
