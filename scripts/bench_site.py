"""Benchmark the whole site build: overhead over plain Material, growth with the KB, page weight.

    .venv/bin/python scripts/bench_site.py [--scales 1 5 20] [--seed 7] [--lighthouse [--lighthouse-runs 3]]

Prints figures only; nothing here is a test, and timings vary by machine.

1. Build overhead: `scripts/build.py` (validation, decision tree, macros, hooks, JSON API, both
   languages) against plain Material building the SAME pages as static Markdown: every page of
   both languages is rendered by our renderers into a temporary docs folder and built with a
   mkdocs.yml holding only Material, the same theme settings and the same Markdown extensions
   (no macros, hooks, extra CSS/JS or redirects), by `mkdocs build` once per language. The two
   alternate, `--repeat` times (3 by default), so load from other processes falls on both; the
   median ratio is the result, and the spread and the CPU seconds (user + system, which other
   processes disturb less than wall time) are printed beside it. Goal: at most 1.10.
2. Growth: the real build, and the plain twin of section 1, on knowledge bases 1x, 5x and 20x
   the real one; the growth at kx is the time at kx over the time at 1x. Goal: ours grows no
   more than 1.10 times the plain twin's growth. A kx file holds k times
   the methods (copies of the nine with ids like `ssh-client-x2`, each capability redrawn from its
   vocabulary with the probability scripts/bench_tree.py uses, ranking criteria set to rank last so
   the scenarios' `first` still holds; the repair-only serial console is copied unchanged so the
   locked-out scenario still reaches a result) and k times the scenarios
   (`replace-bastion-linux-x2`, same answers and expectations); the ten questions stay (a new
   question needs new capabilities, which the schema does not allow). The file is valid: the
   build validates it first.
3. Page weight: for one page of each type, the HTML plus every stylesheet and script it loads,
   raw and gzip-compressed (level 6, as web servers do), against the same page built by plain
   Material.
4. `--lighthouse`: Lighthouse 12.2.3 (tools/lighthouse, installed there with npm ci) on the local
   site with /usr/bin/chromium: performance, accessibility, best practices and SEO for every page
   type in both languages, Lighthouse's phone emulation, throttling "provided" (the machine as
   is), the median of `--lighthouse-runs` runs (3) with the range of the performance score and
   the plain twin's median performance on the same page, the cumulative layout shift and the
   audits that cost points; skipped when npm or Chromium is missing.
"""

from __future__ import annotations

import argparse
import copy
import functools
import gzip
import http.server
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
for path in (PROJECT_DIR, PROJECT_DIR / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_tree import VOCAB  # noqa: E402
from build import QUIET_BANNERS  # noqa: E402
from macros import site as site_mod  # noqa: E402
from macros.kb.model import INTERFACES  # noqa: E402
from macros.pages import PAGES, generated_pages  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
IGNORE = shutil.ignore_patterns(".venv", ".git", "site", "__pycache__", ".pytest_cache",
                                ".hypothesis", "node_modules")
# One page of each registered type (URL path under a language root; a generated type's first item).
def page_types(kb) -> tuple[tuple[str, str], ...]:
    def url(src: str) -> str:
        stem = src.removesuffix(".md")
        return "" if stem == "index" else stem.removesuffix("index") if stem.endswith("/index") \
            else stem + "/"
    return tuple((page.key, url(page.src_of(next(iter(page.items(kb)))[0]) if page.generated
                                else page.src)) for page in PAGES)


# Ranking criteria at their least preferred value: copies never outrank the method they copy.
LAST = {"inbound_from_client": True, "iam_controlled": False, "server_to_maintain": True}


# ---- building --------------------------------------------------------------------------------

class Seconds(float):
    """Wall seconds, with the CPU seconds (user + system) of the processes it ran."""

    cpu: float = 0.0

    def __add__(self, other: "Seconds") -> "Seconds":
        total = Seconds(float(self) + float(other))
        total.cpu = self.cpu + getattr(other, "cpu", 0.0)
        return total


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Seconds:
    """Run `command`; its wall time in seconds. Output is kept only to show on failure."""
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env={**os.environ, **QUIET_BANNERS, **(env or {})},
                            capture_output=True, text=True)
    elapsed = Seconds(time.perf_counter() - start)
    after = os.times()
    elapsed.cpu = (after.children_user - before.children_user
                   + after.children_system - before.children_system)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return elapsed


