"""What docs/inspecting.md claims about the output of examples/inspecting/ (see engine/claims.py)."""
from engine.claims import claim, POSIX, number_after, index, lanes, main_of


@claim("inspecting/current_process_pid.py")
def current_process_pid_differs_in_the_child(result):
    child = number_after(result, "子进程 current_process().pid:")
    main = number_after(result, "主进程 current_process().pid:")
    assert child != main


@claim("inspecting/current_process_pid.py", "inspecting/os_getpid.py")
def main_prints_while_the_child_sleeps(result):
    assert index(result, "主进程") < index(result, "mi_chat is over")


@claim("inspecting/os_getpid.py")
def child_has_its_own_pid(result):
    assert (number_after(result, "子进程 os.getpid():")
            != number_after(result, "主进程 os.getpid():"))


@claim("inspecting/os_getpid.py", methods=("fork", "spawn"))
def child_ppid_is_the_main_pid(result):
    assert (number_after(result, "子进程 os.getppid():")
            == number_after(result, "主进程 os.getpid():"))


@claim("inspecting/os_getpid.py", methods=("forkserver",))
def forkserver_child_ppid_is_the_fork_server(result):
    assert (number_after(result, "子进程 os.getppid():")
            != number_after(result, "主进程 os.getpid():"))


def ps_rows(result) -> dict[int, int]:
    """PID -> PPID for the rows under the `ps -ef` header."""
    start = index(result, "PID") + 1
    rows = {}
    for line in result.text[start:]:
        fields = line.split()
        rows[int(fields[1])] = int(fields[2])
    return rows


@claim("inspecting/list_processes.py", systems=POSIX)
def ps_lists_the_main_process_and_its_child(result):
    main, child = number_after(result, "主进程"), number_after(result, "子进程")
    rows = ps_rows(result)
    assert main in rows and child in rows


@claim("inspecting/list_processes.py", methods=("fork", "spawn"), systems=POSIX)
def ps_shows_the_main_process_as_the_childs_parent(result):
    main, child = number_after(result, "主进程"), number_after(result, "子进程")
    assert ps_rows(result)[child] == main


@claim("inspecting/list_processes.py", methods=("forkserver",), systems=POSIX)
def ps_shows_the_fork_server_as_the_childs_parent(result):
    main, child = number_after(result, "主进程"), number_after(result, "子进程")
    rows = ps_rows(result)
    server = rows[child]
    assert server != main and rows[server] == main


def ps_command(result, pid: int) -> str:
    """The CMD column of ``pid``'s row in the `ps -ef` listing."""
    start = index(result, "PID") + 1
    for line in result.text[start:]:
        fields = line.split(None, 7)
        if int(fields[1]) == pid:
            return fields[7]
    raise AssertionError(f"no row for PID {pid}")


@claim("inspecting/list_processes.py", methods=("fork",), systems=POSIX)
def fork_child_has_the_main_processs_command_line(result):
    main, child = number_after(result, "主进程"), number_after(result, "子进程")
    assert ps_command(result, child) == ps_command(result, main)


@claim("inspecting/list_processes.py", methods=("spawn",), systems=POSIX)
def spawn_child_runs_spawn_main(result):
    command = ps_command(result, number_after(result, "子进程"))
    assert "from multiprocessing.spawn import spawn_main" in command
    assert command.endswith("--multiprocessing-fork")


@claim("inspecting/list_processes.py", methods=("forkserver",), systems=POSIX)
def forkserver_child_shows_the_fork_servers_command_line(result):
    child = number_after(result, "子进程")
    command = ps_command(result, child)
    assert "from multiprocessing.forkserver import main" in command
    assert ps_command(result, ps_rows(result)[child]) == command


@claim("inspecting/list_processes.py", systems=("Windows",))
def tasklist_lists_the_main_process_and_its_child(result):
    main, child = number_after(result, "主进程"), number_after(result, "子进程")
    start = index(result, "=====") + 1  # tasklist underlines its header
    pids = {int(line.split()[1]) for line in result.text[start:]}
    assert {main, child} <= pids


# -- exercises --------------------------------------------------------------

@claim("inspecting/parent_of_main.py")
def the_main_process_has_no_parent_process(result):
    assert result.text == ["主进程: name=MainProcess parent=None",
                           "子进程: name=helper parent=MainProcess"]


# -- the process record -----------------------------------------------------

@claim("inspecting/list_processes.py", methods=("fork",), systems=POSIX, record=True)
def fork_starts_no_helper_process(result):
    main, (child,) = main_of(result), lanes(result, "child")
    assert child["parents"][0][1] == main["pid"]
    assert not lanes(result, "resource_tracker") and not lanes(result, "fork_server")


@claim("inspecting/list_processes.py", methods=("spawn",), systems=POSIX, record=True)
def spawn_starts_a_resource_tracker(result):
    main, (child,) = main_of(result), lanes(result, "child")
    (tracker,) = lanes(result, "resource_tracker")
    assert child["parents"][0][1] == tracker["parents"][0][1] == main["pid"]
    assert not lanes(result, "fork_server")


@claim("inspecting/list_processes.py", methods=("forkserver",), systems=POSIX, record=True)
def forkserver_starts_a_resource_tracker_and_a_fork_server(result):
    main, (child,) = main_of(result), lanes(result, "child")
    (tracker,), (server,) = lanes(result, "resource_tracker"), lanes(result, "fork_server")
    assert tracker["parents"][0][1] == server["parents"][0][1] == main["pid"]
    assert child["parents"][0][1] == server["pid"]
