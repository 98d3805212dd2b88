"""Build the bilingual site: validate data/kb.yaml, build English and Japanese, then publish.

    .venv/bin/python scripts/build.py [--out site] [--quiet]

Nothing is written to the output folder unless both languages build: the site is built in a
staging folder next to it and swapped in by renaming, so a failed build leaves the old site as it
was (or no folder at all) and never a half-built one. Exit status 1 on any error.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from macros.problems import DataError  # noqa: E402
from macros.site import LANGUAGES, load_site_kb  # noqa: E402

# Material 9.8 and the MkDocs 2 transition print banners on stderr; they are not our warnings.
QUIET_BANNERS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
LOG_LEVEL = re.compile(r"(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-  ")


def validate() -> bool:
    """Check the knowledge base; print every problem and return False when it has errors."""
    try:
        load_site_kb(PROJECT_DIR)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return False
    return True


def build_languages(site_dir: Path, quiet: bool = False) -> bool:
    """Run `mkdocs build --strict` for every language into site_dir; False as soon as one fails."""
    env = {**os.environ, **QUIET_BANNERS}
    for lang in LANGUAGES:
        # Never `mkdocs --quiet`: it stops warnings from being logged, so --strict has nothing to
        # count and a build with broken links succeeds. Quiet mode filters the output instead.
        command = [sys.executable, "-m", "mkdocs", "build", "--strict",
                   "--config-file", lang.config, "--site-dir", str(site_dir / lang.path)]
        result = subprocess.run(command, cwd=PROJECT_DIR, env=env, text=True,
                                stdout=subprocess.PIPE if quiet else None,
                                stderr=subprocess.STDOUT if quiet else None)
        if quiet:
            sys.stdout.write(without_info(result.stdout))
            sys.stdout.flush()
        if result.returncode != 0:
            print(f"build failed: the {lang.name} site ({lang.config}) did not build",
                  file=sys.stderr)
            return False
    return True


def without_info(log: str) -> str:
    """MkDocs output minus its INFO and DEBUG records (a record may span several lines)."""
    kept, keep = [], True
    for line in log.splitlines(keepends=True):
        level = LOG_LEVEL.match(line)
        if level:
            keep = level.group(1) not in ("DEBUG", "INFO")
        if keep:
            kept.append(line)
    return "".join(kept)


def publish(built: Path, out: Path) -> None:
    """Replace `out` with the `built` folder by two renames on the same file system."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
    built.rename(out)
    if old is not None:
        shutil.rmtree(old)


def build_site(out: Path, quiet: bool = False) -> bool:
    """Validate, build both languages into a staging folder, then publish it as `out`."""
    if not validate():
        return False
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        if not build_languages(staging / "site", quiet):
            print(f"{out} was left untouched", file=sys.stderr)
            return False
        publish(staging / "site", out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not quiet:
        print(f"built {out} ({', '.join(f'{lang.name}: /{lang.path}' for lang in LANGUAGES)})")
    return True


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "site",
                        help="output folder, replaced only when the whole build succeeds "
                             "(default: site/)")
    parser.add_argument("--quiet", action="store_true", help="print only warnings and errors")
    args = parser.parse_args(argv)
    return 0 if build_site(args.out, args.quiet) else 1


if __name__ == "__main__":
    sys.exit(main())
