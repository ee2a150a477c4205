"""Cold builds and test suites beside busy processes, pinned to one core and
with SIGINT ignored; prints the counts (python3 -m nox -s soak).

See engine/soak.py.
(Run from anywhere: Python puts this file's folder, docs/, on sys.path,
where the engine package and the extensions are.)
"""
import sys

from engine.soak import main

if __name__ == "__main__":
    sys.exit(main())