def build_ours(project: Path, out: Path) -> Seconds:
    """scripts/build.py of `project` into `out` (both languages); wall seconds."""
    if out.exists():
        shutil.rmtree(out)
    return timed([sys.executable, "scripts/build.py", "--out", str(out), "--quiet"], project)


def project_copy(parent: Path, kb_text: str | None = None) -> Path:
    """A copy of the checkout in `parent`, with `kb_text` as data/kb.yaml when given."""
    project = parent / "project"
    shutil.copytree(PROJECT_DIR, project, ignore=IGNORE)
    if kb_text is not None:
        (project / "data" / "kb.yaml").write_text(kb_text, encoding="utf-8")
    return project


# ---- the same pages as static Markdown, built by plain Material -------------------------------

class _MacroEnv:
    """Just enough of mkdocs-macros' env for macros.define_env to register its macros."""

    def __init__(self, project_dir: Path):
        self.project_dir = str(project_dir)
        self.macros: dict[str, object] = {}

    def macro(self, function, name: str | None = None):
        self.macros[name or function.__name__] = function
        return function


def rendered_pages(project: Path, code: str) -> dict[str, str]:
    """src path -> Markdown of every page of language `code`, macros already expanded."""
    import macros

    env = _MacroEnv(project)
    macros.define_env(env)
    # The delimiters of mkdocs.yml's macros config: `{#id}` attribute lists are not comments.
    jinja = jinja2.Environment(comment_start_string="{##", comment_end_string="##}",
                               undefined=jinja2.StrictUndefined)
    jinja.globals.update(env.macros)
    lang = site_mod.language(code)
    docs = project / lang.docs_dir
    sources = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
               for p in sorted(docs.rglob("*.md"))}
    sources.update(generated_pages(site_mod.load_site_kb(project), code))
    return {src: jinja.from_string(text).render() for src, text in sources.items()}


