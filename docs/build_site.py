"""Build the site: run the examples, then Sphinx for both languages.

python3 -m nox -s docs runs it; see engine/build.py.
(Run from anywhere: Python puts this file's folder, docs/, on sys.path,
where the engine package and the extensions are.)
"""
import sys

from engine.build import main

if __name__ == "__main__":
    sys.exit(main())
