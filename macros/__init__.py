"""Page macros for mkdocs-macros (`module_name: macros`): thin wrappers over the renderers.

Every macro takes its language (and id) explicitly and returns a whole page body as Markdown.
Renderers are imported when a page first calls them, so a broken renderer fails only the pages
that use it, and fails them loudly (`on_error_fail: true`), never with placeholder text.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

# Macro name -> (renderer module in this package, function, what the macro renders). Each
# renderer takes the knowledge base, then the macro's own arguments: (lang) or (id, lang).
MACROS = {
    "home": ("render_home", "home_page", "The home page."),
    "compare": ("render_compare", "compare_page", "The comparison tables (/compare/)."),
    "methods_index": ("render_method", "methods_index", "The list of methods (/methods/)."),
    "method_page": ("render_method", "method_page", "One method's page (/methods/<id>/)."),
    "bastion": ("render_bastion", "bastion_page", "Replacing a bastion host (/bastion/)."),
    "decide": ("render_decide", "decide_page", "The decision tree (/decide/)."),
    "scenarios_index": ("render_scenario", "scenarios_index", "The scenarios (/scenarios/)."),
    "scenario_page": ("render_scenario", "scenario_page", "One scenario (/scenarios/<id>/)."),
    "api_page": ("render_decide", "api_page", "The page describing the JSON API (/api/)."),
}


def _macro(kb, module: str, function: str, doc: str) -> Callable[..., str]:
    def render(*args: str) -> str:
        renderer = getattr(importlib.import_module(f"macros.{module}"), function)
        return renderer(kb, *args)

    render.__doc__ = doc
    return render


def define_env(env) -> None:
    """Load the knowledge base once and register the page macros."""
    from macros.site import load_site_kb

    kb = load_site_kb(Path(env.project_dir))
    for name, (module, function, doc) in MACROS.items():
        env.macro(_macro(kb, module, function, doc), name)