def plain_config(code: str, docs_dir: Path) -> str:
    """A mkdocs.yml with Material, our theme settings and Markdown extensions, and nothing else."""
    ours = (PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = re.search(r"^markdown_extensions:\n(?:[ #].*\n|\n)+", ours, re.M).group(0)
    features = re.search(r"^  features:\n(?:    - .*\n)+", ours, re.M).group(0)
    search = "  - search:\n      lang: [ja, en]\n" if code == "ja" else "  - search\n"
    return (f"site_name: EC2 connection guide\ndocs_dir: {docs_dir}\nuse_directory_urls: true\n"
            f"theme:\n  name: material\n  language: {code}\n  font: false\n"
            f"  palette:\n    scheme: default\n    primary: indigo\n    accent: indigo\n{features}"
            f"plugins:\n{search}extra:\n  generator: false\n{extensions}")


def plain_project(project: Path, work: Path) -> Path:
    """A folder with both languages' pages as static Markdown and a plain config for each."""
    plain = work / "plain"
    for lang in site_mod.LANGUAGES:
        docs = plain / "docs" / lang.code
        for src, text in rendered_pages(project, lang.code).items():
            target = docs / src
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (plain / f"mkdocs.{lang.code}.yml").write_text(plain_config(lang.code, docs),
                                                       encoding="utf-8")
    return plain


def build_plain(plain: Path, out: Path) -> Seconds:
    """Plain Material, English then Japanese into ja/, one `mkdocs build` each; wall seconds."""
    if out.exists():
        shutil.rmtree(out)
    total = Seconds(0.0)
    for lang in site_mod.LANGUAGES:
        total += timed([sys.executable, "-m", "mkdocs", "build", "--config-file",
                        f"mkdocs.{lang.code}.yml", "--site-dir", str(out / lang.path)], plain)
    return total


# ---- larger knowledge bases --------------------------------------------------------------------

def _redraw(caps: dict, rng: random.Random) -> None:
    """Change each capability with probability 0.35 within its vocabulary (as bench_tree does)."""
    for name, cap in caps.items():
        if name == "interfaces" or rng.random() > 0.35:
            continue
        value = cap["value"]
        if isinstance(value, bool):
            cap["value"] = not value
        elif isinstance(value, list) and name in VOCAB:
            cap["value"] = [v for v in VOCAB[name] if rng.random() < 0.6] or [VOCAB[name][0]]
        elif isinstance(value, str) and name in VOCAB:
            cap["value"] = rng.choice(VOCAB[name])
    caps["interfaces"]["value"] = {
        os_: [i for i in INTERFACES if rng.random() < 0.6] or ["terminal"]
        for os_ in caps["instance_os"]["value"]}
    for name, value in LAST.items():
        caps[name]["value"] = value
    caps["rescue_access"]["value"] = False  # the locked-out scenario's walk stays complete


def scaled_kb(k: int, seed: int) -> str:
    """data/kb.yaml with k times the methods and scenarios (see the module docstring)."""
    data = yaml.safe_load((PROJECT_DIR / "data" / "kb.yaml").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    originals, scenarios = list(data["methods"]), list(data["scenarios"])
    for j in range(2, k + 1):
        for method in originals:
            twin = copy.deepcopy(method)
            twin["id"] = f"{method['id']}-x{j}"
            twin["name"] = {lang: f"{text} x{j}" for lang, text in method["name"].items()}
            if not method["capabilities"]["rescue_access"]["value"]:
                _redraw(twin["capabilities"], rng)  # the repair-only method stays as it is
            data["methods"].append(twin)
            data["ranking"]["order"].append(twin["id"])
        for scenario in scenarios:
            twin = copy.deepcopy(scenario)
            twin["id"] = f"{scenario['id']}-x{j}"
            twin["title"] = {lang: f"{text} x{j}" for lang, text in scenario["title"].items()}
            data["scenarios"].append(twin)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ---- page weight ------------------------------------------------------------------------------

class _Assets(HTMLParser):
    """The stylesheets and scripts a page loads."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.urls.append(attrs["href"])


def page_weight(site: Path, url_path: str) -> tuple[int, int]:
    """(raw bytes, gzip bytes) of the page's HTML plus every stylesheet and script it loads."""
    page = site / url_path / "index.html"
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    files = [page] + [(page.parent / urlsplit(url).path).resolve() for url in parser.urls
                      if not urlsplit(url).netloc]
    raw = sum(len(f.read_bytes()) for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), compresslevel=6, mtime=0)) for f in files)
    return raw, packed


# ---- Lighthouse ------------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


LIGHTHOUSE_DIR = PROJECT_DIR / "tools" / "lighthouse"  # its own package.json: make test never installs it
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Lighthouse scores every registered page type (macros/pages.py) and the 404 page, which the
# server answers for a missing path, in each language.
NOT_FOUND = ("404", "404.html")


def lighthouse_bin() -> Path | str:
    """tools/lighthouse/node_modules/.bin/lighthouse, installed with npm ci when the lock changed;
    or a string saying why it cannot run."""
    if shutil.which("npm") is None or not CHROMIUM.exists():
        return "npm or /usr/bin/chromium is not installed"
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    stamp = LIGHTHOUSE_DIR / "node_modules" / ".package-lock-installed"
    lock = LIGHTHOUSE_DIR / "package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                                cwd=LIGHTHOUSE_DIR, capture_output=True, text=True)
        if result.returncode != 0:
            return "npm ci failed: " + (result.stderr.strip().splitlines() or ["?"])[-1][:200]
        stamp.touch()
    return binary


