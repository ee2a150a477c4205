"""What docs/process-objects.md claims about the output of examples/process-objects/ (see engine/claims.py)."""
import re

from engine.claims import claim, POSIX, seconds_after, index, exercise
from engine.render.words import _


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


# -- write it: give up on a stuck child ---------------------------------------

STARTER, SOLUTION = "process-objects/give_up.py", "process-objects/give_up_solution.py"
exercise("process-objects", starter=STARTER, solution=SOLUTION, timeout=30, task=lambda: _(
    "Make the main process wait at most one second for the stuck child, then "
    "end it and report its exit code."))


@claim(STARTER)
def the_main_process_waits_for_the_whole_sleep(result):
    assert result.text[1] == "the child got its answer"
    assert result.text[-1].endswith("exit code 0")
    assert seconds_after(result, "waited") >= 6.0


@claim(SOLUTION)
def the_main_process_gives_up_after_about_a_second(result):
    line = next((text for text in result.text if text.startswith("主进程 waited")), None)
    assert line is not None, _(
        "no line says how long the main process waited: keep its print()")
    waited = seconds_after(result, "waited")
    # Below: join(timeout=1) waits a second (printed to a tenth, and a
    # timed wait may return a hair early). Above: a terminate() and a join()
    # on a loaded machine, far from the child's six seconds.
    assert 0.9 <= waited < 4.0, _(
        "the main process waited {waited:.1f} s, expected about one: "
        "join(timeout=1) gives up after a second").format(waited=waited)
    assert "the child got its answer" not in result.text, _(
        "the child got to its end: it was not stopped")


@claim(SOLUTION)
def the_stopped_child_has_a_negative_exit_code(result):
    code = int(result.text[-1].rsplit(" ", 1)[-1])
    assert code == -15, _(
        "the exit code is {code}, expected -15: a process ended by "
        "terminate() (SIGTERM) has the signal's number, negative; a child "
        "not yet joined has None").format(code=code)
