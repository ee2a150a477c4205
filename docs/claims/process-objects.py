"""What docs/process-objects.md claims about the output of examples/process-objects/ (see engine/claims.py)."""
import re

from engine.claims import claim, POSIX, seconds_after, index


def state(result, when: str) -> dict[str, str]:
    """{'pid': ..., 'is_alive()': ..., 'exitcode': ...} from the line of ``when``."""
    line = next(text for text in result.text if text.startswith(when + ":"))
    return dict(re.findall(r"(\S+)=(\S+)", line))


@claim("process-objects/name_pid_alive.py")
def names_are_main_process_given_and_numbered(result):
    assert "主进程 current_process().name: MainProcess" in result.text
    assert re.fullmatch(r"an unnamed Process is called Process-\d+", result.text[1])
    assert "子进程 current_process().name: worker" in result.text


@claim("process-objects/name_pid_alive.py")
def pid_and_exitcode_follow_the_process_life(result):
    before, running, after = (state(result, when) for when in
                              ("before start()", "after start()", "after join()"))
    assert before == {"pid": "None", "is_alive()": "False", "exitcode": "None"}
    assert running["pid"].isdigit() and running["is_alive()"] == "True"
    assert running["exitcode"] == "None"
    assert after == {"pid": running["pid"], "is_alive()": "False", "exitcode": "0"}


@claim("process-objects/stopping.py")
def join_with_a_timeout_gives_up_while_the_child_runs(result):
    line = next(text for text in result.text if text.startswith("join(timeout=1)"))
    assert line.endswith("is_alive()=True exitcode=None")
    assert seconds_after(result, "returned after") >= 1.0


@claim("process-objects/stopping.py")
def terminate_runs_no_cleanup_and_leaves_minus_sigterm(result):
    assert "after terminate(): -15 (killed by SIGTERM)" in result.text
    assert not any("finally" in text for text in result.text)


@claim("process-objects/stopping.py", systems=POSIX)
def kill_leaves_minus_sigkill(result):
    assert "after kill(): -9 (killed by SIGKILL)" in result.text


@claim("process-objects/stopping.py", systems=("Windows",))
def windows_kill_is_terminate(result):
    assert "after kill(): -15 (killed by SIGTERM)" in result.text


@claim("process-objects/stopping.py")
def exit_status_and_close(result):
    assert "after sys.exit(3): 3" in result.text
    assert result.text[-1] == "after close(): process object is closed"


# -- exercises --------------------------------------------------------------

@claim("process-objects/exception_exitcode.py")
def an_uncaught_exception_gives_exitcode_one(result):
    assert "ValueError: something went wrong in the child" in result.text
    assert index(result, "Traceback") < index(result, "ValueError:")
    assert result.text[-1] == "主进程 is still running; exitcode: 1"
    assert result.returncode == 0
