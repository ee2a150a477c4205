"""Run the examples whose results are missing or stale, and keep them.

See engine/capture.py; `--run NAME` runs one example under every start method.
(Run from anywhere: Python puts this file's folder, docs/, on sys.path,
where the engine package and the extensions are.)
"""
import sys

from engine.capture import main

if __name__ == "__main__":
    sys.exit(main())
