"""Nothing an example starts outlives its run, however it detached.

Survivors are looked for across the whole machine (ps -e), not in the
example's process group: a process that called setsid() has left the group.
Each test marks its processes with a word of its own, found in their
command lines.
"""
from __future__ import annotations

import concurrent.futures
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import uuid

import pytest

from engine.run import runner
from conftest import ROOT, temp_examples
from test_runner import posix_only

BUILD_SITE = [sys.executable, str(ROOT / "docs" / "build_site.py")]


def survivors(marker: str) -> list[str]:
    """Processes anywhere on the machine whose command line has ``marker``
    (zombies left out: they run nothing)."""
    table = subprocess.run(["ps", "-ww", "-eo", "stat=,pid=,args="], capture_output=True,
                           text=True, check=True).stdout
    return [row for row in table.splitlines()
            if marker in row and not row.lstrip().startswith("Z")]


def kill_marked(marker: str) -> None:
    """Clean up after a failed test: kill what the test itself marked."""
    for row in survivors(marker):
        try:
            os.kill(int(row.split()[1]), signal.SIGKILL)
        except OSError:
            pass


def detaching_example(marker: str, keep_terminal: bool) -> str:
    """An example whose grandchild leaves the group and session (setsid,
    double fork), ignores SIGTERM and sleeps; the main process exits 0."""
    redirect = ("" if keep_terminal else
                "            null = os.open(os.devnull, os.O_RDWR)\n"
                "            for fd in (0, 1, 2):\n"
                "                os.dup2(null, fd)\n")
    return ('"""Leave a detached grandchild behind."""\n'
            "import os, signal, sys, time\n"
            'if __name__ == "__main__":\n'
            "    if os.fork() == 0:\n"
            "        os.setsid()\n"
            "        if os.fork() == 0:\n"
            "            signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
            + redirect +
            '            os.execv(sys.executable, [sys.executable, "-c",\n'
            '                     "import signal, time; signal.signal(signal.SIGTERM, "\n'
            f'                     "signal.SIG_IGN); time.sleep(600)  # {marker}"])\n'
            "        os._exit(0)\n"
            "    time.sleep(0.3)\n"
            '    print("main exits", flush=True)\n')


@pytest.fixture
def marker():
    word = f"detached-{uuid.uuid4().hex[:12]}"
    yield word
    kill_marked(word)


@posix_only
def test_a_detached_grandchild_that_left_the_terminal_is_ended(tmp_path, marker):
    path = tmp_path / "detaches.py"
    path.write_text(detaching_example(marker, keep_terminal=False))
    result = runner.run(path, timeout=60)
    assert result.ok and result.text == ["main exits"], result
    assert survivors(marker) == []
    assert any(marker in line for line in result.left_running)


@posix_only
def test_a_detached_grandchild_holding_the_terminal_is_named_not_a_timeout(tmp_path, marker):
    path = tmp_path / "holds.py"
    path.write_text(detaching_example(marker, keep_terminal=True))
    result = runner.run(path, timeout=60)
    assert not result.timed_out and result.returncode == 0 and not result.ok
    # Ended a few seconds after the main process exited, not at the timeout.
    assert result.wall_time < 30
    message = result.describe()
    assert "timeout" not in message
    assert "held the terminal open" in message and marker in message
    (holder,) = result.held_by
    assert holder.startswith("pid ") and marker in holder
    assert survivors(marker) == []


@posix_only
def test_runs_at_the_same_time_are_told_apart(tmp_path, marker):
    """Each run ends (and reports) only what it started itself."""
    detaches = tmp_path / "detaches.py"
    detaches.write_text(detaching_example(marker, keep_terminal=False))
    sleeps = tmp_path / "sleeps.py"
    sleeps.write_text('"""Sleep a little."""\nimport time\ntime.sleep(1.5)\nprint("slept")\n')
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        calm = pool.submit(runner.run, sleeps)
        wild = pool.submit(runner.run, detaches)
        calm, wild = calm.result(), wild.result()
    assert calm.ok and calm.text == ["slept"] and calm.left_running == []
    assert any(marker in line for line in wild.left_running)
    assert survivors(marker) == []


@posix_only
def test_the_build_names_what_it_had_to_end(tmp_path, marker):
    folder = temp_examples(tmp_path, {"detaches.py": detaching_example(marker, False)})
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "capture.py"),
         "--results", str(tmp_path / "results")],
        env={**os.environ, "NOTES_EXAMPLES": str(folder)},
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "still running when it ended" in done.stdout and marker in done.stdout
    assert survivors(marker) == []


@posix_only
def test_many_processes_left_running_are_counted_on_one_short_line(tmp_path, marker):
    """200 shells left running, each with its sleep."""
    many = textwrap.dedent(f'''\
        """Leave many children running."""
        import subprocess
        for number in range(200):
            subprocess.Popen(["sh", "-c", f"sleep 600; : {marker} {{number}}"])
        print("left them", flush=True)
        ''')
    folder = temp_examples(tmp_path, {"many.py": many})
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "capture.py"), "--start-method", "spawn",
         "--results", str(tmp_path / "results")],
        env={**os.environ, "NOTES_EXAMPLES": str(folder)},
        capture_output=True, text=True, timeout=300)
    (line,) = [line for line in done.stdout.splitlines()
               if "still running when it ended" in line]
    count = int(re.search(r"ended (\d+) still running", line)[1])
    assert count >= 200 and line.endswith(f" and {count - 3} more") and len(line) < 1000
    assert survivors(marker) == []


