"""docs-live (docs/live.py): a taken port is named first; Ctrl-C leaves nothing."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, foreground_job, temp_examples
from test_runner import posix_only

LIVE = [sys.executable, str(ROOT / "docs" / "live.py")]
SLEEPER = ('"""Sleep, with a child that sleeps too."""\n'
           "import multiprocessing, time\n"
           "if __name__ == '__main__':\n"
           "    multiprocessing.Process(target=time.sleep, args=(600,)).start()\n"
           "    print('sleeping', flush=True)\n"
           "    time.sleep(600)\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_a_taken_port_is_reported_before_anything_is_built():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = subprocess.run([*LIVE, "--port", str(port)], capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr
    assert "--port" in done.stderr  # what to do about it
    assert "sphinx-autobuild" not in done.stdout + done.stderr  # nothing started


def descendants(pid: int) -> dict[int, str]:
    """{pid: command line} of every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = {}, list(children.get(pid, []))
    while todo:
        child = todo.pop()
        try:
            found[child] = Path(f"/proc/{child}/cmdline").read_bytes().replace(
                b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        todo += children.get(child, [])
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@posix_only
@pytest.mark.site
def test_ctrl_c_while_an_example_runs_leaves_nothing_running(tmp_path):
    """The worst moment: the pre-build capture has an example and its child."""
    folder = temp_examples(tmp_path, {"live_sleeper.py": SLEEPER})
    temporary = tmp_path / "tmp"  # the runs' temporary folders go here
    temporary.mkdir()
    port = free_port()
    live = subprocess.Popen(
        [*LIVE, "--port", str(port)],
        env={**os.environ, "NOTES_EXAMPLES": str(folder), "TMPDIR": str(temporary)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=foreground_job)
    seen: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 60
        while sum("live_sleeper" in command for command in seen.values()) < 2:
            assert time.monotonic() < deadline, "the example never started"
            assert live.poll() is None, live.communicate()[0]
            time.sleep(0.1)
            seen = descendants(live.pid)
        live.send_signal(signal.SIGINT)
        output = live.communicate(timeout=60)[0]
    finally:  # if the test failed, leave nothing behind
        live.kill()
        for pid in descendants(live.pid) | seen:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
    left = {pid: command for pid, command in seen.items() if running(pid)}
    assert left == {}
    assert port_is_free(port)
    # The capture ended its runs itself, in time, and removed their folders.
    assert list(temporary.iterdir()) == []
    assert live.returncode == 0
    assert output.strip().splitlines()[-1].startswith("docs-live stopped")
    assert "Traceback" not in output
