"""Search terms: the words readers type that a page's text does not use (data/search-terms.yaml).

Each page's terms become its `tags` in the page metadata. Material for MkDocs indexes a page's
tags in the search index (field `tags`, boost 1e6; material/plugins/search/plugin.py) and shows them
only in search results: the page itself renders tags only with the tags plugin, which this site does
not use. hooks/mkdocs_glue.py adds them in on_page_markdown.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

TERMS_PATH = Path(__file__).resolve().parents[2] / "data" / "search-terms.yaml"
# Material splits Japanese text into words with TinySegmenter, but splits a query only at
# separators and inside runs of kanji: 「ポート転送」 stays one word and finds nothing, while the
# index holds ポート and 転送. So a boundary between katakana and kanji is a separator too, in the
# text and in the query alike (zero-width; Material's `separator` allows lookarounds, as its
# documentation shows for camelCase). The first part is Material's default for Japanese.
SEPARATORS = {"ja": r"[\s\-\u3000、。，．]+|(?<=[ァ-ヶー])(?=[一-龠々])|(?<=[一-龠々])(?=[ァ-ヶー])"}


def load_terms(path: Path = TERMS_PATH) -> dict[str, dict[str, tuple[str, ...]]]:
    """{language: {page src_uri: terms}} from the YAML file; a wrong shape raises ValueError."""
    return _load(path, path.stat().st_mtime_ns)  # read again when the file changes (make serve)


@functools.lru_cache(maxsize=4)
def _load(path: Path, mtime: int) -> dict[str, dict[str, tuple[str, ...]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: must be a mapping of language to pages")
    terms: dict[str, dict[str, tuple[str, ...]]] = {}
    for code, pages in data.items():
        if not isinstance(pages, dict):
            raise ValueError(f"{path}: {code}: must map page paths to lists of terms")
        for page, words in pages.items():
            if not (isinstance(words, list) and words
                    and all(isinstance(w, str) and w.strip() for w in words)):
                raise ValueError(f"{path}: {code}.{page}: must be a list of non-empty terms")
            terms.setdefault(str(code), {})[str(page)] = tuple(w.strip() for w in words)
    return terms


def terms_for(src_uri: str, code: str, path: Path = TERMS_PATH) -> tuple[str, ...]:
    """The search terms of page `src_uri` (e.g. methods/session-manager.md) in language `code`."""
    return load_terms(path).get(code, {}).get(src_uri, ())


def add_tags(meta: dict[str, Any], src_uri: str, code: str, path: Path = TERMS_PATH) -> None:
    """Append the page's search terms to `meta["tags"]` (kept: tags the page already has)."""
    terms = terms_for(src_uri, code, path)
    if not terms:
        return
    tags = meta.get("tags")
    tags = list(tags) if isinstance(tags, list) else []
    meta["tags"] = tags + [term for term in terms if term not in tags]


def configure_search(search_config: Any, code: str) -> None:
    """Give the search plugin the separator of language `code`, unless mkdocs*.yml sets one."""
    if code in SEPARATORS and not search_config.get("separator"):
        search_config["separator"] = SEPARATORS[code]
