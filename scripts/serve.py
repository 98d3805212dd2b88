"""Preview the whole bilingual site, rebuild what a saved change needs, and reload the open page.

    .venv/bin/python scripts/serve.py [--port 8000]

English is served at http://127.0.0.1:PORT/ and Japanese at /ja/, built exactly like
scripts/build.py (so the language switcher and /api/v1/ work, unlike `mkdocs serve`). Sources are
polled for changes and rebuilt in this process, which keeps MkDocs, Material and the validated
knowledge base loaded between builds:

- a page of one language (docs/en/, docs/ja/) or mkdocs.ja.yml rebuilds that language only;
- data/, macros/, hooks/, overrides/ and mkdocs.yml rebuild both (after macros/ changes, the
  project's modules are imported afresh);
- every open page reloads itself once its rebuild is published (a small script, added only by
  this server, asks it for the build number); a failed rebuild prints its errors, the last good
  build stays served and the page is left alone.
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
from macros.site import LANGUAGES, Language

# Everything a build reads; polled by modification time and size.
WATCHED = ("data", "docs", "macros", "hooks", "overrides", "mkdocs.yml", "mkdocs.ja.yml")
# Project code that stays imported between builds: it is imported afresh when it changes.
PROJECT_PACKAGES = ("macros",)
RELOAD_PATH = "/.livereload/"  # GET /.livereload/<build number the page has>: long poll
RELOAD_WAIT = 25.0  # seconds a poll is held open before the page asks again
# Added before </body> of every HTML page served (never to the built files). It asks for the
# build number; when another build has been published it reloads the page, wherever the reader
# navigated to (Material's instant navigation keeps this script running across pages).
RELOAD_SCRIPT = """<script>(function () {
  if (window.__siteReload) return;
  window.__siteReload = true;
  var build = %d;
  function ask() {
    fetch("%s" + build, {cache: "no-store"}).then(function (r) { return r.text(); }).then(
      function (text) { if (Number(text) !== build) location.reload(); else ask(); },
      function () { setTimeout(ask, 2000); });
  }
  ask();
})();</script>"""


class Builds:
    """The number of the build being served; rises by one each time a rebuild is published."""

    def __init__(self) -> None:
        self.number = 0
        self._changed = threading.Condition()

    def published(self) -> None:
        """A new build is being served: answer every waiting page."""
        with self._changed:
            self.number += 1
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The build number once it differs from `seen`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.number != seen, timeout)
            return self.number


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


def changed_files(before: dict[str, tuple[int, int]],
                  after: dict[str, tuple[int, int]]) -> set[str]:
    """Paths added, removed or modified between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def languages_to_rebuild(changed: set[str]) -> tuple[Language, ...]:
    """The languages whose output depends on the changed files (all of them for shared sources).

    Only a language's own pages (its docs_dir) and its own config file belong to it alone; the
    first language's config (mkdocs.yml) is inherited by the others, so it is shared.
    """
    needed: set[Language] = set()
    for path in changed:
        try:
            relative = Path(path).resolve().relative_to(PROJECT_DIR).as_posix()
        except ValueError:
            return LANGUAGES
        owners = [lang for lang in LANGUAGES
                  if relative.startswith(lang.docs_dir.rstrip("/") + "/")
                  or (relative == lang.config and lang != LANGUAGES[0])]
        if not owners:
            return LANGUAGES
        needed.update(owners)
    return tuple(lang for lang in LANGUAGES if lang in needed)


