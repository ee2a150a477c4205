"""Serve one language of the site with live reload; leave nothing running.

    python3 docs/live.py [--host 127.0.0.1] [--port 8000] [SPHINX OPTIONS]

For example ``-D language=zh_CN`` serves the Chinese tree. Before each build
(the first one included) the examples whose result is out of date run again,
through the same capture code as ``python3 -m nox -s docs``: saving an example re-runs
it and its page is written again.

sphinx-autobuild, its web server, the Sphinx builds and the example captures
it starts all run in a session of their own. However this process is
stopped (Ctrl-C, SIGTERM, the terminal closing), it ends that whole session
and waits until no process of it is left, so the next run finds the port free.
"""
from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time

from . import capture, config
from .run import processes

DOCS = config.DOCS
OUT = config.BUILD / "live"
# After SIGTERM, how long the session may take to end by itself (capture ends
# its examples, the server closes) before the rest is killed.
GRACE = 3.0


def port_problem(host: str, port: int) -> str | None:
    """Why sphinx-autobuild could not serve on host:port, or None.

    Checked before anything is built: the server binds only after the first
    build, so a taken port would otherwise be reported a minute late.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: a port left in TIME_WAIT is free to use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return (f"cannot serve on {host}:{port}: {error.strerror}. Another "
                    "server (an earlier docs-live?) holds the port: stop it, or "
                    "pick another port: python3 -m nox -s docs-live -- --port "
                    f"{port + 1}")
    return None


def autobuild_command(host: str, port: int, sphinx_options: list[str]) -> list[str]:
    pre_build = shlex.join([sys.executable, str(DOCS / "live.py"), "--capture"])
    return [sys.executable, "-m", "sphinx_autobuild", str(DOCS), str(OUT),
            "--host", host, "--port", str(port),
            "--watch", str(config.EXAMPLES),
            # Results, doctrees and other trees are written under _build/, and
            # Sphinx compiles each .po into a .mo beside it: none of these is
            # an edit, and watching them would build everything twice.
            "--ignore", str(DOCS / "_build"),
            "--re-ignore", r"\.mo$|__pycache__|\.tmp$",
            "--pre-build", pre_build,
            "-q",  # Sphinx's progress (and MyST's settings) on every rebuild
            *sphinx_options]


def run_capture() -> int:
    """The pre-build step: bring the examples' results up to date.

    A failed example is reported here and again by its page; the build goes
    on so the other pages stay live. So this always exits 0.
    """
    try:
        capture.main([])
    except KeyboardInterrupt:  # docs-live is stopping; capture ended the examples
        pass
    return 0


class Session:
    """sphinx-autobuild and everything it starts, in a session of their own."""

    def __init__(self, command: list[str]):
        self.stopping = threading.Event()
        self.process = subprocess.Popen(
            command, cwd=config.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, **processes.own_group())
        self.copier = threading.Thread(target=self.copy_output, daemon=True)
        self.copier.start()

    def copy_output(self) -> None:
        # Once stopping, what the session prints while it ends (interrupted
        # builds, tracebacks) says nothing useful: drop it.
        for line in iter(self.process.stdout.readline, b""):
            if not self.stopping.is_set():
                sys.stdout.buffer.write(line)
                sys.stdout.flush()

    def alive(self) -> bool:
        """Whether any process of the session is left (zombies reaped)."""
        if os.name == "nt":  # taskkill /T has ended the whole tree
            return self.process.poll() is None
        self.process.poll()
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def signal(self, number: int) -> None:
        if os.name == "nt":  # no process groups to signal: end the tree
            subprocess.run(["taskkill", "/T", "/F", "/PID", str(self.process.pid)],
                           capture_output=True)
            return
        try:
            os.killpg(self.process.pid, number)
        except (ProcessLookupError, PermissionError):
            pass

    def stop(self) -> None:
        """End every process of the session, then return."""
        self.stopping.set()
        self.signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACE
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        # A process started after the SIGTERM (a build that was about to
        # begin), or one that ignores it, is killed.
        processes.end_all(lambda: [self.process.pid] if self.alive() else [],
                          timeout=60, kill=lambda _leader: self.signal(
                              getattr(signal, "SIGKILL", signal.SIGTERM)))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--capture"]:
        return run_capture()
    parser = argparse.ArgumentParser(
        prog="python3 docs/live.py", description=__doc__.splitlines()[0],
        epilog="Other options go to Sphinx, e.g. -D language=zh_CN.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    options, sphinx_options = parser.parse_known_args(argv)
    problem = port_problem(options.host, options.port)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1

    stop_requested = threading.Event()

    def request_stop(number, frame):
        stop_requested.set()

    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"):
        if hasattr(signal, name):  # SIGHUP: POSIX only; SIGBREAK: Windows only
            signal.signal(getattr(signal, name), request_stop)
    session = Session(autobuild_command(options.host, options.port, sphinx_options))
    try:
        while not stop_requested.is_set() and session.process.poll() is None:
            stop_requested.wait(0.2)
    finally:
        interrupted = stop_requested.is_set()
        session.stop()
        session.copier.join(timeout=1)
    if interrupted:
        print("docs-live stopped: server, builds and examples ended", flush=True)
        return 0
    return session.process.returncode or 0

