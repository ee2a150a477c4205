"""Check your solution to an exercise: python3 examples/check.py --help."""
import sys
from pathlib import Path

# This is a command a learner runs from a clone, not an installed package:
# the engine it uses lives in docs/engine, beside it in the clone.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs"))

from engine.checker import main  # noqa: E402  (after the path is set)

if __name__ == "__main__":
    sys.exit(main())
