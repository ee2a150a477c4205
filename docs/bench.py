"""Print the figures the speed targets are about (python3 -m nox -s bench).

See engine/bench.py.
(Run from anywhere: Python puts this file's folder, docs/, on sys.path,
where the engine package and the extensions are.)
"""
import sys

from engine.bench import main

if __name__ == "__main__":
    sys.exit(main())
