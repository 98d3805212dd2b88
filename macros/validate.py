"""Command line: python -m macros.validate [data/kb.yaml] [--stale] [--partial] [--today DATE].

The stable entry point of `make validate`, pre-commit and the docs; the command lives in
macros/kb/validate.py with the rest of the knowledge-base layer.
"""

from __future__ import annotations

import sys

from macros.kb.validate import main

if __name__ == "__main__":
    sys.exit(main())
