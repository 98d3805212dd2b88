"""Link previews and language alternates in the built site (CONTRACT.md 9.2, issue 13): every page
has Open Graph and Twitter card metadata with its own description, hreflang links to its twin in
the other language, and both languages' sitemaps name every page in both languages.

Reads the site built once per session (tests/conftest.py); no browser. Method and scenario pages
take their description from data/kb.yaml (their `summary`), set by hooks/mkdocs_glue.py; hand-written
pages from their front matter (docs/<lang>/*.md, `description:`).
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from test_quality_support import site_kb

LOCALE = {"en": "en_US", "ja": "ja_JP"}


def _meta(html: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return unescape(found.group(1)) if found else None


def _link(html: str, rel: str, hreflang: str | None = None) -> str | None:
    lang = rf' hreflang="{hreflang}"' if hreflang else ""
    found = re.search(rf'<link rel="{rel}"{lang} href="([^"]*)"', html)
    return unescape(found.group(1)) if found else None


def _pages(built_site: Path) -> list[tuple[Path, str]]:
    """(file, language) of every content page: not the 404 pages, not redirects."""
    pages = []
    for path in sorted(built_site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue
        pages.append((path, "ja" if path.relative_to(built_site).parts[0] == "ja" else "en"))
    return pages


@pytest.fixture(scope="module")
def root_url(built_site) -> str:
    """The address the site was built for (SITE_URL), from the home page's canonical link."""
    return _link((built_site / "index.html").read_text(encoding="utf-8"), "canonical")


def _file_of(url: str, root_url: str, built_site: Path) -> Path:
    assert url.startswith(root_url), f"{url} is not under the site's address {root_url}"
    return built_site / url[len(root_url):] / "index.html"


def test_every_page_has_its_preview_metadata(built_site, root_url):
    problems = []
    pages = _pages(built_site)
    assert len(pages) > 20, f"only {len(pages)} pages found in {built_site}"
    for path, lang in pages:
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(built_site)
        canonical = _link(html, "canonical")
        wanted = {"og:type": None, "og:site_name": None, "og:title": None, "og:description": None,
                  "og:locale": LOCALE[lang], "og:url": canonical, "og:image": None,
                  "twitter:card": "summary_large_image", "twitter:title": None,
                  "twitter:description": _meta(html, "og:description"), "twitter:image": None}
        for key, value in wanted.items():
            got = _meta(html, key)
            if not got:
                problems.append(f"{where}: no {key} (overrides/main.html, block site_meta)")
            elif value is not None and got != value:
                problems.append(f"{where}: {key} is {got!r}, expected {value!r}")
        if _meta(html, "og:description") != _meta(html, "description"):
            problems.append(f"{where}: og:description differs from the meta description")
        image = _meta(html, "og:image") or ""
        if not image.startswith(("http://", "https://")) or not _file_of(
                image.rsplit("/", 1)[0], root_url, built_site).parent.joinpath(
                    image.rsplit("/", 1)[1]).is_file():
            problems.append(f"{where}: og:image {image!r} is not an absolute URL of a built file "
                            "(overrides/assets/images/social-card.png)")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_method_and_scenario_pages_describe_themselves_from_the_data(built_site, lang):
    kb = site_kb()
    root = built_site / ("ja" if lang == "ja" else "")
    items = [(f"methods/{m.id}", m.summary) for m in kb.methods]
    items += [(f"scenarios/{s.id}", s.summary) for s in kb.scenarios]
    problems = []
    site_wide = _meta((root / "index.html").read_text(encoding="utf-8"), "og:site_name")
    for path, summary in items:
        html = (root / path / "index.html").read_text(encoding="utf-8")
        want = " ".join(summary.get(lang).split())
        got = _meta(html, "og:description")
        if got != want:
            problems.append(f"{lang} {path}: og:description {got!r} is not its summary in "
                            f"data/kb.yaml ({want!r}); hooks/mkdocs_glue.py on_page_context sets it")
        if not _meta(html, "og:title") or _meta(html, "og:title") == site_wide:
            problems.append(f"{lang} {path}: og:title is the site's name, not the page's")
    assert problems == [], "\n".join(problems)


def test_every_page_links_its_twin_both_ways(built_site, root_url):
    problems = []
    for path, lang in _pages(built_site):
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(built_site)
        canonical = _link(html, "canonical")
        links = {code: _link(html, "alternate", code) for code in ("en", "ja", "x-default")}
        if None in links.values():
            problems.append(f"{where}: hreflang links {links}: en, ja and x-default are needed")
            continue
        if links[lang] != canonical:
            problems.append(f"{where}: its own hreflang={lang} link {links[lang]} is not its "
                            f"canonical address {canonical}")
        if links["x-default"] != links["en"]:
            problems.append(f"{where}: x-default should be the English page")
        other = "ja" if lang == "en" else "en"
        twin = _file_of(links[other], root_url, built_site)
        if not twin.is_file():
            problems.append(f"{where}: its {other} twin {links[other]} was not built")
        elif _link(twin.read_text(encoding="utf-8"), "alternate", lang) != canonical:
            problems.append(f"{where}: its twin {links[other]} does not link back to it")
    assert problems == [], "\n".join(problems)


def test_both_sitemaps_name_every_page_in_both_languages(built_site, root_url):
    problems = []
    for sitemap, lang in ((built_site / "sitemap.xml", "en"), (built_site / "ja/sitemap.xml", "ja")):
        xml = sitemap.read_text(encoding="utf-8")
        entries = re.findall(r"<url>(.*?)</url>", xml, re.S)
        if 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' not in xml or len(entries) < 10:
            problems.append(f"{sitemap.name} ({lang}): no xhtml namespace or few entries")
        for entry in entries:
            loc = re.search(r"<loc>([^<]*)</loc>", entry).group(1)
            alternates = dict(re.findall(
                r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', entry))
            if set(alternates) != {"en", "ja", "x-default"} or alternates[lang] != loc:
                problems.append(f"{lang} sitemap, {loc}: alternates {alternates}")
                continue
            for code in ("en", "ja"):
                if not _file_of(alternates[code], root_url, built_site).is_file():
                    problems.append(f"{lang} sitemap, {loc}: {alternates[code]} was not built")
    assert problems == [], "\n".join(problems)
