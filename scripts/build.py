"""Build the bilingual site: validate data/kb.yaml, build English and Japanese, then publish.

    .venv/bin/python scripts/build.py [--out site] [--quiet] [--jobs 1|2]

One pass: the knowledge base is parsed and validated once, here; both languages are built with
MkDocs' own build function in this process and reuse that validated knowledge base (the hook and
the macros find it in macros.site's cache). On a machine with more than one core the Japanese site
is built in a forked copy of this process while English builds here (`--jobs 1` builds them one
after the other).

Nothing is written to the output folder unless both languages build: the site is built in a
staging folder next to it and swapped in by renaming, so a failed build leaves the old site as it
was (or no folder at all) and never a half-built one. Exit status 1 on any error.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable, TextIO

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from macros.site import LANGUAGES, Language  # noqa: E402

# Material 9.8 and the MkDocs 2 transition print banners on stderr; they are not our warnings.
QUIET_BANNERS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
os.environ.update(QUIET_BANNERS)  # before Material is imported, in this process and its forks


def validate() -> bool:
    """Check the knowledge base; print every problem and return False when it has errors."""
    # Imported here: scripts/serve.py imports the project's modules afresh after they change.
    from macros.kb.problems import DataError
    from macros.site import load_site_kb

    try:
        load_site_kb(PROJECT_DIR)  # cached: the builds below reuse this validated copy
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return False
    return True


class _Format(logging.Formatter):
    """MkDocs' own log layout (`WARNING -  text`), without colours."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8}-  {super().format(record)}"


def build_language(lang: Language, site_dir: Path, quiet: bool = False,
                   stream: TextIO | None = None, loaded: Callable[[], None] | None = None) -> bool:
    """`mkdocs build --strict` of one language into site_dir, in this process; False on failure.

    Log records go to `stream` (stdout by default); quiet drops INFO and DEBUG records. It never
    raises the level above WARNING: --strict counts the warnings that reach the logger, so
    hiding them (as `mkdocs --quiet` does) would let a build with broken links succeed.
    `loaded` is called once the configuration is loaded (its plugins and extensions imported).
    """
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.utils import DuplicateFilter

    stream = stream or sys.stdout
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_Format())
    duplicates = DuplicateFilter()  # as the mkdocs command does; a fresh one per build
    saved = (logger.level, logger.propagate)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    mkdocs_build.log.addFilter(duplicates)
    config = None
    try:
        config = load_config(config_file=str(PROJECT_DIR / lang.config), strict=True,
                             site_dir=str(site_dir))
        if loaded is not None:
            loaded()
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build.build(config)
        return True
    except MkDocsException as error:  # strict-mode warnings, configuration errors, Abort
        print(f"ERROR   -  {error}", file=stream)
    except Exception:  # a bug in a hook or a renderer: show where, as `mkdocs build` does
        traceback.print_exc(file=stream)
    finally:
        if config is not None:
            config.plugins.on_shutdown()
        mkdocs_build.log.removeFilter(duplicates)
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        stream.flush()
    print(f"build failed: the {lang.name} site ({lang.config}) did not build", file=stream)
    return False


