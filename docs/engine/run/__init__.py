"""Run one example as a reader would, and record what it did.

    from engine.run import runner
    result = runner.run("join/join_parallel.py", start_method="spawn")

runner.py starts it (its own interpreter, a terminal, a timeout),
containment.py and shim.py end everything it started, recorder.py records
its processes, startup/sitecustomize.py sets the start method in every
interpreter of the run, processes.py reads the process table for all.
"""

# Nothing is imported here: the sampler runs as ``python3 -m
# engine.run.recorder``, and a package that imported it first would make
# runpy warn about a module found twice.
