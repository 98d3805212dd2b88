"""The home page: the question the site answers and every entry point, from the data."""

from __future__ import annotations

from macros.render.i18n import fill, t
from macros.kb.model import KnowledgeBase
from macros.render.common import fmt_date, heading, method_link
from macros.render.text import esc, rel

PAGE = "index.md"
CARDS = (("decide", "decide.md"), ("compare", "compare.md"), ("bastion", "bastion.md"))


def latest_check(kb: KnowledgeBase):
    """The most recent date on which a method or a source was checked against AWS documentation."""
    return max([m.verified for m in kb.methods] + [s.verified for s in kb.sources])


def _cards(kb: KnowledgeBase, lang: str) -> str:
    """Material grid cards for the three entry points (a plain list without the theme's CSS)."""
    items = [f"-   **[{t(f'home.card.{key}.title', lang)}]({rel(PAGE, target)})**\n\n"
             f"    ---\n\n"
             f"    {fill(f'home.card.{key}.text', lang, n=len(kb.methods))}"
             for key, target in CARDS]
    return '<div class="grid cards" markdown>\n\n' + "\n\n".join(items) + "\n\n</div>"


def home_page(kb: KnowledgeBase, lang: str) -> str:
    """The whole home page in `lang`."""
    # Two columns on wide screens (site.css), so every entry point fits in one screen.
    methods = ('<div class="kb-method-list" markdown>\n\n'
               + "\n".join(f"- {method_link(PAGE, m, lang)}: {esc(m.summary.get(lang))}"
                            for m in kb.methods) + "\n\n</div>")
    parts = [f"# {t('home.title', lang)}", t("home.question", lang),
             heading(2, t("home.h.start", lang), "start"), _cards(kb, lang),
             heading(2, t("home.h.methods", lang), "methods"), methods,
             fill("home.methods.all", lang, index=rel(PAGE, "methods/index.md")),
             heading(2, t("home.h.about", lang), "about"), esc(kb.article.summary.get(lang)),
             fill("home.verified", lang, date=fmt_date(latest_check(kb), lang))]
    return "\n\n".join(parts) + "\n"
