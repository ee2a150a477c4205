"""sphinx-build that ends without tearing the interpreter down.

    python3 docs/engine/sphinx_build.py ARGS...   # as python3 -m sphinx ARGS...

A sphinx-build of a tree holds every page's doctree, the theme's templates
and jieba's dictionary. Freeing them one by one as the interpreter shuts
down took a third of a second of processor time after the build had
written its last file: a third of the time from a rebuild's last example
run to the site being ready (measured with a timestamp at the atexit
handlers and one at the process's end). Sphinx has closed every file it
wrote when main() returns, so the exit handlers run, the output is
flushed, and the process ends at once with the build's exit code.
"""
import atexit
import os
import sys

# Run as a file, its folder comes first on sys.path, where the engine's
# module names (config, build, files) would hide any others of that name.
# docs/ takes its place: conf.py puts it there anyway.
sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from sphinx.cmd.build import main  # noqa: E402

if __name__ == "__main__":
    code = main(sys.argv[1:])
    atexit._run_exitfuncs()  # what a normal exit runs (logging's flush, ...)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
