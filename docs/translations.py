"""Update the translation catalogs and print how far each page is.

python3 -m nox -s translations runs it with --update; see extensions/catalogs.py.
(Run from anywhere: Python puts this file's folder, docs/, on sys.path,
where the engine package and the extensions are.)
"""
import sys

from extensions.catalogs import main

if __name__ == "__main__":
    sys.exit(main())
