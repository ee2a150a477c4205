"""Run an example as __main__ after choosing its multiprocessing start method.

    python with_start_method.py spawn examples/join/join_parallel.py [args]

The script runs through runpy as the __main__ module, so a spawn or
forkserver child re-imports it from its path exactly as it would have if the
reader had run ``python examples/join/join_parallel.py`` on a platform whose
default is that start method.
"""
import multiprocessing
import pathlib
import runpy
import sys

if __name__ == "__main__":
    method, script, *args = sys.argv[1:]
    multiprocessing.set_start_method(method)
    sys.argv = [script, *args]
    sys.path[0] = str(pathlib.Path(script).resolve().parent)  # as python does
    runpy.run_path(script, run_name="__main__")
