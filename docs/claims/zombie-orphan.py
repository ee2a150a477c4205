"""What docs/zombie-orphan.md claims about the output of examples/zombie-orphan/ (see engine/claims.py)."""
import re

from engine.claims import claim, POSIX, number_after, index, lanes, main_of, parent_at, exercise
from engine.render.words import _


@claim("zombie-orphan/zombie.py", methods=("fork", "spawn"), systems=POSIX)
def exited_child_is_a_zombie_until_joined(result):
    assert re.fullmatch(r"before join\(\): \d+ Z.*", result.text[-2])
    assert re.fullmatch(r"after join\(\): \d+ no such process", result.text[-1])
    assert (number_after(result, "before join():")
            == number_after(result, "after join():")
            == number_after(result, "子进程"))


@claim("zombie-orphan/zombie.py", methods=("forkserver",), systems=POSIX)
def forkserver_leaves_no_zombie_to_show(result):
    assert re.fullmatch(r"before join\(\): \d+ no such process", result.text[-2])
    assert re.fullmatch(r"after join\(\): \d+ no such process", result.text[-1])
    assert (number_after(result, "before join():")
            == number_after(result, "子进程"))


@claim("zombie-orphan/zombie.py", "zombie-orphan/orphan.py", systems=("Windows",))
def windows_has_no_zombies_and_no_adoption(result):
    assert len(result.text) == 1 and result.text[0].startswith("Windows ")


@claim("zombie-orphan/orphan.py", systems=POSIX)
def orphan_reports_after_its_parent_died(result):
    assert index(result, "dies without") < index(result, "os.getppid() is now")
    assert (number_after(result, "parent:")
            == number_after(result, "主进程"))


@claim("zombie-orphan/orphan.py", methods=("fork", "spawn"), systems=POSIX)
def orphan_is_adopted_by_another_process(result):
    parent = number_after(result, "主进程")
    assert number_after(result, "os.getppid():") == parent
    assert number_after(result, "os.getppid() is now:") != parent


@claim("zombie-orphan/orphan.py", methods=("spawn", "forkserver"), systems=POSIX)
def abrupt_exit_leaves_semaphores_to_the_resource_tracker(result):
    warning = index(result, "resource_tracker: There appear to be")
    assert "leaked semaphore objects" in result.text[warning]
    assert warning > index(result, "os.getppid() is now")


@claim("zombie-orphan/orphan.py", methods=("forkserver",), systems=POSIX)
def forkserver_orphan_keeps_the_fork_server_as_parent(result):
    parent = number_after(result, "主进程")
    first = number_after(result, "os.getppid():")
    assert first != parent
    assert number_after(result, "os.getppid() is now:") == first


# -- exercises --------------------------------------------------------------

@claim("zombie-orphan/is_alive_reaps.py", methods=("fork", "spawn"), systems=POSIX)
def is_alive_reaps_the_zombie(result):
    assert result.text[0] == "子进程 exits at once"
    assert result.text[1].startswith("before is_alive(): Z")
    assert result.text[2:4] == ["is_alive(): False",
                                "after is_alive(): no such process"]


@claim("zombie-orphan/is_alive_reaps.py", methods=("forkserver",), systems=POSIX)
def forkserver_child_was_reaped_already(result):
    assert result.text[1:4] == ["before is_alive(): no such process",
                                "is_alive(): False",
                                "after is_alive(): no such process"]


@claim("zombie-orphan/is_alive_reaps.py", systems=("Windows",))
def windows_has_no_zombie_to_reap(result):
    assert result.text == ["Windows keeps no zombies: there is nothing to reap."]


# -- the process record -----------------------------------------------------

@claim("zombie-orphan/zombie.py", methods=("fork", "spawn"), systems=POSIX, record=True)
def child_is_a_zombie_for_a_second_before_it_is_reaped(result):
    main, (child,) = main_of(result), lanes(result, "child")
    assert parent_at(child, child["exited"]) == main["pid"]
    assert child["zombie_until"] is not None and child["reaped"] is not None
    assert child["zombie_until"] - child["exited"] >= 1.0