def lighthouse_run(binary: Path, url: str, report: Path) -> dict | str:
    """One Lighthouse report (its default phone emulation, the stricter case), or why not."""
    result = subprocess.run(
        [str(binary), url, "--quiet", f"--only-categories={','.join(CATEGORIES)}",
         "--throttling-method=provided", "--output=json",
         f"--output-path={report}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, capture_output=True, text=True,
        timeout=300)
    if result.returncode != 0 or not report.exists():
        return (result.stderr.strip().splitlines() or ["lighthouse failed"])[-1][:200]
    return json.loads(report.read_text(encoding="utf-8"))


def failing_audits(audits: dict) -> str:
    """The audits that cost points, by id, for the categories not at 100."""
    out = []
    for key in CATEGORIES:
        cat = audits["categories"][key]
        if cat["score"] is not None and cat["score"] < 1:
            for ref in cat["auditRefs"]:
                a = audits["audits"][ref["id"]]
                if ref["weight"] and a["score"] is not None and a["score"] < 1:
                    out.append(ref["id"])
    return " ".join(out)


def _score(report: dict, key: str) -> int | None:
    value = report["categories"][key]["score"]
    return None if value is None else round(value * 100)


def lighthouse(site: Path, plain: Path, work: Path, samples: tuple[tuple[str, str], ...],
               runs: int) -> list[tuple[str, ...]]:
    """Per page type and language: the median of `runs` Lighthouse runs on ours and on the twin.

    One run on this machine moves the performance score by several points (a blocking task of
    Material's bundle lands on either side of 50 ms), so each page is run `runs` times, ours and
    the plain twin alternating, and the run with the median performance score is reported (the
    way Lighthouse's own docs compare pages), with the range of ours and the twin's median.
    """
    binary = lighthouse_bin()
    if isinstance(binary, str):
        return [("lighthouse", "", "skipped: " + binary)]
    servers = []
    for root in (site, plain):
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    rows = []
    try:
        for prefix in ("", "ja/"):
            for name, url_path in samples + (NOT_FOUND,):
                lang = prefix.rstrip("/") or "en"
                reports: dict[str, list[dict]] = {"ours": [], "plain": []}
                failed = ""
                for n in range(max(1, runs)):
                    for side, server in zip(reports, servers):
                        report = work / f"lighthouse-{side}-{lang}-{name.replace(' ', '-')}-{n}.json"
                        url = f"http://127.0.0.1:{server.server_address[1]}/{prefix}{url_path}"
                        got = lighthouse_run(binary, url, report)
                        if isinstance(got, str):
                            failed = failed or f"{side}: {got}"
                        else:
                            reports[side].append(got)
                if not reports["ours"]:
                    rows.append((name, lang, "failed: " + failed))
                    continue
                ours = sorted(reports["ours"], key=lambda r: _score(r, "performance") or 0)
                middle = ours[len(ours) // 2]
                perf = [_score(r, "performance") for r in ours]
                twin = [_score(r, "performance") for r in reports["plain"]]
                rows.append((name, lang, *("-" if v is None else str(v)
                                           for v in (_score(middle, key) for key in CATEGORIES)),
                             f"{min(perf)}-{max(perf)}" if len(perf) > 1 else str(perf[0]),
                             str(round(median(twin))) if twin else "-",
                             middle["audits"]["cumulative-layout-shift"]["displayValue"],
                             failing_audits(middle) or "-"))
    except subprocess.TimeoutExpired:
        rows.append(("lighthouse", "", "timed out"))
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    return rows


# ---- report -----------------------------------------------------------------------------------

def table(headers: tuple[str, ...], rows: list[tuple]) -> str:
    """Columns of figures right-aligned, columns of words left-aligned."""
    cells = [headers] + [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    figures = [all(re.fullmatch(r"[\d.,x]+", row[i]) for row in cells[1:])
               for i in range(len(headers))]
    return "\n".join("  ".join(c.rjust(w) if figure else c.ljust(w)
                               for c, w, figure in zip(row, widths, figures)).rstrip()
                      for row in cells)


def kib(n: int) -> str:
    return f"{n / 1024:,.1f}"


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each build at 1x, alternating ours and plain (default 3)")
    parser.add_argument("--lighthouse", action="store_true",
                        help="also run Lighthouse 12.2.3 (tools/lighthouse, npm ci on first use)")
    parser.add_argument("--lighthouse-runs", type=int, default=3,
                        help="Lighthouse runs per page, on ours and on the plain twin (default 3)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        work = Path(tmp)
        project = project_copy(work)
        ours_dir, plain_dir = work / "ours", work / "plain-site"
        plain_src = plain_project(project, work)
        runs = [(build_ours(project, ours_dir), build_plain(plain_src, plain_dir))
                for _ in range(max(1, args.repeat))]
        ours = median([o for o, _ in runs])
        plain = median([p for _, p in runs])
        ratios = [o / p for o, p in runs]
        cpu_ours, cpu_plain = median([o.cpu for o, _ in runs]), median([p.cpu for _, p in runs])
        pages = sum(1 for _ in ours_dir.rglob("index.html"))
        print(f"\n1. Build time, both languages ({pages} pages), median of {len(runs)} alternating "
              f"runs (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end):")
        print(table(("build", "seconds", "x plain (median of runs)", "CPU seconds", "CPU x plain"),
                    [("plain Material, same pages as static Markdown", f"{plain:.2f}", "1.00",
                      f"{cpu_plain:.2f}", "1.00"),
                     ("ours: validate + tree + macros + hooks + JSON", f"{ours:.2f}",
                      f"{median(ratios):.2f}", f"{cpu_ours:.2f}", f"{cpu_ours / cpu_plain:.2f}")]))
        print(f"build ratio {median(ratios):.2f} (goal 1.10 at most; "
              f"runs {', '.join(f'{r:.2f}' for r in ratios)})")

        rows, first = [], None
        for k in args.scales:
            if k == 1:
                seconds, twin, site = ours, plain, ours_dir
                kb = site_mod.load_site_kb(project)
            else:
                scale_dir = work / f"x{k}"
                scale_dir.mkdir()
                scaled = project_copy(scale_dir, scaled_kb(k, args.seed))
                site = scale_dir / "site"
                seconds = build_ours(scaled, site)
                twin = build_plain(plain_project(scaled, scale_dir), scale_dir / "plain-site")
                kb = site_mod.load_site_kb(scaled)
            first = first or (seconds, twin)
            growth, twin_growth = seconds / first[0], twin / first[1]
            rows.append((f"{k}x", len(kb.methods), len(kb.scenarios),
                         sum(1 for _ in site.rglob("index.html")),
                         f"{folder_size(site) / 2**20:,.1f}",
                         f"{(site / 'api/v1/decision-tree.json').stat().st_size / 2**20:,.2f}",
                         f"{seconds:.1f}", f"{growth:.1f}", f"{twin:.1f}", f"{twin_growth:.1f}",
                         f"{growth / twin_growth:.2f}"))
            if k != 1:
                shutil.rmtree(scale_dir)
        print("\n2. Build time as the knowledge base grows (methods and scenarios k times), "
              "ours and the plain twin:")
        print(table(("scale", "methods", "scenarios", "pages", "site MiB", "tree JSON MiB",
                     "seconds", "growth", "plain seconds", "plain growth", "growth x plain"),
                    rows))
        if len(rows) > 1:
            print(f"growth at {rows[-1][0]}: ours {rows[-1][7]}, plain {rows[-1][9]}, "
                  f"ratio {rows[-1][10]} (goal 1.10 at most)")

        weights = []
        samples = page_types(site_mod.load_site_kb(project))
        for name, url_path in samples:
            for lang in site_mod.LANGUAGES:
                raw, packed = page_weight(ours_dir / lang.path, url_path)
                plain_raw, plain_packed = page_weight(plain_dir / lang.path, url_path)
                weights.append((f"{name} ({lang.code})", kib(raw), kib(packed), kib(plain_raw),
                                kib(plain_packed), f"{packed / plain_packed:.2f}"))
        print("\n3. Page weight, HTML + the CSS and JS it loads, KiB (gzip level 6):")
        print(table(("page", "raw", "gzip", "plain raw", "plain gzip", "gzip x plain"), weights))

        if args.lighthouse:
            print(f"\n4. Lighthouse 12.2.3 (phone emulation, throttling provided), both languages, "
                  f"median of {args.lighthouse_runs} runs:")
            headers = ("page", "lang", "perf", "a11y", "best", "SEO", "perf range", "plain perf",
                       "CLS", "losing points")
            rows = [row + ("",) * (len(headers) - len(row))
                    for row in lighthouse(ours_dir, plain_dir, work, samples, args.lighthouse_runs)]
            print(table(headers, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
