"""Preview the whole bilingual site and rebuild it when a source changes.

    .venv/bin/python scripts/serve.py [--port 8000]

English is served at http://127.0.0.1:PORT/ and Japanese at /ja/, built exactly like
scripts/build.py (so the language switcher and /api/v1/ work, unlike `mkdocs serve`). Sources are
polled for changes; a failed rebuild prints its errors and the last good build stays served.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from build import PROJECT_DIR, build_site

# Everything a build reads; polled by modification time and size.
WATCHED = ("data", "docs", "macros", "hooks", "overrides", "mkdocs.yml", "mkdocs.ja.yml")


def snapshot() -> dict[str, tuple[int, int]]:
    """Modification time and size of every watched file, by path."""
    files: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        root = PROJECT_DIR / name
        paths = [root] if root.is_file() else root.rglob("*")
        for path in paths:
            if "__pycache__" in path.parts or not path.is_file():
                continue
            stat = path.stat()
            files[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return files


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; unknown paths get the 404 page of their language."""

    def send_error(self, code, message=None, explain=None):
        """Answer 404 with the site's own page, in Japanese under /ja/."""
        page = Path(self.directory, "ja/404.html" if self.path.startswith("/ja/") else "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        """Keep the terminal for build output: log failed requests only."""
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def watch(site: Path, interval: float) -> None:
    """Rebuild `site` whenever a watched file changes; returns on Ctrl-C."""
    seen = snapshot()
    while True:
        time.sleep(interval)
        current = snapshot()
        if current == seen:
            continue
        seen = current
        print("change detected, rebuilding ...", flush=True)
        if build_site(site, quiet=True):
            print("rebuilt; reload the page", flush=True)
        else:
            print("rebuild failed (errors above); still serving the last good build", flush=True)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    parser.add_argument("--interval", type=float, default=1.0,
                        help="seconds between checks for changed sources (default 1)")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="ec2-connect-guide-serve-"))
    site = workdir / "site"
    if not build_site(site, quiet=True):
        print("the first build failed (errors above); fix them and save: the site is rebuilt "
              "on every change", flush=True)
        site.mkdir()
    handler = functools.partial(SiteHandler, directory=str(site))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as error:
        shutil.rmtree(workdir, ignore_errors=True)
        print(f"cannot serve on 127.0.0.1:{args.port}: {error.strerror}; try --port", file=sys.stderr)
        return 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://127.0.0.1:{args.port}/ (English) and "
          f"http://127.0.0.1:{args.port}/ja/ (Japanese); Ctrl-C stops", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` cleans up like Ctrl-C
    try:
        watch(site, args.interval)
    except KeyboardInterrupt:
        print()
    finally:
        server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
