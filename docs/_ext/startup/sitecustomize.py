"""Start-up hook for the examples the docs build runs (docs/_ext/runner.py).

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

# Leave no trace: the forkserver start method passes sys.path on the fork
# server's command line, where `ps` would show this folder.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry) != _here]
del _here