def forget_project_modules() -> None:
    """Drop the project's imported modules, so the next build imports the edited code."""
    for name in list(sys.modules):
        if name.split(".")[0] in PROJECT_PACKAGES:
            del sys.modules[name]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site with the reload script in its pages; unknown paths get the 404
    page of their language."""

    builds: Builds = Builds()  # replaced per server by functools.partial in main()

    def __init__(self, *args, builds: Builds | None = None, **kwargs):
        if builds is not None:
            self.builds = builds
        super().__init__(*args, **kwargs)

    def do_GET(self):
        """The reload poll, an HTML page with the reload script, or any other file as is."""
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(RELOAD_PATH):
            return self._answer_poll(path[len(RELOAD_PATH):])
        page = self._html_file(path)
        if page is None:
            return super().do_GET()
        self._send_page(200, page.read_bytes())

    do_HEAD = do_GET  # _send() leaves the body out for HEAD

    def _answer_poll(self, seen: str) -> None:
        number = self.builds.wait(int(seen), RELOAD_WAIT) if seen.isdigit() else self.builds.number
        self._send(200, str(number).encode(), "text/plain; charset=utf-8")

    def _html_file(self, url_path: str) -> Path | None:
        # The HTML file a GET of url_path returns, or None for directories without a trailing
        # slash (the base class redirects them), other files and missing ones.
        target = Path(self.translate_path(url_path))
        if target.is_dir():
            if not url_path.endswith("/"):
                return None
            target = target / "index.html"
        return target if target.suffix == ".html" and target.is_file() else None

    def _send_page(self, code: int, body: bytes) -> None:
        script = (RELOAD_SCRIPT % (self.builds.number, RELOAD_PATH)).encode()
        end = body.rfind(b"</body>")
        body = body[:end] + script + body[end:] if end >= 0 else body + script
        self._send(code, body, "text/html; charset=utf-8")

    def _send(self, code: int, body: bytes, content_type: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        """Answer 404 with the site's own page, in Japanese under /ja/."""
        page = Path(self.directory, "ja/404.html" if self.path.startswith("/ja/") else "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        self._send_page(404, page.read_bytes())

    def log_message(self, format, *args):
        """Keep the terminal for build output: log failed requests only."""
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def rebuild(site: Path, changed: set[str], pending: set[Language]) -> bool:
    """Rebuild what `changed` needs, plus the languages whose last build failed (`pending`)."""
    if any(Path(path).resolve().is_relative_to(PROJECT_DIR / name)
           for path in changed for name in PROJECT_PACKAGES):
        forget_project_modules()
    languages = tuple(lang for lang in LANGUAGES
                      if lang in set(languages_to_rebuild(changed)) | pending)
    names = " and ".join(lang.name for lang in languages)
    print(f"change detected, rebuilding {names} ...", flush=True)
    start = time.perf_counter()
    # One language after the other: forking this process, which runs the server's threads,
    # is not safe.
    if build_site(site, quiet=True, jobs=1, languages=languages):
        pending.clear()
        print(f"rebuilt {names} in {time.perf_counter() - start:.1f} s; open pages reload",
              flush=True)
        return True
    pending.update(languages)
    print("rebuild failed (errors above); still serving the last good build", flush=True)
    return False


def watch(site: Path, interval: float, builds: Builds, pending: set[Language]) -> None:
    """Rebuild `site` whenever a watched file changes; returns on Ctrl-C."""
    seen = snapshot()
    while True:
        time.sleep(interval)
        current = snapshot()
        changed = changed_files(seen, current)
        if not changed:
            continue
        seen = current
        if rebuild(site, changed, pending):
            builds.published()


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
    pending: set[Language] = set()
    # The first build may fork its second language: the server's threads do not exist yet.
    if not build_site(site, quiet=True):
        print("the first build failed (errors above); fix them and save: the site is rebuilt "
              "on every change", flush=True)
        site.mkdir()
        pending.update(LANGUAGES)
    builds = Builds()
    handler = functools.partial(SiteHandler, directory=str(site), builds=builds)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as error:
        shutil.rmtree(workdir, ignore_errors=True)
        print(f"cannot serve on 127.0.0.1:{args.port}: {error.strerror}; try --port", file=sys.stderr)
        return 1
    server.daemon_threads = True  # a page's pending reload poll must not delay Ctrl-C
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://127.0.0.1:{args.port}/ (English) and "
          f"http://127.0.0.1:{args.port}/ja/ (Japanese); Ctrl-C stops", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` cleans up like Ctrl-C
    try:
        watch(site, args.interval, builds, pending)
    except KeyboardInterrupt:
        print()
    finally:
        server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
