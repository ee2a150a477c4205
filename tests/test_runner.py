"""The runner shows what a reader's terminal shows, and leaves nothing behind.

Each test writes a small script of its own into a temporary folder: faults
are never injected into the real examples.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from engine import config
from engine.run import runner, terminal

posix_only = pytest.mark.skipif(os.name != "posix", reason="process groups and /proc")


def script(tmp_path, body: str):
    path = tmp_path / "probe.py"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def group_members(group: int) -> list[str]:
    """Processes of ``group`` still running, from the process table (ps)."""
    table = subprocess.run(["ps", "-ww", "-eo", "pgid=,stat=,pid=,args="],
                           capture_output=True, text=True, check=True).stdout
    return [row for row in table.splitlines()
            if int(row.split()[0]) == group and not row.split()[1].startswith("Z")]


def test_every_process_writes_to_a_line_buffered_terminal(tmp_path):
    result = runner.run(script(tmp_path, """
        import multiprocessing, sys
        def report(who):
            print(who, sys.stdout.isatty(), sys.stdout.line_buffering,
                  sys.stderr.isatty())
        if __name__ == '__main__':
            report('main')
            child = multiprocessing.get_context('spawn').Process(
                target=report, args=('child',))
            child.start(); child.join()
    """))
    assert result.text == ["main True True True", "child True True True"]


def test_the_environment_is_set_by_the_runner_not_inherited(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONUNBUFFERED", "1")
    # pytest sets COLUMNS; `ps` would cut its lines there, as it did a
    # resource tracker's command (defunct_child.py then waited for ever).
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.run(script(tmp_path, """
        import os, shutil, sys
        print(os.environ.get('PYTHONUNBUFFERED'), sys.stdout.write_through,
              sys.stdout.encoding, os.environ.get('COLUMNS'),
              shutil.get_terminal_size().columns)
    """))
    assert result.text == [f"None False utf-8 None {runner.TERMINAL_SIZE[1]}"]


@pytest.mark.skipif("forkserver" not in __import__("multiprocessing")
                    .get_all_start_methods(), reason="no forkserver here")
def test_an_example_that_skips_its_exit_hook_leaves_no_temporary_file(tmp_path):
    """forkserver keeps its socket in a pymp-* folder that only the exit
    hook removes; zombie-orphan/orphan.py, for one, skips it (os._exit)."""
    result = runner.run(script(tmp_path, """
        import multiprocessing, multiprocessing.util, os
        if __name__ == '__main__':
            child = multiprocessing.Process(target=print, args=('child',))
            child.start(); child.join()
            print(multiprocessing.util.get_temp_dir(), flush=True)
            os._exit(0)
    """), start_method="forkserver")
    assert result.text[0] == "child" and "pymp-" in result.text[1]
    assert not os.path.exists(result.text[1])


@posix_only
def test_run_folders_stranded_by_a_kill_9_are_removed_by_the_next_run(tmp_path):
    """SIGKILL runs no cleanup: the runner's folder stays until another
    process's first run finds nobody holds it and removes it."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    sleeper = script(tmp_path, """
        import time
        print('sleeping', flush=True)
        time.sleep(600)
    """)
    env = {**os.environ, "TMPDIR": str(temporary)}
    run = ("import sys; from engine.run import runner; "
           "print(runner.run(sys.argv[1], timeout=600).text)")
    killed = subprocess.Popen([sys.executable, "-c", run, str(sleeper)],
                              cwd=config.DOCS, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not list(temporary.glob("notes-runs-*/run-*")):
            assert time.monotonic() < deadline and killed.poll() is None
            time.sleep(0.05)
    finally:
        killed.kill()
        killed.wait()
    stranded = list(temporary.iterdir())
    assert [folder.name.split("-")[2] for folder in stranded] == [str(killed.pid)]
    quick = script(tmp_path, "print('quick')")
    done = subprocess.run([sys.executable, "-c", run, str(quick)], cwd=config.DOCS,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "['quick']", done.stderr
    assert list(temporary.iterdir()) == []  # the stranded one too, and its own


def test_lines_arrive_when_printed_not_when_the_process_exits(tmp_path):
    result = runner.run(script(tmp_path, """
        import multiprocessing, time
        def task():
            print('first'); time.sleep(2); print('second')
        if __name__ == '__main__':
            p = multiprocessing.Process(target=task); p.start(); p.join()
    """))
    # Into a pipe both lines would arrive together when the child exits.
    # A line is read when the runner gets the processor, which on a loaded
    # machine can be a while after it was printed: a second of slack.
    assert result.time_of("second") - result.time_of("first") >= 1.0


def test_lines_of_two_processes_never_glue_together(tmp_path):
    result = runner.run(script(tmp_path, """
        import multiprocessing
        def task(name):
            for i in range(150):
                print(f'{name} {i:03d} ' + name * 40)
        if __name__ == '__main__':
            children = [multiprocessing.Process(target=task, args=(n,))
                        for n in 'AB']
            for p in children: p.start()
            for p in children: p.join()
    """))
    assert len(result.text) == 300
    assert all(re.fullmatch(r"([AB]) \d{3} \1{40}", line) for line in result.text)


def test_errors_appear_in_order_with_the_output(tmp_path):
    result = runner.run(script(tmp_path, """
        print('before')
        raise ValueError('boom')
    """))
    assert result.returncode == 1
    assert result.text[0] == "before"
    assert result.text[-1] == "ValueError: boom"


def test_a_missing_example_is_named():
    with pytest.raises(FileNotFoundError, match="examples/no/such_example.py"):
        runner.run("no/such_example.py")


def test_a_run_asked_for_once_its_stop_is_set_never_starts(tmp_path, monkeypatch):
    """Ctrl-C sets the stop, then kills every run: a thread that comes to
    start its run only then must not start it (on a loaded machine one did,
    and ran a minute past the Ctrl-C)."""
    from engine.run import containment

    started = []
    monkeypatch.setattr(containment.Contained, "_start",
                        lambda self, argv, **_: started.append(argv))
    stop = threading.Event()
    stop.set()
    with pytest.raises(KeyboardInterrupt):
        runner.run(script(tmp_path, "print('must not run')"), stop=stop)
    assert started == [] and runner._live.all() == []


@posix_only
def test_a_hanging_example_is_killed_with_everything_it_started(tmp_path):
    result = runner.run(script(tmp_path, """
        import multiprocessing, time
        if __name__ == '__main__':
            multiprocessing.Process(target=time.sleep, args=(600,)).start()
            print('started', flush=True)
            time.sleep(600)
    """), timeout=3)
    assert result.timed_out and result.returncode is None
    assert result.text == ["started"]
    assert "was killed after its 3 s timeout" in result.describe()
    assert group_members(result.pid) == []


@posix_only
def test_a_child_left_running_does_not_outlive_its_example(tmp_path):
    result = runner.run(script(tmp_path, """
        import subprocess, sys
        subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print('parent exits')
    """))
    assert result.ok and result.text == ["parent exits"]
    assert group_members(result.pid) == []


def test_a_flood_of_output_is_cut_and_counted(tmp_path):
    result = runner.run(script(tmp_path, """
        for i in range(20000):
            print('line', i)
    """))
    head, tail = terminal.HEAD_LINES, terminal.TAIL_LINES
    assert result.text == ([f"line {i}" for i in range(head)]
                           + [f"line {i}" for i in range(20000 - tail, 20000)])
    assert result.cut_lines == 20000 - head - tail and result.cut_at == head
    assert result.cut_chars == sum(len(f"line {i}") for i in range(head, 20000 - tail))


def test_a_very_long_line_is_cut_with_a_note(tmp_path):
    result = runner.run(script(tmp_path, "print('x' * 100000)"))
    (line,) = result.text
    assert line.startswith("x" * terminal.MAX_LINE_CHARS)
    assert line.endswith(f"[… {100000 - terminal.MAX_LINE_CHARS} characters cut]")


def test_output_that_is_not_utf8_is_shown_with_replacement_characters(tmp_path):
    result = runner.run(script(tmp_path, r"""
        import sys
        sys.stdout.buffer.write(b'caf\xe9 \xff ok\n')
    """))
    assert result.text == ["caf\ufffd \ufffd ok"]


def test_a_progress_bar_shows_its_last_frame_as_a_terminal_does(tmp_path):
    result = runner.run(script(tmp_path, r"""
        import sys, time
        for percent in range(0, 101, 25):
            sys.stdout.write(f'\rloading {percent:3d}%')
            sys.stdout.flush()
            time.sleep(0.05)
        print('\rdone')          # shorter: the rest of the last frame stays
        print('windows line\r')  # a line ended by \r\n shows as it is
        print('abcdef\rXY')
    """))
    assert result.text == ["doneing 100%", "windows line", "XYcdef"]


def test_memory_stays_flat_whatever_an_example_prints(tmp_path):
    """100 MB of output: the runner keeps what it shows, not all it read."""
    flood = script(tmp_path, """
        import sys
        block = ('x' * 99 + '\\n').encode() * 10000  # 1 MB
        for _ in range({megabytes}):
            sys.stdout.buffer.write(block)
    """.replace("{megabytes}", "100"))
    measure = textwrap.dedent(f"""
        import resource
        from engine.run import runner
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result = runner.run({str(flood)!r}, timeout=300)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(result.cut_lines, (after - before) // 1024)
    """)
    done = subprocess.run([sys.executable, "-c", measure], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(config.DOCS)},
                          check=True)
    cut_lines, grown_megabytes = map(int, done.stdout.split())
    assert cut_lines == 100 * 10000 - terminal.MAX_LINES
    assert grown_megabytes < 30, f"the runner grew by {grown_megabytes} MB"