@claim("zombie-orphan/zombie.py", methods=("forkserver",), systems=POSIX, record=True)
def main_process_holds_no_zombie_under_forkserver(result):
    main, (server,) = main_of(result), lanes(result, "fork_server")
    assert server["pid"] != main["pid"]
    # The child lives a few milliseconds and may be missed (a zombie of the
    # main process would not be: it would last the two seconds until join).
    children = lanes(result, "child")
    assert len(children) <= 1
    for child in children:
        assert parent_at(child, child["appeared"]) == server["pid"]
        # The fork server reaps the child at once: it may be seen as a
        # zombie for a moment, but never as a zombie of the main process.
        if child["zombie_until"] is not None:
            assert parent_at(child, child["zombie_until"]) == server["pid"]
        assert child["reaped"] is not None
        assert child["reaped"] < result.time_of("before join():")


@claim("zombie-orphan/orphan.py", methods=("fork", "spawn"), systems=POSIX, record=True)
def orphan_gets_a_new_parent_after_its_parent_exits(result):
    main, (child,) = main_of(result), lanes(result, "child")
    assert child["parents"][0][1] == main["pid"]
    assert len(child["parents"]) >= 2
    adopted, adopter, _ = child["parents"][1]
    assert adopter != main["pid"]
    assert adopted >= main["running_until"]  # never while main was seen running


@claim("zombie-orphan/orphan.py", methods=("forkserver",), systems=POSIX, record=True)
def forkserver_orphan_keeps_its_parent_while_it_runs(result):
    main, (child,), (server,) = (main_of(result), lanes(result, "child"),
                                 lanes(result, "fork_server"))
    assert child["parents"][0][1] == server["pid"]
    assert child["running_until"] >= main["exited"]  # it outlived main
    assert all(ppid == server["pid"] for when, ppid, _ in child["parents"]
               if when <= child["running_until"])


# -- fix it: leave nothing behind ---------------------------------------------


STARTER = "zombie-orphan/leave_nothing.py"
SOLUTION = "zombie-orphan/leave_nothing_solution.py"
# Longer than a child that is joined stays a zombie on a loaded machine
# (the parent waits in join(): it reaps at once), shorter than the
# starter's two seconds of work.
ZOMBIE_SECONDS = 1.0
exercise("zombie-orphan", starter=STARTER, solution=SOLUTION, timeout=30, task=lambda: _(
    "Make the main process reap each child when it is done, so that no "
    "zombie waits while it works and no child outlives it."))


@claim(STARTER)
def the_starter_quits_before_its_slow_child(result):
    assert result.text[:2] == ["quick child is done", "主进程 quits"]
    assert result.text[2:] == ["slow child is done"]  # printed by the orphan


@claim(SOLUTION)
def both_children_finish_before_the_main_process_quits(result):
    for child in ("quick", "slow"):
        assert f"{child} child is done" in result.text, _(
            "the {child} child never said it is done").format(child=child)
        assert result.text.index(f"{child} child is done") < result.text.index(
            "主进程 quits"), _(
            "the {child} child said it is done only after the main process "
            "quit: it outlived its parent").format(child=child)


@claim(SOLUTION, record=True)
def no_child_outlives_the_main_process(result):
    main = main_of(result)
    for number, child in enumerate(lanes(result, "child"), 1):
        alive = child["running_until"] or child["appeared"]
        # Certain: the child ran at running_until; main had exited by "exited".
        assert main["exited"] is None or alive < main["exited"], _(
            "child {number} was still running {seconds:.1f} s after the main "
            "process had ended: it was orphaned; join it before the main "
            "process ends").format(number=number, seconds=alive - main["exited"])


@claim(SOLUTION, record=True)
def no_child_is_left_a_zombie(result):
    for number, child in enumerate(lanes(result, "child"), 1):
        if child["zombie_until"] is None:
            continue
        # Certain: a zombie from "exited" to "zombie_until".
        stayed = child["zombie_until"] - child["exited"]
        assert stayed < ZOMBIE_SECONDS, _(
            "child {number} stayed a zombie for {seconds:.1f} s: it had ended, "
            "but the main process did not join it until later").format(
                number=number, seconds=stayed)
