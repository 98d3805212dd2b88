"""Shared fixtures: the real site built once per session, a local server for it, and a browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Flags verified with Debian's Chromium in containers (see the MkDocs research notes).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

def pytest_sessionstart(session: pytest.Session) -> None:
    """Write the invalid fixtures from their patches against minimal.yaml (tests/invalid_fixtures.py)."""
    sys.path.insert(0, str(PROJECT_DIR / "tests"))
    from invalid_fixtures import write_all
    write_all()


def run_build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Run scripts/build.py of `project` into `out`, capturing its output."""
    return subprocess.run([sys.executable, "scripts/build.py", "--out", str(out), "--quiet"],
                          cwd=project, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bilingual site built from this checkout: English at the returned folder, Japanese in ja/."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = run_build(PROJECT_DIR, out)
    if result.returncode != 0:
        pytest.fail(f"scripts/build.py exited {result.returncode}\n{result.stdout}\n{result.stderr}",
                    pytrace=False)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output readable
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on a free 127.0.0.1 port; yields its root URL (ending in "/")."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Root URL of the built site served over HTTP (the widgets fetch JSON, so not file://)."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright, shared by the whole session."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def build_project():
    """`run_build(project, out)`: scripts/build.py of another project folder, output captured."""
    return run_build


@pytest.fixture(scope="session")
def serve_directory():
    """The `serve(directory)` context manager, for tests that need another folder on HTTP."""
    return serve
