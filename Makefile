# Everyday commands. Each one creates .venv first (and reinstalls when a requirements file changes).
#   make serve     preview both languages at http://127.0.0.1:8000/ (Japanese at /ja/); a save rebuilds what it
#                  changed and the open page reloads
#   make test      the whole test suite
#   make validate  check data/kb.yaml and print every problem with its line
#   make build     build the site into site/ (replaced only when both languages build)
#   make bench     time the decision tree on knowledge bases 1x, 5x and 20x the real one
#   make bench-site   build time vs plain Material (goal 1.10x), growth 1x/5x/20x of both, page weight
#                  (LIGHTHOUSE=1 adds Lighthouse on ours and the twin, median of LIGHTHOUSE_RUNS=3 runs)
#   make stale     list the sources and methods not verified for over a year
#   make permalinks       append the URLs the site now publishes to data/permalinks.yaml and write
#                  the method options of the issue form (.github/ISSUE_TEMPLATE/fact-wrong.yml)
#   make decision-diff BASE=origin/main [LIMIT=50]   which /decide/ and scenario results the data change
#                  alters: dead ends and first-choice changes first (LIMIT=0 lists every path)
#   make lint-ja   check every Japanese string with textlint (house-style terms: data/prh.yml)
#   make lint-ja-pages   the same, plus the visible text of every built /ja/ page (builds the site to
#                  a temp dir; tests/test_japanese_pages.py lists the problems still known there)
#   make install   only create or update .venv and node_modules/ (npm ci)

PYTHON := .venv/bin/python
VENV := .venv/.requirements-installed
# node_modules/ from package-lock.json (textlint for the Japanese check); reinstalled when the lock changes.
NODE := node_modules/.package-lock-installed

.PHONY: serve test validate build bench bench-site stale permalinks decision-diff install lint-ja \
	lint-ja-pages

serve: $(VENV)
	$(PYTHON) scripts/serve.py

# On every core; a file's tests stay on one worker so its site build and browser are shared.
test: $(VENV) $(NODE)
	$(PYTHON) -m pytest -n auto --dist loadfile

validate: $(VENV)
	$(PYTHON) -m macros.validate data/kb.yaml

build: $(VENV)
	$(PYTHON) scripts/build.py

bench: $(VENV)
	$(PYTHON) scripts/bench_tree.py

bench-site: $(VENV)
	$(PYTHON) scripts/bench_site.py $(if $(LIGHTHOUSE),--lighthouse $(if $(LIGHTHOUSE_RUNS),--lighthouse-runs $(LIGHTHOUSE_RUNS)))

stale: $(VENV)
	$(PYTHON) -m macros.validate data/kb.yaml --stale

permalinks: $(VENV)
	$(PYTHON) -m scripts.permalinks --write

# The git revision to compare the working tree's data/kb.yaml with (CI passes the PR's base).
BASE ?= origin/main
# Silent: CI pastes the output into the run's summary.
# LIMIT: changed decision paths listed (default 10; 0 lists them all).
decision-diff: $(VENV)
	@$(PYTHON) -m scripts.decision_diff --base "$(BASE)" $(if $(LIMIT),--limit "$(LIMIT)") \
		--more-hint "make decision-diff BASE=$(BASE) LIMIT=0"

lint-ja: $(VENV) $(NODE)
	$(PYTHON) -m scripts.lint_ja

lint-ja-pages: $(VENV) $(NODE)
	$(PYTHON) -m scripts.lint_ja --pages

install: $(VENV) $(NODE)

$(VENV): requirements.txt requirements-dev.txt
	test -x $(PYTHON) || { python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo 'make: Python 3.11 or newer is needed (Material for MkDocs 9.8)'; exit 1; }; \
	  python3 -m venv .venv; }
	$(PYTHON) -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	touch $@

# Without npm the Japanese check cannot run: say so, and tests/test_japanese.py skips it.
$(NODE): package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo 'make: npm not found: the Japanese check is skipped (install Node.js 20.18+ and npm)'; fi