def build_languages(site_dir: Path, quiet: bool = False, jobs: int | None = None,
                    languages: tuple[Language, ...] = LANGUAGES) -> bool:
    """Build `languages` into site_dir (each into its folder there); False if one fails.

    English first: its build empties site_dir. With two jobs, every language after the first is
    built by a forked child into a folder of its own and moved into site_dir once both succeed.
    """
    jobs = jobs or default_jobs()
    site_dir.mkdir(parents=True, exist_ok=True)
    if jobs < 2 or len(languages) < 2 or not hasattr(os, "fork"):
        return all(build_language(lang, site_dir / lang.path, quiet) for lang in languages)
    first, rest = languages[0], languages[1:]
    aside = Path(tempfile.mkdtemp(prefix=".languages-", dir=site_dir.parent))
    children: list[tuple[Language, tuple[int, Path]]] = []

    def fork_the_rest() -> None:  # once the first configuration has imported MkDocs' plugins
        children.extend((lang, _fork_build(lang, aside / lang.code, quiet)) for lang in rest)

    try:
        ok = build_language(first, site_dir / first.path, quiet, loaded=fork_the_rest)
        if not children:  # the first configuration did not load: nothing was forked
            return False
        for lang, (pid, log) in children:
            _, status = os.waitpid(pid, 0)
            sys.stdout.write(log.read_text(encoding="utf-8"))
            sys.stdout.flush()
            ok = ok and os.waitstatus_to_exitcode(status) == 0
        if ok:
            for lang in rest:
                (aside / lang.code / "site").rename(site_dir / lang.path)
        return ok
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def default_jobs() -> int:
    """Two parallel language builds where two cores are available to this process, else one."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    return 2 if cores >= 2 else 1


def _fork_build(lang: Language, folder: Path, quiet: bool) -> tuple[int, Path]:
    # A child process that shares everything already imported and the validated knowledge base;
    # it logs to a file the parent prints after its own build, so the two logs never interleave.
    folder.mkdir(parents=True)
    log = folder / "build.log"
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid, log
    code = 1
    try:
        # The parent's build has begun: drop its log handlers and filters, keep nothing of it.
        logging.getLogger("mkdocs").handlers.clear()
        logging.getLogger("mkdocs.commands.build").filters.clear()
        with log.open("w", encoding="utf-8") as stream:
            sys.stdout = sys.stderr = stream  # what plugins print goes with the log
            code = 0 if build_language(lang, folder / "site", quiet, stream) else 1
    finally:
        os._exit(code)  # never run the parent's cleanup (atexit, temporary folders) twice


def publish(built: Path, out: Path) -> None:
    """Replace `out` with the `built` folder by two renames on the same file system."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
    built.rename(out)
    if old is not None:
        shutil.rmtree(old)


def build_site(out: Path, quiet: bool = False, jobs: int | None = None,
               languages: tuple[Language, ...] = LANGUAGES) -> bool:
    """Validate, build into a staging folder, then publish it as `out`.

    `languages` other than all of them (scripts/serve.py, after an edit to one language's pages)
    rebuilds only those and keeps the others' folders from the current `out`.
    """
    if not validate():
        return False
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = set(languages) != set(LANGUAGES) and out.is_dir()
    languages = tuple(lang for lang in LANGUAGES if lang in languages) if partial else LANGUAGES
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        if not build_languages(staging / "site", quiet, jobs, languages):
            print(f"{out} was left untouched", file=sys.stderr)
            return False
        if partial:
            _publish_part(staging / "site", out, languages)
        else:
            publish(staging / "site", out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not quiet:
        print(f"built {out} ({', '.join(f'{lang.name}: /{lang.path}' for lang in LANGUAGES)})")
    return True


def _publish_part(built: Path, out: Path, languages: tuple[Language, ...]) -> None:
    # Only some languages were built into `built`: swap in their folders and keep the others.
    # The root language (path "") holds the other languages' folders, so when it was rebuilt
    # they move into the new build first; otherwise each rebuilt folder replaces its old one.
    root = next((lang for lang in languages if not lang.path), None)
    if root is not None:
        for lang in LANGUAGES:
            if lang not in languages and (out / lang.path).is_dir():
                (out / lang.path).rename(built / lang.path)
        publish(built, out)
        return
    for lang in languages:
        publish(built / lang.path, out / lang.path)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "site",
                        help="output folder, replaced only when the whole build succeeds "
                             "(default: site/)")
    parser.add_argument("--quiet", action="store_true", help="print only warnings and errors")
    parser.add_argument("--jobs", type=int, choices=(1, 2), default=None,
                        help="1: build the languages one after the other; 2: in parallel "
                             "(default: 2 when this process may use two cores)")
    parser.add_argument("--language", action="append", metavar="CODE",
                        choices=[lang.code for lang in LANGUAGES],
                        help="rebuild only this language (repeatable) and keep the others from "
                             "--out, as scripts/serve.py does after an edit to one language's "
                             "pages (default: every language)")
    args = parser.parse_args(argv)
    languages = tuple(lang for lang in LANGUAGES if lang.code in (args.language or [lang.code]))
    return 0 if build_site(args.out, args.quiet, args.jobs, languages) else 1


if __name__ == "__main__":
    sys.exit(main())
