"""No broken link in either language. The served build is crawled from / and /ja/ (and from the
404 and redirect pages, which nothing links to): every internal href and src answers HTTP 200,
every #fragment is an id on its target page, every page the build wrote is reached, and every
external link is https to a host listed in data/link-hosts.yaml.

The crawler is our own (standard library: urllib and html.parser) rather than linkchecker. We tried
linkchecker 10.6.0 from PyPI against the same local server: it works offline, but it brings three
more packages (beautifulsoup4, soupsieve, dnspython), waits 0.1-0.6 s between two requests to one
host, took seven minutes for the 282 addresses of this site on two cores, drops to user `nobody`
when run as root, and cannot check external links against an allowed list without contacting them.
This crawler fetches each address once (a few seconds) and checks exactly the rules above; the last
test feeds it a small broken site to show that each check can fail.

What it does not check, and where that is checked: MkDocs' --strict build validates Markdown links
and anchors before any HTML exists; tests/test_permalinks.py checks the published URLs, anchors and
/decide/ query keys (a query string does not change which file the server sends, so the crawler
checks the page and drops the query); external pages are never fetched (the build runs offline).
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import pytest
import yaml

from test_quality_support import PROJECT_DIR

HOSTS_FILE = PROJECT_DIR / "data" / "link-hosts.yaml"
# Attributes through which a page links to or loads another address.
URL_ATTRS = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src",
             "iframe": "src", "source": "src", "audio": "src", "video": "src", "track": "src",
             "embed": "src", "object": "data", "form": "action"}
REFRESH_URL = re.compile(r"^\s*\d+\s*;\s*url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """One URL in one page: where it is written and what it resolves to."""

    page: str  # absolute URL of the page (without fragment)
    tag: str
    rel: str
    url: str  # absolute, with any fragment


class Page(HTMLParser):
    """The ids of an HTML document and the URLs its elements link to."""

    def __init__(self, url: str, text: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.ids: set[str] = set()
        self.links: list[Link] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if attrs.get(name):
                self.ids.add(attrs[name])
        value = attrs.get(URL_ATTRS.get(tag, ""))
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            found = REFRESH_URL.match(attrs.get("content", ""))
            value = found.group(1) if found else None
        if value is not None and value.strip():
            url = urljoin(self.url, value.strip())
            self.links.append(Link(self.url, tag, attrs.get("rel", ""), url))


@dataclass
class Crawl:
    """The result of crawling a served site from its seed pages."""

    root: str
    aliases: tuple[str, ...] = ()  # other roots that mean this site (the configured site_url)
    pages: dict[str, Page] = field(default_factory=dict)  # HTML pages, by URL
    status: dict[str, int] = field(default_factory=dict)  # every internal address fetched
    internal: list[Link] = field(default_factory=list)
    external: list[Link] = field(default_factory=list)
    other: list[Link] = field(default_factory=list)  # javascript:, mailto: ...

    def local(self, url: str) -> str:
        """`url` with a site alias replaced by the served root."""
        for alias in self.aliases:
            if url.startswith(alias):
                return self.root + url[len(alias):]
        return url

    def fetch(self, url: str) -> None:
        if url in self.status:
            return
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                self.status[url] = response.status
                body = response.read()  # all of it, or the server's write breaks off
                if response.headers.get_content_type() == "text/html":
                    self.pages[url] = Page(url, body.decode("utf-8"))
        except urllib.error.HTTPError as error:
            self.status[url] = error.code

    def run(self, seeds: list[str]) -> "Crawl":
        """Fetch the seeds (paths under the root), then every internal address their pages name."""
        queue = [self.root + seed for seed in seeds]
        while queue:
            url = queue.pop()
            if url in self.status:
                continue
            self.fetch(url)
            for link in self.pages[url].links if url in self.pages else ():
                scheme = urlsplit(link.url).scheme
                target = self.local(link.url)
                if scheme == "data":
                    continue  # inline content, nothing to fetch
                if target.startswith(self.root):
                    self.internal.append(Link(link.page, link.tag, link.rel, target))
                    queue.append(self.address(target))
                elif scheme in ("http", "https"):
                    self.external.append(link)
                else:
                    self.other.append(link)
        return self

    @staticmethod
    def address(url: str) -> str:
        """What the server is asked for: `url` without its query and fragment."""
        parts = urlsplit(url)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))

    def broken(self) -> list[str]:
        """Internal links whose address does not answer 200."""
        broken = set()
        for link in self.internal:
            status = self.status[self.address(link.url)]
            if status != 200:
                broken.add(f"{link.page}: <{link.tag}> {link.url} -> HTTP {status}")
        return sorted(broken)

    def fragments(self) -> list[Link]:
        """Internal links with a #fragment."""
        return [link for link in self.internal if urlsplit(link.url).fragment]

    def missing_anchors(self) -> list[str]:
        """Internal links whose #fragment is no id (or <a name>) of the page they point to."""
        missing = set()
        for link in self.fragments():
            fragment = unquote(urlsplit(link.url).fragment)
            target = self.pages.get(self.address(link.url))
            if target is None:
                missing.add(f"{link.page}: {link.url} -> not an HTML page")
            elif fragment not in target.ids:
                missing.add(f"{link.page}: {link.url} -> no id {fragment!r} on that page")
        return sorted(missing)

    def unreached(self, built: Path) -> list[str]:
        """HTML files of the build that no crawled link reaches."""
        reached = {urlsplit(url).path for url in self.pages}
        return sorted(path for path in ("/" + file.relative_to(built).as_posix() for file in
                                        built.rglob("*.html"))
                      if path not in reached and path.removesuffix("index.html") not in reached)

    def bad_external(self, hosts: dict[str, str]) -> list[str]:
        """External links that are not https, or go to a host not in `hosts`."""
        bad = set()
        for link in self.external:
            parts = urlsplit(link.url)
            if parts.scheme != "https":
                bad.add(f"{link.page}: {link.url} -> not https")
            elif parts.hostname not in hosts:
                bad.add(f"{link.page}: {link.url} -> host {parts.hostname} is not in "
                        f"{HOSTS_FILE.relative_to(PROJECT_DIR)}")
        return sorted(bad)


