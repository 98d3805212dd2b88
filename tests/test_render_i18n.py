"""UI strings: complete in both languages, strict lookups, natural Japanese spacing."""

from __future__ import annotations

import re

import pytest

from macros.render.i18n import T, fill, spaced, t
from macros.render.common import duration, public_ip_need
from test_render_support import clean, fixture_kb, pages, real_kb, render

# A space between two Japanese characters never belongs in Japanese text.
JA_SPACE_JA = re.compile("[\u3040-\u30ff\u4e00-\u9fff] [\u3040-\u30ff\u4e00-\u9fff]")


def test_every_key_has_both_languages() -> None:
    """Each UI string has English and Japanese text; a blank one is a separator in both."""
    for key, entry in T.items():
        assert set(entry) == {"en", "ja"}, key
        # Only separators may be blank (Japanese joins sentences with nothing at all).
        assert bool(entry["en"].strip()) == bool(entry["ja"].strip()), key
        assert entry["en"], key


def test_missing_key_or_language_raises() -> None:
    """t() fails loudly instead of rendering an empty string."""
    with pytest.raises(KeyError, match="no.such.key"):
        t("no.such.key", "en")
    with pytest.raises(KeyError, match="'fr'"):
        t("compare.title", "fr")


def test_japanese_spacing() -> None:
    """Latin values get a space next to kana/kanji; Japanese values do not."""
    assert fill("bastion.h.pair", "ja", names="Session Manager") == "Session Manager を選ぶ理由"
    assert fill("bastion.h.pair", "ja", names="踏み台サーバー") == "踏み台サーバーを選ぶ理由"
    assert fill("methods.intro", "ja", n=9).startswith("このガイドで扱う、EC2 インスタンスへの 9 種類")
    assert spaced("[EC2 Instance Connect エンドポイント](a.md)", "と") == \
        "[EC2 Instance Connect エンドポイント](a.md)と"
    assert spaced("必要<sup><a href='x'>1</a></sup>", "です") == "必要<sup><a href='x'>1</a></sup>です"
    assert fill("bastion.h.pair", "en", names="X") == "Why X"


@pytest.mark.parametrize("seconds, en, ja", [
    (None, "No limit", "制限なし"), (3600, "1 hour (3,600 s)", "1 時間（3,600 秒）"),
    (7200, "2 hours (7,200 s)", "2 時間（7,200 秒）"), (5400, "90 minutes (5,400 s)", "90 分（5,400 秒）"),
    (45, "45 s", "45 秒")])
def test_duration(seconds, en: str, ja: str) -> None:
    """Session lengths read naturally in both languages."""
    assert (duration(seconds, "en"), duration(seconds, "ja")) == (en, ja)


@pytest.mark.parametrize("reach, need", [(("public",), "required"),
                                         (("public", "private"), "or-private"),
                                         (("public", "private", "none"), "not-needed")])
def test_public_ip_need(reach, need: str) -> None:
    """A public IP is needed unless the method works without any path, or over a private one."""
    assert public_ip_need(reach) == need


@pytest.mark.parametrize("load", [pytest.param(fixture_kb, id="fixture"),
                                  pytest.param(real_kb, id="real")])
def test_rendered_japanese_has_no_space_between_japanese_characters(load) -> None:
    """The Japanese pages never put a space between two Japanese characters in our own text."""
    kb = load()
    data = " ".join(clean(x) for m in kb.methods for x in _texts(m))
    for name, render_page in pages(kb).items():
        for line in render(render_page("ja")).text.splitlines():  # one line per block or cell
            line = clean(line)
            for match in JA_SPACE_JA.finditer(line):
                context = line[max(0, match.start() - 15):match.end() + 15]
                assert match.group(0) in data, f"{name}: …{context}…"


def _texts(method):
    """Every Japanese data string of a method (where a space may be the author's)."""
    yield method.name.ja
    yield method.summary.ja
    yield method.description.ja
    yield method.protocol.ja
    for fact in (*method.prerequisites, *method.benefits, *method.limitations, *method.changes):
        yield fact.text.ja
    for cap in method.capabilities.values():
        if cap.note:
            yield cap.note.ja
