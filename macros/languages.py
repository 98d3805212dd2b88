"""The site's languages: where each lives in the output and which MkDocs config builds it.

The URL contract of CONTRACT.md (English at `/`, Japanese at `/ja/`), written once. Imports
nothing from this project, so the renderers, the site plan (macros/site.py) and the scripts share it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Language:
    """One language of the site: its switcher label, its folder in the output and its config."""

    code: str
    name: str  # as readers of that language write it, shown in the language switcher
    path: str  # folder under the output root, "" or ending in "/"
    config: str  # MkDocs config file that builds it
    docs_dir: str


# English first: building it empties the output folder, so the Japanese build must come after.
LANGUAGES: tuple[Language, ...] = (
    Language(code="en", name="English", path="", config="mkdocs.yml", docs_dir="docs/en"),
    Language(code="ja", name="日本語", path="ja/", config="mkdocs.ja.yml", docs_dir="docs/ja"),
)


def language(code: str) -> Language:
    """Return the site language with `code` ('en' or 'ja')."""
    for lang in LANGUAGES:
        if lang.code == code:
            return lang
    raise ValueError(f"unknown site language {code!r}; expected one of "
                     + ", ".join(lang.code for lang in LANGUAGES))