def allowed_hosts(path: Path = HOSTS_FILE) -> dict[str, str]:
    """data/link-hosts.yaml: each host external links may go to, with the reason."""
    hosts = yaml.safe_load(path.read_text(encoding="utf-8"))["hosts"]
    assert isinstance(hosts, dict) and all(isinstance(why, str) and why for why in hosts.values())
    return hosts


def configured(key: str, env: str) -> str:
    """A `!ENV [NAME, "default"]` setting of mkdocs.yml, as the build saw it."""
    default = re.search(rf'^{key}: !ENV \[{env}, "([^"]+)"\]',
                        (PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return os.environ.get(env, default.group(1))


def seeds(built: Path) -> list[str]:
    """Where readers enter: both home pages, the 404 pages (served at any missing address) and the
    redirect pages of renamed URLs (which nothing links to any more)."""
    extra = [file.relative_to(built).as_posix().removesuffix("index.html")
             for file in built.rglob("*.html")
             if 'http-equiv="refresh"' in file.read_text(encoding="utf-8")]
    return ["", "ja/", "404.html", "ja/404.html"] + extra


@pytest.fixture(scope="module")
def crawl(built_site, site_url) -> Crawl:
    return Crawl(site_url, aliases=(configured("site_url", "SITE_URL"),)).run(seeds(built_site))


def test_every_internal_link_answers_200(crawl, built_site, site_url):
    entries = seeds(built_site)
    assert entries[:2] == ["", "ja/"]
    assert {seed: crawl.status[site_url + seed] for seed in entries} == dict.fromkeys(entries, 200)
    assert crawl.broken() == []


def test_every_fragment_is_an_id_of_its_page(crawl):
    assert any(link.url.endswith("#how-to-connect") for link in crawl.fragments())
    assert crawl.missing_anchors() == []


def test_every_page_of_the_build_is_reached(crawl, built_site):
    assert crawl.unreached(built_site) == []


def test_no_other_kind_of_link(crawl):
    assert [f"{link.page}: {link.url}" for link in crawl.other] == []


def test_external_links_are_https_to_allowed_hosts(crawl):
    assert crawl.external, "the sources of the facts are external links"
    assert crawl.bad_external(allowed_hosts()) == []


def test_every_allowed_host_is_still_linked(crawl):
    # The list stays exactly what the site needs: a host nothing links to is removed.
    linked = {urlsplit(link.url).hostname for link in crawl.external}
    assert sorted(set(allowed_hosts()) - linked) == []


def test_edit_links_open_files_of_this_repository(crawl):
    edit_root = configured("edit_uri", "EDIT_URI")
    edits = {link.url for link in crawl.external if link.rel == "edit"}
    assert edits and all(url.startswith(edit_root) for url in edits)
    assert sorted(url for url in edits if not (PROJECT_DIR / url[len(edit_root):]).is_file()) == []


def test_figures(crawl):
    # The figures the README quotes, printed with -s; none of them may be zero.
    fragments = crawl.fragments()
    external = Counter(urlsplit(link.url).hostname for link in crawl.external)
    figures = {
        "HTML pages": len(crawl.pages),
        "internal links": len(crawl.internal),
        "internal addresses": len(crawl.status),
        "#fragment links": len(fragments),
        "distinct anchors": len({link.url for link in fragments}),
        "external links": len(crawl.external),
        "distinct external URLs": len({link.url for link in crawl.external}),
        "external hosts": len(external),
    }
    print("\nlinks:", ", ".join(f"{value} {name}" for name, value in figures.items()),
          "|", ", ".join(f"{host} {count}" for host, count in external.most_common()))
    assert all(figures.values()), figures


def test_the_crawler_finds_each_kind_of_break(tmp_path, serve_directory):
    # A small site with one break of each kind: the checks above can fail.
    pages = {
        "index.html": '<a href="good/">ok</a> <a href="good/#there">ok</a>'
                      '<a href="#top" id="top">ok</a> <a href="missing/">404</a>'
                      '<img src="nope.png"> <a href="good/#nowhere">no such id</a>'
                      '<a href="http://docs.aws.amazon.com/a.html">plain http</a>'
                      '<a href="https://evil.example/x">unknown host</a>'
                      '<a href="https://github.com/o/r">allowed</a>'
                      '<a href="javascript:void(0)">script</a>'
                      '<a href="https://site.example/good/?q=1#there">the site by its alias</a>',
        "good/index.html": '<h2 id="there">There</h2><a href="../style.css">css</a>',
        "style.css": "body {}",
        "old/index.html": '<meta http-equiv="refresh" content="0; url=../gone/">',
        "orphan/index.html": "<p>nobody links here</p>",
    }
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    with serve_directory(tmp_path) as root:
        crawl = Crawl(root, aliases=("https://site.example/",)).run(["", "old/"])
    home = root
    assert crawl.broken() == [f"{home}: <a> {root}missing/ -> HTTP 404",
                              f"{home}: <img> {root}nope.png -> HTTP 404",
                              f"{root}old/: <meta> {root}gone/ -> HTTP 404"]
    assert crawl.missing_anchors() == [
        f"{home}: {root}good/#nowhere -> no id 'nowhere' on that page"]
    assert crawl.unreached(tmp_path) == ["/orphan/index.html"]
    assert seeds(tmp_path)[4:] == ["old/"]
    assert crawl.bad_external(allowed_hosts()) == [
        f"{home}: http://docs.aws.amazon.com/a.html -> not https",
        f"{home}: https://evil.example/x -> host evil.example is not in data/link-hosts.yaml"]
    assert [link.url for link in crawl.other] == ["javascript:void(0)"]
    assert f"{root}good/?q=1#there" in {link.url for link in crawl.internal}
    assert crawl.status[f"{root}style.css"] == 200
