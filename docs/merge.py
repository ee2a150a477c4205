"""Bring in results captured on another machine.

See engine/merge.py.
(Run from anywhere: Python puts this file's folder, docs/, on sys.path,
where the engine package and the extensions are.)
"""
import sys

from engine.merge import main

if __name__ == "__main__":
    sys.exit(main())
