"""The home page: the question the site answers and every entry point, from the data."""

from __future__ import annotations

from macros.kb.model import KnowledgeBase
from macros.render.common import heading
from macros.render.context import Page

PAGE = "index.md"
CARDS = (("decide", "decide.md"), ("compare", "compare.md"), ("bastion", "bastion.md"))


def latest_check(kb: KnowledgeBase):
    """The most recent date on which a method or a source was checked against AWS documentation."""
    return max([m.verified for m in kb.methods] + [s.verified for s in kb.sources])


def _cards(page: Page) -> str:
    """Material grid cards for the three entry points (a plain list without the theme's CSS)."""
    items = [f"-   **[{page.t(f'home.card.{key}.title')}]({page.rel(target)})**\n\n"
             f"    ---\n\n"
             f"    {page.fill(f'home.card.{key}.text', n=len(page.kb.methods))}"
             for key, target in CARDS]
    return '<div class="grid cards" markdown>\n\n' + "\n\n".join(items) + "\n\n</div>"


def home_page(kb: KnowledgeBase, lang: str) -> str:
    """The whole home page in `lang`."""
    page = Page(kb, lang, PAGE)
    # Two columns on wide screens (site.css), so every entry point fits in one screen.
    methods = ('<div class="kb-method-list" markdown>\n\n'
               + "\n".join(f"- {page.method_link(m)}: {page.text(m.summary)}"
                            for m in kb.methods) + "\n\n</div>")
    parts = [f"# {page.t('home.title')}", page.t("home.question"),
             heading(2, page.t("home.h.start"), "start"), _cards(page),
             heading(2, page.t("home.h.methods"), "methods"), methods,
             page.fill("home.methods.all", index=page.rel("methods/index.md")),
             heading(2, page.t("home.h.about"), "about"), page.text(kb.article.summary),
             page.fill("home.verified", date=page.date(latest_check(kb)))]
    return "\n\n".join(parts) + "\n"
