"""Page macros for mkdocs-macros (`module_name: macros`): thin wrappers over the renderers.

Every macro takes its language (and id) explicitly and returns a whole page body as Markdown.
Renderers are imported inside each macro, so a missing or broken renderer fails only the pages
that use it, and fails them loudly (`on_error_fail: true`), never with placeholder text.
"""

from __future__ import annotations

from pathlib import Path


def define_env(env) -> None:
    """Load the knowledge base once and register the page macros."""
    from macros.site import load_site_kb

    kb = load_site_kb(Path(env.project_dir))

    @env.macro
    def home(lang: str) -> str:
        """The home page."""
        from macros.render_home import home_page
        return home_page(kb, lang)

    @env.macro
    def compare(lang: str) -> str:
        """The comparison tables (/compare/)."""
        from macros.render_compare import compare_page
        return compare_page(kb, lang)

    @env.macro
    def methods_index(lang: str) -> str:
        """The list of methods (/methods/)."""
        from macros.render_method import methods_index as render
        return render(kb, lang)

    @env.macro
    def method_page(method_id: str, lang: str) -> str:
        """One method's page (/methods/<id>/)."""
        from macros.render_method import method_page as render
        return render(kb, method_id, lang)

    @env.macro
    def bastion(lang: str) -> str:
        """Replacing a bastion host (/bastion/)."""
        from macros.render_bastion import bastion_page
        return bastion_page(kb, lang)

    @env.macro
    def decide(lang: str) -> str:
        """The decision tree (/decide/)."""
        from macros.render_decide import decide_page
        return decide_page(kb, lang)

    @env.macro
    def scenarios_index(lang: str) -> str:
        """The list of scenarios (/scenarios/)."""
        from macros.render_scenario import scenarios_index as render
        return render(kb, lang)

    @env.macro
    def scenario_page(scenario_id: str, lang: str) -> str:
        """One scenario's page (/scenarios/<id>/)."""
        from macros.render_scenario import scenario_page as render
        return render(kb, scenario_id, lang)

    @env.macro
    def api_page(lang: str) -> str:
        """The page describing the JSON API (/api/)."""
        from macros.render_decide import api_page as render
        return render(kb, lang)
