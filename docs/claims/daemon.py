"""What docs/daemon.md claims about the output of examples/daemon/ (see engine/claims.py)."""
from engine.claims import claim, lanes, main_of, exercise
from engine.render.words import _


@claim("daemon/daemon_process.py")
def daemon_never_prints_its_end_line(result):
    assert "process qq is over" in result.text
    assert not any("结束运行" in text for text in result.text)
    # In a terminal the daemon's first line may or may not make it out.
    assert set(result.text) <= {"process qq is over", "子进程:qq_zone运行"}


@claim("daemon/daemon_killed.py")
def daemon_works_until_the_main_code_ends(result):
    *watching, last = result.text
    assert last == "process qq is over"
    # Lines 1, 2, 3, ... one every half second from the daemon's start to
    # the main process's end, 2.25 s later; never the tenth, nor the end.
    assert watching == [f"子进程:qq_zone is watching ({n})"
                        for n in range(1, len(watching) + 1)]
    assert 1 <= len(watching) < 10


# -- exercises --------------------------------------------------------------

@claim("daemon/daemon_and_worker.py")
def the_daemon_is_terminated_the_worker_is_waited_for(result):
    assert result.text[0] == "主进程 code ends"
    assert not any(text.startswith("daemon") for text in result.text)
    assert "worker is over after 3 s" in result.text
    assert result.time_of("worker is over") >= 3.0


# -- the process record -----------------------------------------------------

@claim("daemon/daemon_process.py", record=True)
def daemon_child_ends_no_later_than_the_main_process(result):
    main = main_of(result)
    assert main["exited"] is not None  # the recording ends after main does
    # The daemon may live too briefly to be seen; if it was, it ended first:
    # no look saw it running once a look had seen main exited. (Its own
    # "exited" can be a millisecond after main's: both are the looks that saw
    # them ended, and a look reads one process after another.)
    for child in lanes(result, "child"):
        assert child["exited"] is not None
        assert child["running_until"] is None or child["running_until"] <= main["exited"]


@claim("daemon/daemon_killed.py", record=True)
def daemon_is_killed_when_the_main_code_ends(result):
    main, (daemon,) = main_of(result), lanes(result, "child")
    assert main["exited"] is not None and daemon["exited"] is not None
    # It ran beside the main process's two seconds of work (a second at
    # least, whatever its start-up took), and ended no later than main.
    assert daemon["running_until"] - daemon["appeared"] >= 1.0
    # No look saw it running after a look saw main exited (see above).
    assert daemon["running_until"] <= main["exited"]
    # Terminated: SIGTERM where the system says how it ended (Linux, if the
    # recorder saw its zombie before main reaped it).
    assert daemon["end"] in ("", "SIGTERM")


# -- fix it: let the daemon finish --------------------------------------------

STARTER, SOLUTION = "daemon/save_before_exit.py", "daemon/save_before_exit_solution.py"
exercise("daemon", starter=STARTER, solution=SOLUTION, timeout=30, task=lambda: _(
    "Keep the autosave a daemon, but make the main process let it finish saving."))


@claim(STARTER)
def the_daemon_is_terminated_before_it_saves(result):
    assert "autosave: notes.txt is saved" not in result.text
    assert result.text[-1] == "主进程 code ends"


@claim(SOLUTION)
def the_daemon_saves_before_the_main_code_ends(result):
    assert "autosave: notes.txt is saved" in result.text, _(
        "the autosave never said the file is saved: a daemon is terminated "
        "as soon as the main code ends; wait for it with join() first")
    assert result.text[-1] == "主进程 code ends", _(
        "the last line is {line!r}, expected '主进程 code ends'").format(
            line=result.text[-1])


@claim(SOLUTION, record=True)
def the_autosave_ends_by_returning(result):
    children = lanes(result, "child")
    assert len(children) == 1, _(
        "expected one child process, the autosave, but {count} ran").format(
            count=len(children))
    (saver,) = children
    assert saver["end"] in ("", "exit 0"), _(
        "the autosave ended with {end}, not by returning").format(end=saver["end"])
