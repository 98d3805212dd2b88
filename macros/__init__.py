"""The site's Python: macros/kb (load and check data/kb.yaml), macros/decide (engine, tree,
scenario rules, JSON), macros/render (Markdown per page type), macros/pages.py (the page registry)
and macros/site.py (languages, nav and generated pages). None of it imports MkDocs.

This package is also mkdocs-macros' module (`module_name: macros`): `define_env` registers one
macro per entry of the page registry. The package itself imports nothing at load time, so
`import macros.kb.model` stays cheap.
"""

from __future__ import annotations

from pathlib import Path


def define_env(env) -> None:
    """Load the knowledge base once and register the page macros."""
    from macros.pages import macros
    from macros.site import load_site_kb

    kb = load_site_kb(Path(env.project_dir))
    for name, function in macros(kb).items():
        env.macro(function, name)
