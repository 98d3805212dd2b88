"""The page registry: every page type of the site, once.

The macros (macros/__init__.py), the nav and the generated pages (macros/site.py, wired into MkDocs
by hooks/mkdocs_glue.py), the permalink list (scripts/permalinks.py), the golden tests
(tests/test_render_support.py) and the benchmark (scripts/bench_site.py) all read PAGES. A new page
type is one record here, its renderer in macros/render/ and, unless it is generated, its stubs
docs/en/<src> and docs/ja/<src> (one line calling the macro).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Callable, Iterator

from macros.kb.model import KnowledgeBase, Text
from macros.render import bastion, compare, decide, home, method, scenario


@dataclass(frozen=True, slots=True)
class PageType:
    """One kind of page: where its source lives, which macro renders it and how the nav lists it."""

    key: str  # also the golden-file stem ("<key>-<id>" for generated pages)
    src: str  # Markdown source under a language's docs dir; "{id}" for generated pages
    macro: str  # the mkdocs-macros name the page calls
    render: Callable[..., str]  # (kb, lang) or, for generated pages, (kb, id, lang)
    doc: str  # what the macro renders
    title: str | None = None  # key of the nav label in data/ui.yaml; None: the item's own name
    items: Callable[[KnowledgeBase], Iterator[tuple[str, Text]]] | None = None  # generated: (id, title)
    parent: str | None = None  # key of the index page the nav lists a generated page under

    @property
    def generated(self) -> bool:
        """True when the pages come from the knowledge base (one per item), not from a stub."""
        return self.items is not None

    def src_of(self, item_id: str | None = None) -> str:
        """The source path of this page (of item `item_id` for generated pages)."""
        return self.src.replace("{id}", item_id) if self.generated else self.src


def _methods(kb: KnowledgeBase) -> Iterator[tuple[str, Text]]:
    return ((m.id, m.name) for m in kb.methods)


def _scenarios(kb: KnowledgeBase) -> Iterator[tuple[str, Text]]:
    return ((s.id, s.title) for s in kb.scenarios)


# In nav order; a generated type follows the index page it is listed under.
PAGES: tuple[PageType, ...] = (
    PageType("home", "index.md", "home", home.home_page, "The home page.",
             title="nav.home"),
    PageType("decide", "decide.md", "decide", decide.decide_page, "The decision tree (/decide/).",
             title="nav.decide"),
    PageType("compare", "compare.md", "compare", compare.compare_page,
             "The comparison tables (/compare/).", title="nav.compare"),
    PageType("methods-index", "methods/index.md", "methods_index", method.methods_index,
             "The list of methods (/methods/).", title="nav.methods"),
    PageType("method", "methods/{id}.md", "method_page", method.method_page,
             "One method's page (/methods/<id>/).", items=_methods, parent="methods-index"),
    PageType("bastion", "bastion.md", "bastion", bastion.bastion_page,
             "Replacing a bastion host (/bastion/).",
             title="nav.bastion"),
    PageType("scenarios-index", "scenarios/index.md", "scenarios_index", scenario.scenarios_index,
             "The scenarios (/scenarios/).", title="nav.scenarios"),
    PageType("scenario", "scenarios/{id}.md", "scenario_page", scenario.scenario_page,
             "One scenario (/scenarios/<id>/).", items=_scenarios, parent="scenarios-index"),
    PageType("api", "api.md", "api_page", decide.api_page,
             "The page describing the JSON API (/api/).", title="nav.api"),
)


def page_type(key: str) -> PageType:
    """The registered page type `key`."""
    for page in PAGES:
        if page.key == key:
            return page
    raise KeyError(f"no page type {key!r}; registered: {', '.join(p.key for p in PAGES)}")


def macros(kb: KnowledgeBase) -> dict[str, Callable[..., str]]:
    """{macro name: function of the macro's own arguments} with `kb` bound, for mkdocs-macros."""
    out = {}
    for page in PAGES:
        function = functools.partial(page.render, kb)
        functools.update_wrapper(function, page.render)
        function.__doc__ = page.doc
        out[page.macro] = function
    return out


def stub(page: PageType, lang: str, item_id: str | None = None) -> str:
    """The one-line Markdown source that calls the page's macro (as the stubs in docs/ do)."""
    # JSON string literals are valid Jinja string literals, whatever the id holds.
    args = ([json.dumps(item_id)] if page.generated else []) + [json.dumps(lang)]
    return f"{{{{ {page.macro}({', '.join(args)}) }}}}\n"


def generated_pages(kb: KnowledgeBase, lang: str) -> list[tuple[str, str]]:
    """(src_uri, Markdown) of every page generated from the KB: one per method and per scenario."""
    return [(page.src_of(item_id), stub(page, lang, item_id))
            for page in PAGES if page.generated for item_id, _ in page.items(kb)]


def rendered(kb: KnowledgeBase) -> dict[str, Callable[[str], str]]:
    """Every page of `kb`: a stem naming it ("compare", "method-putty") -> function(lang) -> Markdown."""
    out: dict[str, Callable[[str], str]] = {}
    for page in PAGES:
        if page.generated:
            for item_id, _ in page.items(kb):
                out[f"{page.key}-{item_id}"] = functools.partial(page.render, kb, item_id)
        else:
            out[page.key] = functools.partial(page.render, kb)
    return out
