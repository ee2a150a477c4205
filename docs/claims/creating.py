"""What docs/creating.md claims about the output of examples/creating/ (see engine/claims.py)."""
from engine.claims import claim, number_after, index, exercise, lanes
from engine.render.words import _


CHILDREN = {"creating/process_function.py": "meta", "creating/process_subclass.py": "mi_chat"}


@claim(*CHILDREN)
def child_is_over_after_its_three_second_sleep(result):
    name = CHILDREN[result.script]
    assert index(result, f"{name} is running") < index(result, f"{name} is over")
    assert 3.0 <= result.time_of(f"the subprocess {name} is over") < 30  # 30: a hang


@claim(*CHILDREN)
def main_prints_before_the_child_is_over(result):
    name = CHILDREN[result.script]
    assert index(result, "主进程") < index(result, f"the subprocess {name} is over")


# -- exercises --------------------------------------------------------------

@claim("creating/run_instead_of_start.py")
def run_executes_the_target_in_the_main_process(result):
    child = number_after(result, "running in process")
    assert child == number_after(result, "主进程")
    assert result.text[-1].startswith("主进程")  # run() returned first
    assert result.time_of("meta is over") >= 1.0


# -- fix it: two children at once ---------------------------------------------

STARTER, SOLUTION = "creating/two_at_once.py", "creating/two_at_once_solution.py"
DOWNLOADS = ("video", "music")
exercise("creating", starter=STARTER, solution=SOLUTION, timeout=30, task=lambda: _(
    "Make the two downloads run in child processes of their own, at the same time."))


def pids(result) -> dict[str, int]:
    """download -> the PID it printed; 'main' -> the main process's."""
    found = {"main": number_after(result, "主进程")}
    for name in DOWNLOADS:
        assert any(text.startswith(f"{name} starts in process") for text in result.text), _(
            "{name} never said which process it runs in: keep its print()").format(name=name)
        found[name] = number_after(result, f"{name} starts in process")
    return found


@claim(STARTER)
def run_runs_both_downloads_in_the_main_process(result):
    found = pids(result)
    assert found["video"] == found["music"] == found["main"]
    assert result.text[-1] == "主进程 is done"


@claim(SOLUTION)
def each_download_runs_in_a_process_of_its_own(result):
    found = pids(result)
    for name in DOWNLOADS:
        assert found[name] != found["main"], _(
            "{name} ran in the main process (PID {pid}): run() calls the "
            "function right there; start() makes a new process").format(
                name=name, pid=found["main"])
    assert found["video"] != found["music"], _(
        "both downloads ran in the same process")


@claim(SOLUTION)
def the_main_process_is_done_last(result):
    for name in DOWNLOADS:
        assert f"{name} is done" in result.text, _(
            "{name} never said it is done").format(name=name)
    assert result.text[-1] == "主进程 is done", _(
        "the last line is {line!r}, expected '主进程 is done': the main process "
        "must wait for both children first").format(line=result.text[-1])


@claim(SOLUTION, record=True)
def the_two_children_are_alive_at_the_same_time(result):
    children = lanes(result, "child")
    assert len(children) == 2, _(
        "expected two child processes, but {count} ran").format(count=len(children))
    first, second = children
    assert second["appeared"] <= (first["running_until"] or first["appeared"]), _(
        "the second child started only after the first had ended: start both "
        "before you join either")
