"""What docs/start-methods.md claims about the output of examples/start-methods/ (see engine/claims.py)."""
from engine.claims import claim, number_after


@claim("start-methods/which_start_method.py")
def reports_the_start_method_in_use(result):
    assert f"start method: {result.start_method}" in result.text
    assert result.start_method in result.text[2].split(": ")[1].split(", ")
    assert result.text[-1] == f"子进程 start method: {result.start_method}"


@claim("start-methods/global_before_start.py", methods=("fork",))
def fork_child_sees_the_changed_global(result):
    assert "子进程 sees: changed in the __main__ block" in result.text


@claim("start-methods/global_before_start.py", methods=("spawn", "forkserver"))
def spawned_child_sees_the_global_as_imported(result):
    assert "子进程 sees: set when the module is imported" in result.text


def family(result) -> tuple[int, int, int]:
    """The main process's PID, and the child's parent_process().pid and
    os.getppid(), as parent_of_child.py prints them."""
    return (number_after(result, "主进程 os.getpid():"),
            number_after(result, "子进程 parent_process().pid:"),
            number_after(result, "子进程 os.getppid():"))


@claim("start-methods/parent_of_child.py")
def parent_process_names_the_main_process(result):
    main, parent, _ = family(result)
    assert parent == main


@claim("start-methods/parent_of_child.py", methods=("fork", "spawn"))
def getppid_names_the_main_process(result):
    main, _, ppid = family(result)
    assert ppid == main


@claim("start-methods/parent_of_child.py", methods=("forkserver",))
def forkserver_getppid_names_the_fork_server(result):
    main, _, ppid = family(result)
    assert ppid != main


# -- exercises --------------------------------------------------------------

@claim("start-methods/spawn_context.py")
def a_spawn_context_child_sees_the_imported_value(result):
    assert f"default start method: {result.start_method}" in result.text
    assert result.text[-1] == "子进程 sees: set when the module is imported"
