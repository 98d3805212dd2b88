"""Semantic rules about content: blank or untranslated texts, source URLs, unused sources."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator
from urllib.parse import urlsplit

from .checks_values import walk
from .document import Document
from .model import KnowledgeBase, Text
from .problems import Problem

ALLOWED_HOSTS = ("docs.aws.amazon.com", "aws.amazon.com")  # sources must be AWS's own pages
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")  # kana and kanji
_CONNECTORS = {"for", "and", "of", "on", "in", "to", "with", "the", "&", "-", "/"}


def check_text_empty(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """No text may be only spaces (the schema already rejects empty strings)."""
    for path, value in walk(kb):
        if isinstance(value, Text):
            for lang, name in (("en", "English"), ("ja", "Japanese")):
                if not getattr(value, lang).strip():
                    yield doc.problem(path + (lang,), "text-empty",
                                      "must contain text, not only spaces",
                                      f"write the {name} text")


# A space between two Japanese characters: in a folded (>-) YAML block a line break becomes a
# space, so breaking a line between two Japanese characters leaves a stray gap on the page.
_STRAY_SPACE = re.compile("([\u3000-\u30ff\u3400-\u9fff\uff01-\uff60]) +([\u3000-\u30ff\u3400-\u9fff\uff01-\uff60])")


def check_text_stray_space(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """A ja text must not put a space between two Japanese characters."""
    for path, value in walk(kb):
        if isinstance(value, Text):
            found = _STRAY_SPACE.search(value.ja)
            if found:
                yield doc.problem(path + ("ja",), "text-stray-space",
                                  f"must not put a space between Japanese characters; got "
                                  f"'{found.group(0)}'",
                                  "join the two lines: in a folded (>-) block a line break "
                                  "becomes a space, so break lines next to a Latin word instead")


def _looks_like_name(text: str) -> bool:
    # Product names (Linux, Windows Server, PuTTY, AWS CLI) read the same in Japanese: every
    # word carries a capital or a digit. Sentences and phrases have lowercase words.
    # A parenthesised aside may be a command, as in "AWS CLI v2 (aws ec2-instance-connect ssh)".
    words = [w.strip("[],.:;") for w in re.sub(r"\([^)]*\)", " ", text).split()]
    return all(not w or w in _CONNECTORS or any(ch.isupper() or ch.isdigit() for ch in w)
               for w in words)


def check_text_language(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """Warn when a ja text is the en text verbatim, with no Japanese, and is not a name."""
    for path, value in walk(kb):
        if (isinstance(value, Text) and value.ja == value.en and value.ja.strip()
                and not _JAPANESE.search(value.ja) and path[:1] + path[2:] != ("methods", "name")
                and not _looks_like_name(value.en)):
            yield doc.problem(path + ("ja",), "text-language",
                              "must be written in Japanese; it is identical to en and has no "
                              "Japanese characters", "translate it; only names may stay "
                              "identical", severity="warning")


def _japanese_twin(en_url: str) -> str:
    # docs.aws.amazon.com serves the Japanese page at the same path under /ja_jp/.
    return en_url.replace("docs.aws.amazon.com/", "docs.aws.amazon.com/ja_jp/", 1)


def _url_problem(lang: str, url: str, en_url: str) -> tuple[str, str] | None:
    parts = urlsplit(url)
    if parts.scheme == "http":
        return f"must use https; got '{url}'", f"use https{url[4:]}"
    if parts.scheme != "https" or not parts.hostname:
        return (f"must be an https:// address; got '{url}'",
                "paste the page's full address, starting with https://")
    if parts.hostname not in ALLOWED_HOSTS:
        return (f"must be on {' or '.join(ALLOWED_HOSTS)}; got host '{parts.hostname}'",
                "cite the AWS page that states the fact")
    if parts.hostname != "docs.aws.amazon.com":
        return None  # AWS blog posts have no Japanese twin: the same URL twice is right
    japanese = "/ja_jp/" in parts.path
    if lang == "en":
        return (f"must be the English page, without /ja_jp/; got '{url}'",
                "use " + url.replace("/ja_jp/", "/", 1)) if japanese else None
    # The twin is only known when the en URL is itself a well-formed English docs URL.
    en_ok = urlsplit(en_url).hostname == "docs.aws.amazon.com" and \
        _url_problem("en", en_url, en_url) is None
    twin = _japanese_twin(en_url) if en_ok else None
    if not japanese:
        return (f"must be the Japanese page, with /ja_jp/ after the host; got '{url}'",
                f"use {twin or _japanese_twin(url)}")
    if twin and url != twin:
        return f"must be the Japanese twin of the en URL; got '{url}'", f"use {twin}"
    return None


def check_source_urls(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """Source URLs are https AWS pages; a docs page's ja URL is its en URL under /ja_jp/."""
    for i, source in enumerate(kb.sources):
        for lang, url in (("en", source.url_en), ("ja", source.url_ja)):
            found = _url_problem(lang, url, source.url_en)
            if found:
                yield doc.problem(("sources", i, "url", lang), "source-url", *found)


def check_unused_sources(kb: KnowledgeBase, doc: Document, today: dt.date) -> Iterator[Problem]:
    """Warn about a source that no `sources:` list cites."""
    cited = {ref for path, value in walk(kb.methods) if path and path[-1] == "sources"
             and isinstance(value, tuple) for ref in value}
    for i, source in enumerate(kb.sources):
        if source.id not in cited:
            yield doc.problem(("sources", i, "id"), "source-unused",
                              f"must be cited by some fact; nothing cites {source.id!r}",
                              "cite it where it supports a fact, or remove it",
                              severity="warning")


CONTENT_CHECKS = (check_text_empty, check_text_stray_space, check_text_language, check_source_urls, check_unused_sources)
