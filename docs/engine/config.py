"""Where the engine finds things, and the start methods it runs examples under.

Every other module takes these from here: the folders are named once, and so
is the list of start methods.
"""
from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1]
ROOT = DOCS.parent
# Tests that inject faults point this at a temporary copy of examples/.
EXAMPLES = Path(os.environ.get("NOTES_EXAMPLES", ROOT / "examples"))
MANIFEST_NAME = "examples.toml"  # in EXAMPLES
# What each page claims about its examples' output: docs/claims/<page>.py.
CLAIMS = DOCS / "claims"
BUILD = DOCS / "_build"
RESULTS = BUILD / "results"
LOCALES = DOCS / "locales"

# Every start method, in the order the pages show them (CPython 3.10-3.14).
START_METHODS = ("fork", "spawn", "forkserver")
# Those of this machine (Windows has spawn only).
METHODS = tuple(m for m in START_METHODS
                if m in multiprocessing.get_all_start_methods())


def site_url() -> str:
    """Where the site is published, the folder holding en/ and zh_CN/,
    ending in "/". The publishing workflow sets NOTES_SITE_URL (GitHub
    Pages' address); Read the Docs sets READTHEDOCS_CANONICAL_URL; a local
    build names the address docs-live serves."""
    url = (os.environ.get("NOTES_SITE_URL") or os.environ.get("READTHEDOCS_CANONICAL_URL")
           or "http://127.0.0.1:8000/")
    return url.rstrip("/") + "/"
