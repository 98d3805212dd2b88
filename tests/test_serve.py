"""scripts/serve.py: what a saved change rebuilds, and the open page reloading after a rebuild."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR / "scripts") not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))

import serve  # noqa: E402
from macros.site import LANGUAGES, language  # noqa: E402

EN, JA = language("en"), language("ja")


@pytest.mark.parametrize("changed, rebuilt", [
    (["docs/en/compare.md"], (EN,)),
    (["docs/ja/compare.md", "docs/ja/methods/index.md"], (JA,)),
    (["mkdocs.ja.yml"], (JA,)),
    (["docs/en/index.md", "docs/ja/index.md"], LANGUAGES),
    (["mkdocs.yml"], LANGUAGES),  # mkdocs.ja.yml inherits it
    (["data/kb.yaml"], LANGUAGES),
    (["macros/render/home.py"], LANGUAGES),
    (["hooks/mkdocs_glue.py"], LANGUAGES),
    (["overrides/main.html", "docs/ja/index.md"], LANGUAGES),
])
def test_a_change_rebuilds_only_the_languages_it_reaches(changed, rebuilt):
    paths = {str(PROJECT_DIR / path) for path in changed}
    assert serve.languages_to_rebuild(paths) == rebuilt, \
        f"scripts/serve.py: a change to {changed} must rebuild {[lang.code for lang in rebuilt]}"


def test_changed_files_lists_edits_additions_and_deletions():
    before = {"a": (1, 10), "b": (1, 10), "c": (1, 10)}
    after = {"a": (1, 10), "b": (2, 10), "d": (1, 10)}
    assert serve.changed_files(before, after) == {"b", "c", "d"}


@pytest.fixture
def preview(tmp_path):
    """A serve.py server on a tiny site: (root URL, its Builds)."""
    (tmp_path / "ja").mkdir()
    (tmp_path / "index.html").write_text("<html><body><p>home</p></body></html>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<html><body>not found</body></html>", encoding="utf-8")
    (tmp_path / "ja/404.html").write_text("<html><body>見つかりません</body></html>",
                                          encoding="utf-8")
    (tmp_path / "style.css").write_text("body{}", encoding="utf-8")
    builds = serve.Builds()
    handler = functools.partial(serve.SiteHandler, directory=str(tmp_path), builds=builds)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", builds
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_served_pages_carry_the_reload_script_and_files_stay_as_built(preview, tmp_path):
    root, builds = preview
    status, home = get(root)
    assert status == 200
    assert home.startswith("<html><body><p>home</p><script>")
    assert home.endswith("</script></body></html>")
    assert f"var build = {builds.number};" in home
    assert "<script>" not in (tmp_path / "index.html").read_text(encoding="utf-8"), \
        "the reload script must be added when serving, never written into the built site"
    assert get(root + "style.css") == (200, "body{}")
    status, missing = get(root + "ja/no-such-page/")
    assert status == 404 and "見つかりません" in missing and serve.RELOAD_PATH in missing


def test_a_published_rebuild_answers_the_waiting_page(preview):
    root, builds = preview
    seen = builds.number
    answer: list[tuple[int, str]] = []
    poll = threading.Thread(target=lambda: answer.append(get(f"{root}.livereload/{seen}")))
    poll.start()
    time.sleep(0.3)
    assert not answer, "the poll must wait while the build the page shows is still served"
    builds.published()
    poll.join(timeout=10)
    assert answer == [(200, str(seen + 1))], "the page was not told about the new build"
    # A page from an older build gets the current number at once, and reloads.
    assert get(f"{root}.livereload/{seen}") == (200, str(seen + 1))
