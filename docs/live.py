"""Serve the site with live reload (python3 -m nox -s docs-live).

See engine/live.py.
(Run from anywhere: Python puts this file's folder, docs/, on sys.path,
where the engine package and the extensions are.)
"""
import sys

from engine.live import main

if __name__ == "__main__":
    sys.exit(main())
