"""What docs/zombie-orphan.md claims about the output of examples/zombie-orphan/ (see engine/claims.py)."""
import re

from engine.claims import claim, POSIX, number_after, index, lanes, main_of, parent_at


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