@posix_only
@pytest.mark.site  # the build checks the catalogs (babel) and runs Sphinx
def test_sigterm_to_the_build_ends_everything_it_started(tmp_path, marker):
    """build_site, both sphinx-builds and every example (detached ones too)
    are gone once the build is stopped by SIGTERM."""
    sleeper = textwrap.dedent(f'''\
        """Sleep, with a child."""
        import multiprocessing, time
        if __name__ == "__main__":
            multiprocessing.Process(target=time.sleep, args=(600,)).start()
            print("sleeping", flush=True)
            time.sleep(600)  # {marker}
    ''')
    folder = temp_examples(tmp_path, {
        f"{marker}_sleeper.py": sleeper,
        f"{marker}_detaches.py": detaching_example(marker, keep_terminal=True)})
    out = tmp_path / marker / "html"  # the sphinx-builds' command lines name it
    build = subprocess.Popen(
        [*BUILD_SITE, "--out", str(out), "--results", str(tmp_path / "results")],
        env={**os.environ, "NOTES_EXAMPLES": str(folder)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        # Wait for the sphinx-builds, the sleeper with its child, and the
        # detached grandchild to run.
        while not (len([r for r in survivors(marker) if "sphinx" in r]) == 2
                   and len([r for r in survivors(marker) if "_sleeper.py" in r]) >= 2
                   and any("import signal" in r for r in survivors(marker))):
            assert build.poll() is None, build.communicate()[0]
            assert time.monotonic() < deadline, survivors(marker)
            time.sleep(0.05)
        build.send_signal(signal.SIGTERM)
        output = build.communicate(timeout=60)[0]
    finally:
        build.kill()
    assert build.returncode != 0, output
    assert survivors(marker) == [], output
    assert not out.exists()  # no half-built site either
    assert not list(tmp_path.glob(f"{marker}/*.building"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.site  # the build checks the catalogs (babel) and runs Sphinx
def test_sigkill_to_the_build_leaves_no_sphinx_build_or_example(tmp_path, marker):
    """SIGKILL reaches no handler: the sphinx-builds die with build_site,
    and the examples with the in-between process that contains them."""
    sleeper = f'"""Sleep."""\nimport time\nprint("sleeping", flush=True)\ntime.sleep(600)  # {marker}\n'
    folder = temp_examples(tmp_path, {f"{marker}_sleeper.py": sleeper})
    out = tmp_path / marker / "html"  # the sphinx-builds' command lines name it
    build = subprocess.Popen(
        [*BUILD_SITE, "--out", str(out), "--results", str(tmp_path / "results")],
        env={**os.environ, "NOTES_EXAMPLES": str(folder)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (len([r for r in survivors(marker) if "sphinx" in r]) == 2
                   and any("_sleeper.py" in r for r in survivors(marker))):
            assert build.poll() is None
            assert time.monotonic() < deadline, survivors(marker)
            time.sleep(0.05)
        build.kill()
        build.wait()
        # Left alone, the sphinx-builds would go on reading the pages for
        # many seconds more; with their parent gone they are killed at once.
        time.sleep(2)
        sphinx_left = [row for row in survivors(marker) if "sphinx" in row]
        deadline = time.monotonic() + 15
        while survivors(marker) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        build.kill()
    assert sphinx_left == []
    assert survivors(marker) == []


# As a subreaper, a process adopts the orphans of what it started. It runs a
# command whose child exits at once, leaving a grandchild (adopted) that
# exits a moment later, and says what became of the grandchild once it has
# exited, while the command still runs: "gone" (reaped) or "zombie".
ADOPTER = r"""
import os, subprocess, sys, time
from engine.run import processes
assert processes.become_subreaper()
MIDDLE = ("import subprocess, sys; print(subprocess.Popen("
          "[sys.executable, '-c', 'import time; time.sleep(0.3)']).pid, flush=True)")
command = subprocess.Popen([sys.executable, "-c", "import subprocess, sys, time; "
                            f"subprocess.run([sys.executable, '-c', {MIDDLE!r}]); time.sleep(60)"],
                           stdout=subprocess.PIPE, text=True)
def state(pid):
    entry = processes.table().get(pid)
    return "gone" if entry is None else "zombie" if entry.zombie else "running"
reaping = sys.argv[1] == "reaping"
with processes.reaping_adopted(command.pid) if reaping else open(os.devnull):
    grandchild = int(command.stdout.readline())
    deadline = time.monotonic() + 60  # a loaded machine is slow, not broken
    while state(grandchild) == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    # Reaped (at most 30 s: load), or still a zombie a second later.
    settled = time.monotonic() + (30 if reaping else 1)
    while state(grandchild) == "zombie" and time.monotonic() < settled:
        time.sleep(0.05)
    print(state(grandchild))
    command.kill()
    command.wait()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="subreapers are Linux's")
@pytest.mark.parametrize("mode, grandchild", [("reaping", "gone"), ("not reaping", "zombie")])
def test_a_subreaper_reaps_the_orphans_it_adopts_while_a_command_runs(mode, grandchild):
    """A zombie left unreaped kept docs-live waiting for its process group."""
    done = subprocess.run([sys.executable, "-c", ADOPTER, mode], cwd=ROOT / "docs",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [grandchild]
