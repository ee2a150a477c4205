"""What docs/daemon.md claims about the output of examples/daemon/ (see engine/claims.py)."""
from engine.claims import claim, lanes, main_of


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
    # The daemon may live too briefly to be seen; if it was, it ended first.
    for child in lanes(result, "child"):
        assert child["exited"] is not None and child["exited"] <= main["exited"]


@claim("daemon/daemon_killed.py", record=True)
def daemon_is_killed_when_the_main_code_ends(result):
    main, (daemon,) = main_of(result), lanes(result, "child")
    assert main["exited"] is not None and daemon["exited"] is not None
    # It ran beside the main process's two seconds of work (a second at
    # least, whatever its start-up took), and ended no later than main.
    assert daemon["running_until"] - daemon["appeared"] >= 1.0
    assert daemon["exited"] <= main["exited"]
    # Terminated: SIGTERM where the system says how it ended (Linux, if the
    # recorder saw its zombie before main reaped it).
    assert daemon["end"] in ("", "SIGTERM")
