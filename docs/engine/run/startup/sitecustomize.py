"""Start-up hook for the examples the docs build runs (docs/engine/run/runner.py).

The runner puts this folder on PYTHONPATH, so every interpreter of a run
imports this module at start-up: the example's main process and every child
that spawn or forkserver starts (they inherit the environment). The example
itself runs exactly as a reader types it, ``python3 examples/<path>``, with no
launcher script, frame or argument of the build around it.

NOTES_START_METHOD makes a start method the *default*, as if the reader's
platform had it: the example may still pick another with set_start_method()
or get_context(), exactly as on the reader's machine.
NOTES_LINE_BUFFERED line-buffers stdout and stderr, for Windows, where the
runner reads through a pipe instead of a terminal.
NOTES_PROCESS_NAMES names a file to which each child that multiprocessing
starts (by any method) appends its PID and its name, ``Process-1`` or the
name it was given, for the timeline's lanes: the process table does not
show it. It is written from multiprocessing's after-fork hooks, before the
child's target runs, so no frame of it appears in a child's traceback.
"""
import os
import sys

if os.environ.get("NOTES_START_METHOD"):
    from multiprocessing import context

    # The platform's default context, before anything chose a method. Its
    # attributes are the same from CPython 3.4 to 3.14.
    context._default_context._default_context = \
        context._concrete_contexts[os.environ["NOTES_START_METHOD"]]

if os.environ.get("NOTES_LINE_BUFFERED"):
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)

if os.environ.get("NOTES_PROCESS_NAMES"):
    from multiprocessing import context as _context, util as _util

    def _report_name(_=None):
        import multiprocessing

        # repr(), not json: importing json would cost every child a few ms
        line = f"{os.getpid()} {multiprocessing.current_process().name!r}"
        names = os.open(os.environ["NOTES_PROCESS_NAMES"],
                        os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:  # one write of one line: children of a run append at once
            os.write(names, (line + "\n").encode("utf-8"))
        finally:
            os.close(names)

    # A child made by fork or forkserver runs the after-fork hooks of the
    # process it was forked from, which ran this module. A spawned child
    # runs its class's _after_fork() instead, which does nothing; it has
    # run this module at its own start-up. Both happen before the target.
    _util.register_after_fork(_report_name, _report_name)
    _context.SpawnProcess._after_fork = staticmethod(_report_name)

# Leave no trace: the forkserver start method passes sys.path on the fork
# server's command line, where `ps` would show this folder.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry) != _here]
del _here
