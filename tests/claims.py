"""What the pages claim about each example's output, written once as code.

Every claim is a function that takes a ``runner.Result`` and asserts. The
tests apply each claim to a fresh run of its example (test_examples.py), and
the docs build applies the same claims to the results it captured before any
page may show them (docs/_ext/capture.py). A page that states a claim names
the claim's function in a comment beside it.

Claims check what the code forces and nothing else: an order of lines only
where one line must come before another; times with exact lower bounds and
upper bounds loose enough for a loaded 2-core machine; process ids by their
relations, never by value. A line's time is when the runner read it, which
may be later than when it was printed, never earlier: so a line's time since
the start has an exact lower bound (a sleep cannot be shorter), but the gap
between two lines has none, and order is checked by position, not by time.
"""
from __future__ import annotations

import ast
import inspect
import platform
import re
import textwrap
import traceback

CLAIMS: dict[str, list] = {}  # run name -> claim functions
METHODS = ("fork", "spawn", "forkserver")
POSIX = ("Linux", "Darwin")  # platform.system() names
SYSTEMS = (*POSIX, "Windows")


def claim(*runs: str, methods=METHODS, systems=SYSTEMS):
    """Register the decorated function as a claim about ``runs``' output.

    ``methods`` and ``systems`` say where the claim holds, for claims that
    differ by start method or operating system; a variant for the others
    is another claim.
    """
    def register(function):
        function.methods, function.systems = tuple(methods), tuple(systems)
        for run in runs:
            CLAIMS.setdefault(run, []).append(function)
        return function
    return register


def claims_for(run: str, method: str, system: str | None = None) -> list:
    system = system or platform.system()
    return [c for c in CLAIMS.get(run, [])
            if method in c.methods and system in c.systems]


def check(run: str, result) -> list[str]:
    """Apply every claim about ``run`` to ``result``; describe each failure.

    A failure names the claim, its line, the statement that failed and the
    values it saw, e.g. ``assert 3.0 <= result.time_of('over') < 10`` with
    ``result.time_of('over') = 2.1``.
    """
    failures = []
    for function in claims_for(run, result.start_method, result.system):
        try:
            function(result)
        except Exception as error:  # an AssertionError or a parse failure
            failures.append(f"claim {function.__name__} ({run}, "
                            f"{result.start_method}) failed at "
                            + explain(function, error))
    return failures


def explain(function, error: Exception) -> str:
    """Where ``function`` failed, the statement, and what its parts were."""
    frame, line = None, None
    for frame_of, line_of in traceback.walk_tb(error.__traceback__):
        if frame_of.f_code is function.__code__:
            frame, line = frame_of, line_of
    if frame is None:  # not raised by the claim's own code: say where it was
        where = traceback.extract_tb(error.__traceback__)[-1]
        return f"{where.filename}:{where.lineno}: {error!r}"
    if no_such_line(error):  # next() found no line that matches
        said = ": a line it looks for is not in the output"
    elif isinstance(error, AssertionError) and not error.args:
        said = ""
    else:
        said = f": {error!r}"
    statement = statement_at(function, line)
    if statement is None:
        return f"tests/claims.py:{line}{said}"
    shown = []
    # Globals and locals in one: a comprehension in the expression sees both.
    namespace = {**frame.f_globals, **frame.f_locals}
    for part in operands(statement.test if isinstance(statement, ast.Assert)
                         else statement):
        text = ast.unparse(part)
        try:
            value = eval(compile(ast.Expression(part), "<claim>", "eval"), namespace)
            value = repr(value)
        except Exception as failure:  # e.g. no such line: StopIteration
            value = "<the output has no such line>" if no_such_line(failure) \
                else f"<{failure!r}>"
        shown.append(f"{text} = {value if len(value) <= 200 else value[:197] + '...'}")
    # The claim's own names (a loop's variable, a value it computed) too.
    for name in dict.fromkeys(node.id for node in ast.walk(statement)
                              if isinstance(node, ast.Name)):
        if name in frame.f_locals and name != "result" \
                and not any(item.startswith(f"{name} = ") for item in shown):
            value = repr(frame.f_locals[name])
            shown.append(f"{name} = {value if len(value) <= 200 else value[:197] + '...'}")
    code = ast.unparse(statement).splitlines()[0]
    return (f"tests/claims.py:{line}: {code}{said}"
            + "".join(f"\n    {item}" for item in shown))


def no_such_line(error: BaseException) -> bool:
    """Whether ``error`` is next() finding no line (also inside a generator)."""
    return isinstance(error, StopIteration) or isinstance(
        error.__cause__, StopIteration)


def statement_at(function, line: int):
    """The innermost statement of ``function`` on source line ``line``."""
    try:
        lines, first = inspect.getsourcelines(function)
    except OSError:
        return None
    tree = ast.parse(textwrap.dedent("".join(lines)))
    ast.increment_lineno(tree, first - 1)
    found = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not isinstance(node, ast.FunctionDef) \
                and node.lineno <= line <= node.end_lineno:
            if found is None or node.lineno >= found.lineno:
                found = node
    return found


def operands(node):
    """The parts of an expression worth showing the value of."""
    if isinstance(node, ast.Compare):
        for part in (node.left, *node.comparators):
            yield from operands(part)
    elif isinstance(node, ast.BoolOp):
        for part in node.values:
            yield from operands(part)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield from operands(node.operand)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and not isinstance(node.func.value, ast.Name):
        # What a method was called on is what the output said:
        # result.text[-1] = 'done', then result.text[-1].startswith(...) = False.
        yield from operands(node.func.value)
        yield node
    elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr)):
        if node.value is not None:
            yield from operands(node.value)
    elif isinstance(node, ast.stmt) or isinstance(node, ast.Name) or not any(
            isinstance(part, ast.Name) for part in ast.walk(node)):
        return  # a name is shown by explain(); a constant says nothing
    else:
        yield node


# -- helpers -----------------------------------------------------------------

def number_after(result, label: str) -> int:
    """The integer printed after ``label`` on the first line that has it."""
    line = next(text for text in result.text if label in text)
    return int(re.search(re.escape(label) + r"\s*(\d+)", line).group(1))


def seconds_after(result, label: str) -> float:
    line = next(text for text in result.text if label in text)
    return float(re.search(re.escape(label) + r"\s*([\d.]+)", line).group(1))


def index(result, fragment: str) -> int:
    return next(i for i, text in enumerate(result.text) if fragment in text)


# -- creating a process ------------------------------------------------------

@claim("creating/process_function.py")
def child_is_over_after_its_three_second_sleep(result):
    assert index(result, "meta is running") < index(result, "meta is over")
    assert 3.0 <= result.time_of("the subprocess meta is over") < 30  # 30: a hang


@claim("creating/process_function.py")
def main_prints_before_the_child_is_over(result):
    assert index(result, "主进程") < index(result, "the subprocess meta is over")


@claim("creating/process_subclass.py")
def subclass_child_is_over_after_its_three_second_sleep(result):
    assert index(result, "mi_chat is running") < index(result, "mi_chat is over")
    assert 3.0 <= result.time_of("the subprocess mi_chat is over") < 30  # 30: a hang


@claim("creating/process_subclass.py")
def subclass_main_prints_before_the_child_is_over(result):
    assert index(result, "主进程") < index(result, "the subprocess mi_chat is over")


# -- the server --------------------------------------------------------------

CLIENTS = ("alice", "bob", "carol")


@claim("server/three_clients.py")
def server_answers_every_open_connection(result):
    for name in CLIENTS:
        assert f"{name} got: 我们已经收到您的消息" in result.text


@claim("server/three_clients.py")
def server_child_prints_each_message_before_answering(result):
    assert index(result, "listening on 127.0.0.1:") == 0
    for name in CLIENTS:
        assert index(result, f"hello from {name}") < index(result, f"{name} got:")


@claim("server/three_clients.py")
def last_connected_client_is_answered_first(result):
    # three_clients.py types into carol, bob, alice in turn, each only after
    # the previous one was answered, while all three stay connected.
    assert (index(result, "carol got:") < index(result, "hello from bob")
            < index(result, "bob got:") < index(result, "hello from alice"))
    assert result.text.count("carol got: 我们已经收到您的消息") == 2


# -- join --------------------------------------------------------------------

SLEEPERS = {"qq": 1, "tmall": 2, "jd": 3, "pxx": 4}


@claim("join/join_parallel.py")
def each_child_is_over_after_its_own_sleep(result):
    for name, seconds in SLEEPERS.items():
        assert result.time_of(f"{name} is over") >= seconds


@claim("join/join_serial.py")
def each_child_is_over_after_the_sleeps_before_it(result):
    waited = 0
    for name, seconds in SLEEPERS.items():
        waited += seconds
        assert result.time_of(f"{name} is over") >= waited  # 1, 3, 6, 10


@claim("join/join_parallel.py", "join/join_serial.py")
def main_prints_total_after_every_child_is_over(result):
    assert result.text[-1].startswith("主进程 总耗时:")
    assert len(result.text) == 2 * len(SLEEPERS) + 1


@claim("join/join_parallel.py")
def parallel_join_takes_about_the_longest_sleep(result):
    # The lower bound is exact. On a loaded machine four start-ups can take
    # seconds, so the upper bound only catches a hang; that the children
    # sleep at the same time is shown by the order of the lines instead
    # (all_four_children_sleep_at_the_same_time).
    assert 4.0 <= seconds_after(result, "总耗时:") < 20.0


@claim("join/join_parallel.py")
def all_four_children_sleep_at_the_same_time(result):
    started = max(index(result, f"{name} is running") for name in SLEEPERS)
    assert started < min(index(result, f"{name} is over") for name in SLEEPERS)


@claim("join/join_serial.py")
def serial_join_takes_the_sum_of_the_sleeps(result):
    # The sum, 10 s, is exact as a lower bound. Above it, four start-ups one
    # after another (each a new interpreter under spawn) on a busy machine:
    # the bound only has to catch a hang.
    assert 10.0 <= seconds_after(result, "总耗时:") < 25.0


@claim("join/join_serial.py")
def serial_join_runs_one_child_at_a_time(result):
    expected = []
    for name in SLEEPERS:
        expected += [f"the subprocess: {name} is running",
                     f"the subprocess: {name} is over"]
    assert result.text[:-1] == expected


# -- isolation ---------------------------------------------------------------

@claim("isolation/isolated_global.py")
def parent_still_prints_china(result):
    assert result.text == ["China"]


# -- process objects ---------------------------------------------------------

def state(result, when: str) -> dict[str, str]:
    """{'pid': ..., 'is_alive()': ..., 'exitcode': ...} from the line of ``when``."""
    line = next(text for text in result.text if text.startswith(when + ":"))
    return dict(re.findall(r"(\S+)=(\S+)", line))


@claim("process_objects/name_pid_alive.py")
def names_are_main_process_given_and_numbered(result):
    assert "主进程 current_process().name: MainProcess" in result.text
    assert re.fullmatch(r"an unnamed Process is called Process-\d+", result.text[1])
    assert "子进程 current_process().name: worker" in result.text


@claim("process_objects/name_pid_alive.py")
def pid_and_exitcode_follow_the_process_life(result):
    before, running, after = (state(result, when) for when in
                              ("before start()", "after start()", "after join()"))
    assert before == {"pid": "None", "is_alive()": "False", "exitcode": "None"}
    assert running["pid"].isdigit() and running["is_alive()"] == "True"
    assert running["exitcode"] == "None"
    assert after == {"pid": running["pid"], "is_alive()": "False", "exitcode": "0"}


@claim("process_objects/stopping.py")
def join_with_a_timeout_gives_up_while_the_child_runs(result):
    line = next(text for text in result.text if text.startswith("join(timeout=1)"))
    assert line.endswith("is_alive()=True exitcode=None")
    assert seconds_after(result, "returned after") >= 1.0


@claim("process_objects/stopping.py")
def terminate_runs_no_cleanup_and_leaves_minus_sigterm(result):
    assert "after terminate(): -15 (killed by SIGTERM)" in result.text
    assert not any("finally" in text for text in result.text)


@claim("process_objects/stopping.py", systems=POSIX)
def kill_leaves_minus_sigkill(result):
    assert "after kill(): -9 (killed by SIGKILL)" in result.text


@claim("process_objects/stopping.py", systems=("Windows",))
def windows_kill_is_terminate(result):
    assert "after kill(): -15 (killed by SIGTERM)" in result.text


@claim("process_objects/stopping.py")
def exit_status_and_close(result):
    assert "after sys.exit(3): 3" in result.text
    assert result.text[-1] == "after close(): process object is closed"


# -- looking at processes ----------------------------------------------------

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


# -- zombies and orphans -----------------------------------------------------

@claim("zombie_orphan/zombie.py", methods=("fork", "spawn"), systems=POSIX)
def exited_child_is_a_zombie_until_joined(result):
    assert re.fullmatch(r"before join\(\): \d+ Z.*", result.text[-2])
    assert re.fullmatch(r"after join\(\): \d+ no such process", result.text[-1])
    assert (number_after(result, "before join():")
            == number_after(result, "after join():")
            == number_after(result, "子进程"))


@claim("zombie_orphan/zombie.py", methods=("forkserver",), systems=POSIX)
def forkserver_leaves_no_zombie_to_show(result):
    assert re.fullmatch(r"before join\(\): \d+ no such process", result.text[-2])
    assert re.fullmatch(r"after join\(\): \d+ no such process", result.text[-1])
    assert (number_after(result, "before join():")
            == number_after(result, "子进程"))


@claim("zombie_orphan/zombie.py", "zombie_orphan/orphan.py", systems=("Windows",))
def windows_has_no_zombies_and_no_adoption(result):
    assert len(result.text) == 1 and result.text[0].startswith("Windows ")


@claim("zombie_orphan/orphan.py", systems=POSIX)
def orphan_reports_after_its_parent_died(result):
    assert index(result, "dies without") < index(result, "os.getppid() is now")
    assert (number_after(result, "parent:")
            == number_after(result, "主进程"))


@claim("zombie_orphan/orphan.py", methods=("fork", "spawn"), systems=POSIX)
def orphan_is_adopted_by_another_process(result):
    parent = number_after(result, "主进程")
    assert number_after(result, "os.getppid():") == parent
    assert number_after(result, "os.getppid() is now:") != parent


@claim("zombie_orphan/orphan.py", methods=("spawn", "forkserver"), systems=POSIX)
def abrupt_exit_leaves_semaphores_to_the_resource_tracker(result):
    warning = index(result, "resource_tracker: There appear to be")
    assert "leaked semaphore objects" in result.text[warning]
    assert warning > index(result, "os.getppid() is now")


@claim("zombie_orphan/orphan.py", methods=("forkserver",), systems=POSIX)
def forkserver_orphan_keeps_the_fork_server_as_parent(result):
    parent = number_after(result, "主进程")
    first = number_after(result, "os.getppid():")
    assert first != parent
    assert number_after(result, "os.getppid() is now:") == first


# -- daemons -----------------------------------------------------------------

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


# -- the mutex ---------------------------------------------------------------

@claim("mutex/buy_tickets.py --no-lock")
def without_lock_more_buyers_succeed_than_there_are_tickets(result):
    assert "余票 1, 5 个用户, lock: off" in result.text
    assert sum("抢票成功" in text for text in result.text) > 1


@claim("mutex/buy_tickets.py")
def with_lock_exactly_one_buyer_succeeds(result):
    assert "余票 1, 5 个用户, lock: on" in result.text
    assert sum("抢票成功" in text for text in result.text) == 1
    assert sum("抢票失败" in text for text in result.text) == 4


@claim("mutex/buy_tickets.py")
def with_lock_buyers_take_turns(result):
    # Five delays of 0.5 s, one after another: the last buyer's answer comes
    # 2.5 s after the start at the earliest.
    assert seconds_after(result, "总耗时:") >= 5 * 0.5
    assert max(when for when, text in result.lines if "抢票" in text) >= 2.5


def critical_sections(result) -> list[tuple[str, str]]:
    """(event, worker) for each enters/leaves line, in order."""
    found = []
    for text in result.text:
        match = re.fullmatch(r"(worker \d) (enters|leaves) the critical section", text)
        if match:
            found.append((match.group(2), match.group(1)))
    return found


def assert_one_at_a_time(result):
    sections = critical_sections(result)
    assert len(sections) == 6
    for position in range(0, 6, 2):
        (enters, first), (leaves, second) = sections[position:position + 2]
        assert (enters, leaves) == ("enters", "leaves") and first == second
    # Three one-second sections, one after another.
    assert seconds_after(result, "total:") >= 3.0


@claim("mutex/module_level_lock.py", methods=("fork",))
def fork_children_share_the_module_level_lock(result):
    assert_one_at_a_time(result)


@claim("mutex/module_level_lock.py", methods=("spawn", "forkserver"))
def spawned_children_each_make_their_own_lock(result):
    sections = critical_sections(result)
    assert len(sections) == 6
    assert [event for event, _ in sections[:3]] == ["enters"] * 3


@claim("mutex/module_level_lock.py --pass-lock")
def a_passed_lock_excludes_under_every_method(result):
    assert_one_at_a_time(result)


# -- start methods -----------------------------------------------------------

@claim("start_methods/which_start_method.py")
def reports_the_start_method_in_use(result):
    assert f"start method: {result.start_method}" in result.text
    assert result.start_method in result.text[2].split(": ")[1].split(", ")
    assert result.text[-1] == f"子进程 start method: {result.start_method}"


@claim("start_methods/global_before_start.py", methods=("fork",))
def fork_child_sees_the_changed_global(result):
    assert "子进程 sees: changed in the __main__ block" in result.text


@claim("start_methods/global_before_start.py", methods=("spawn", "forkserver"))
def spawned_child_sees_the_global_as_imported(result):
    assert "子进程 sees: set when the module is imported" in result.text


@claim("start_methods/parent_of_child.py")
def parent_process_names_the_main_process(result):
    assert (number_after(result, "子进程 parent_process().pid:")
            == number_after(result, "主进程 os.getpid():"))


@claim("start_methods/parent_of_child.py", methods=("fork", "spawn"))
def getppid_names_the_main_process(result):
    assert (number_after(result, "子进程 os.getppid():")
            == number_after(result, "主进程 os.getpid():"))


@claim("start_methods/parent_of_child.py", methods=("forkserver",))
def forkserver_getppid_names_the_fork_server(result):
    assert (number_after(result, "子进程 os.getppid():")
            != number_after(result, "主进程 os.getpid():"))


# -- queues and pipes --------------------------------------------------------

@claim("queues/queue_results.py")
def every_result_comes_back_through_the_queue(result):
    got = re.findall(r"主进程 got (\d) \* \d = (\d+)", "\n".join(result.text))
    assert sorted((int(n), int(s)) for n, s in got) == [(3, 9), (4, 16), (5, 25)]
    # Each result can only arrive after its child's work (seconds per number).
    for number, seconds in {3: 1.5, 4: 0.5, 5: 1.0}.items():
        assert result.time_of(f"got {number} *") >= seconds
    assert result.text[-1] == "all children have ended"


@claim("queues/pipe_conversation.py")
def pipe_carries_the_question_and_the_answer(result):
    child = number_after(result, "子进程")
    assert (index(result, "主进程") < index(result, "received: hello")
            < index(result, "主进程 received:"))
    assert result.text[-1] == f"主进程 received: HELLO, from process {child}"
    assert child != number_after(result, "主进程")


@claim("queues/producer_consumer.py")
def every_item_is_produced_then_consumed_once(result):
    for number in range(1, 7):
        assert result.text.count(f"produced item {number}") == 1
        consumed = [i for i, text in enumerate(result.text)
                    if text.endswith(f"consumed item {number}")]
        assert len(consumed) == 1
        assert index(result, f"produced item {number}") < consumed[0]


@claim("queues/producer_consumer.py")
def queue_join_returns_after_the_last_task_done(result):
    assert result.text[-1] == "主进程: every item is handled"
    assert len(result.text) == 13


# -- pools -------------------------------------------------------------------

@claim("pool/pool_map.py")
def pool_map_returns_results_in_order_from_two_workers(result):
    assert "map results: [1, 4, 9, 16, 25, 36, 49, 64]" in result.text
    assert "apply_async(square, (10,)).get(): 100" in result.text
    assert number_after(result, "for the 8 tasks:") in (1, 2)
    assert "the main process among them: False" in result.text


def primes_below(limit: int) -> int:
    sieve = bytearray([1]) * limit
    sieve[:2] = b"\0\0"
    for n in range(2, int(limit ** 0.5) + 1):
        if sieve[n]:
            sieve[n * n::n] = bytearray(len(sieve[n * n::n]))
    return sum(sieve)


@claim("pool/cpu_speedup.py")
def pool_counts_the_same_primes_as_the_serial_loop(result):
    found = {}
    for label in ("serial:", "processes:"):
        line = next(text for text in result.text if text.startswith(label))
        limit, count = re.search(r"primes below (\d+): (\d+)$", line).groups()
        found[label] = (int(limit), int(count))
    assert found["serial:"] == found["processes:"]  # the same work, the same answer
    limit, count = found["serial:"]
    assert count == primes_below(limit)  # and the right one


@claim("pool/cpu_speedup.py")
def processes_are_faster_only_with_more_than_one_core(result):
    cores = number_after(result, "cores this process may use:")
    busy = seconds_after(result, "cores computing at once in the pool:")
    speedup = seconds_after(result, "speed-up:")
    # The workers cannot compute on more cores than the process may use
    # (0.1: the clocks' granularity over a fraction of a second).
    assert busy <= cores + 0.1
    if cores == 1:
        assert speedup < 1.5  # one core: nothing runs at the same instant
    # The same work takes about the same processor time in a worker as in
    # the loop, so the speed-up follows the cores the pool really got,
    # which other programs may take: certain only when it got 1.4 or more.
    if busy >= 1.4:
        assert speedup >= 1.1


# -- pitfalls ----------------------------------------------------------------

@claim("pitfalls/no_main_guard.py")
def child_fails_in_its_bootstrapping_phase(result):
    assert any("RuntimeError" in text for text in result.text)
    assert any("bootstrapping phase" in text for text in result.text)
    assert result.text[-1] == "主进程: the child exited with code 1"
    assert result.returncode == 0  # the parent does not notice


@claim("pitfalls/unpicklable_target.py")
def lambda_target_cannot_be_pickled(result):
    assert result.text[0] == "主进程: starting a child whose target is a lambda"
    assert result.returncode == 1
    assert "pickle" in result.text[-1].lower()
    assert "never printed" not in result.text


def arrivals(result, section: str) -> dict[str, float]:
    """'arrived at T s: LINE' lines of one section, as {LINE: T}."""
    start = index(result, section) + 1
    found = {}
    for text in result.text[start:]:
        match = re.fullmatch(r"  arrived at ([\d.]+) s: (.*)", text)
        if not match:
            break
        found[match.group(2)] = float(match.group(1))
    return found


@claim("pitfalls/pipe_buffering.py")
def pipe_holds_each_childs_lines_until_it_exits(result):
    seen = arrivals(result, "print() into a pipe:")
    assert seen["qq is running"] >= 1.0 and seen["jd is running"] >= 2.0


@claim("pitfalls/pipe_buffering.py")
def flushed_lines_arrive_when_printed(result):
    seen = arrivals(result, "print(..., flush=True) into a pipe:")
    assert seen["qq is running"] < seen["qq is over"]
    assert seen["jd is running"] < seen["jd is over"] - 1.0


# -- exercises ---------------------------------------------------------------

@claim("exercises/run_instead_of_start.py")
def run_executes_the_target_in_the_main_process(result):
    child = number_after(result, "running in process")
    assert child == number_after(result, "主进程")
    assert result.text[-1].startswith("主进程")  # run() returned first
    assert result.time_of("meta is over") >= 1.0


@claim("exercises/no_server.py")
def client_names_the_missing_server(result):
    port = number_after(result, "--port")
    assert result.text[1:] == [
        f"no server is listening on 127.0.0.1:{port}; start server.py first",
        "exit code: 1"]


@claim("exercises/join_in_pairs.py")
def joining_in_pairs_takes_the_longest_sleep_of_each_pair(result):
    assert result.text[:4] == [f"the subprocess: {name} is over" for name in
                               ("qq", "tmall", "jd", "pxx")]
    assert 6.0 <= seconds_after(result, "总耗时:") < 30.0  # 30: a hang


@claim("exercises/isolated_list.py")
def each_process_appends_to_its_own_list(result):
    assert result.text == ["子进程 visitors: ['child']",
                           "主进程 visitors: ['main']"]


@claim("exercises/exception_exitcode.py")
def an_uncaught_exception_gives_exitcode_one(result):
    assert "ValueError: something went wrong in the child" in result.text
    assert index(result, "Traceback") < index(result, "ValueError:")
    assert result.text[-1] == "主进程 is still running; exitcode: 1"
    assert result.returncode == 0


@claim("exercises/parent_of_main.py")
def the_main_process_has_no_parent_process(result):
    assert result.text == ["主进程: name=MainProcess parent=None",
                           "子进程: name=helper parent=MainProcess"]


@claim("exercises/is_alive_reaps.py", methods=("fork", "spawn"), systems=POSIX)
def is_alive_reaps_the_zombie(result):
    assert result.text[0] == "子进程 exits at once"
    assert result.text[1].startswith("before is_alive(): Z")
    assert result.text[2:4] == ["is_alive(): False",
                                "after is_alive(): no such process"]


@claim("exercises/is_alive_reaps.py", methods=("forkserver",), systems=POSIX)
def forkserver_child_was_reaped_already(result):
    assert result.text[1:4] == ["before is_alive(): no such process",
                                "is_alive(): False",
                                "after is_alive(): no such process"]


@claim("exercises/is_alive_reaps.py", systems=("Windows",))
def windows_has_no_zombie_to_reap(result):
    assert result.text == ["Windows keeps no zombies: there is nothing to reap."]


@claim("exercises/daemon_and_worker.py")
def the_daemon_is_terminated_the_worker_is_waited_for(result):
    assert result.text[0] == "主进程 code ends"
    assert not any(text.startswith("daemon") for text in result.text)
    assert "worker is over after 3 s" in result.text
    assert result.time_of("worker is over") >= 3.0


@claim("exercises/lock_twice.py")
def a_lock_blocks_its_own_holder_an_rlock_does_not(result):
    assert result.text[0].startswith("Lock: second acquire() -> False after")
    assert seconds_after(result, "False after") >= 1.0
    assert result.text[1].startswith("RLock: second acquire() -> True after")


@claim("exercises/queue_get_timeout.py")
def queue_keeps_one_producers_order_and_times_out_when_empty(result):
    assert result.text[0] == "got [1, 2, 3]"
    assert result.text[1].startswith("a fourth get(timeout=0.5) raised queue.Empty")
    assert seconds_after(result, "queue.Empty after") >= 0.5


@claim("exercises/pool_map_error.py")
def a_failing_task_raises_in_the_main_process(result):
    assert result.text == [
        "map([1, 2, 4]): [1.0, 0.5, 0.25]",
        "map([1, 0, 4]) raised in the main process: ZeroDivisionError - "
        "division by zero"]


@claim("exercises/spawn_context.py")
def a_spawn_context_child_sees_the_imported_value(result):
    assert f"default start method: {result.start_method}" in result.text
    assert result.text[-1] == "子进程 sees: set when the module is imported"


@claim("exercises/line_buffered_pipe.py")
def a_line_buffered_pipe_passes_each_line_on_at_once(result):
    first = seconds_after(result, "arrived at")
    second = float(re.search(r"arrived at ([\d.]+) s: second line",
                             result.text[1]).group(1))
    assert result.text[0].endswith("first line")
    assert second >= 1.5 and first < second - 0.5

# -- timelines: what the runner saw of the processes ---------------------------
#
# result.processes is the record of docs/_ext/recorder.py (see its docstring):
# each moment is a look at the process table, so a claim relies only on what
# a look saw. A process certainly ran from "appeared" to "running_until" and
# certainly was a zombie from "exited" to "zombie_until" (when it was seen as
# one); a process that lived less than one look apart may be missing.

def lanes(result, role: str) -> list[dict]:
    """The recorded processes of one role, in the order they appeared."""
    return sorted((p for p in result.processes if p["role"] == role),
                  key=lambda p: p["appeared"])


def main_of(result) -> dict:
    (main,) = lanes(result, "main")
    assert main["pid"] == result.pid
    return main


def parent_at(process: dict, when: float) -> int:
    """The PID of ``process``'s parent as last seen at or before ``when``."""
    return [ppid for seen, ppid, _ in process["parents"] if seen <= when][-1]


@claim("join/join_parallel.py")
def four_sleepers_are_alive_at_the_same_time(result):
    children = lanes(result, "child")
    assert len(children) == 4
    assert all(c["running_until"] is not None for c in children)
    # Every child existed by the time the first to end was last seen running.
    assert (max(c["appeared"] for c in children)
            <= min(c["running_until"] for c in children))


@claim("join/join_serial.py")
def serial_sleepers_are_never_alive_at_the_same_time(result):
    children = lanes(result, "child")
    assert len(children) == 4
    for before, after in zip(children, children[1:]):
        # Last seen running (if it was seen running at all) before the next
        # one was first seen.
        assert (before["running_until"] or before["appeared"]) < after["appeared"]


@claim("zombie_orphan/zombie.py", methods=("fork", "spawn"), systems=POSIX)
def child_is_a_zombie_for_a_second_before_it_is_reaped(result):
    main, (child,) = main_of(result), lanes(result, "child")
    assert parent_at(child, child["exited"]) == main["pid"]
    assert child["zombie_until"] is not None and child["reaped"] is not None
    assert child["zombie_until"] - child["exited"] >= 1.0


@claim("zombie_orphan/zombie.py", methods=("forkserver",), systems=POSIX)
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


@claim("zombie_orphan/orphan.py", methods=("fork", "spawn"), systems=POSIX)
def orphan_gets_a_new_parent_after_its_parent_exits(result):
    main, (child,) = main_of(result), lanes(result, "child")
    assert child["parents"][0][1] == main["pid"]
    assert len(child["parents"]) >= 2
    adopted, adopter, _ = child["parents"][1]
    assert adopter != main["pid"]
    assert adopted >= main["running_until"]  # never while main was seen running


@claim("zombie_orphan/orphan.py", methods=("forkserver",), systems=POSIX)
def forkserver_orphan_keeps_its_parent_while_it_runs(result):
    main, (child,), (server,) = (main_of(result), lanes(result, "child"),
                                 lanes(result, "fork_server"))
    assert child["parents"][0][1] == server["pid"]
    assert child["running_until"] >= main["exited"]  # it outlived main
    assert all(ppid == server["pid"] for when, ppid, _ in child["parents"]
               if when <= child["running_until"])


@claim("daemon/daemon_process.py")
def daemon_child_ends_no_later_than_the_main_process(result):
    main = main_of(result)
    assert main["exited"] is not None  # the recording ends after main does
    # The daemon may live too briefly to be seen; if it was, it ended first.
    for child in lanes(result, "child"):
        assert child["exited"] is not None and child["exited"] <= main["exited"]


@claim("daemon/daemon_killed.py")
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


@claim("inspecting/list_processes.py", methods=("fork",), systems=POSIX)
def fork_starts_no_helper_process(result):
    main, (child,) = main_of(result), lanes(result, "child")
    assert child["parents"][0][1] == main["pid"]
    assert not lanes(result, "resource_tracker") and not lanes(result, "fork_server")


@claim("inspecting/list_processes.py", methods=("spawn",), systems=POSIX)
def spawn_starts_a_resource_tracker(result):
    main, (child,) = main_of(result), lanes(result, "child")
    (tracker,) = lanes(result, "resource_tracker")
    assert child["parents"][0][1] == tracker["parents"][0][1] == main["pid"]
    assert not lanes(result, "fork_server")


@claim("inspecting/list_processes.py", methods=("forkserver",), systems=POSIX)
def forkserver_starts_a_resource_tracker_and_a_fork_server(result):
    main, (child,) = main_of(result), lanes(result, "child")
    (tracker,), (server,) = lanes(result, "resource_tracker"), lanes(result, "fork_server")
    assert tracker["parents"][0][1] == server["parents"][0][1] == main["pid"]
    assert child["parents"][0][1] == server["pid"]


# == issue 20b: claims for guidelines.md =======================================

@claim("guidelines/terminate_holding_lock.py")
def a_terminated_holder_never_releases_its_lock(result):
    line = next(text for text in result.text if text.startswith("after terminate():"))
    assert re.fullmatch(r"after terminate\(\): exitcode -15, "
                        r"lock\.acquire\(timeout=2\) -> False after [\d.]+ s", line)
    assert seconds_after(result, "-> False after") >= 2.0
    # The terminated worker never reached its own last line.
    assert index(result, "worker: asked to stop") > index(result, "after terminate():")


@claim("guidelines/terminate_holding_lock.py")
def a_worker_asked_to_stop_releases_its_lock(result):
    assert result.text[-1].startswith(
        "after stop.set(): exitcode 0, lock.acquire(timeout=2) -> True after")
    assert seconds_after(result, "-> True after") < 1.0  # at once: it was free
    assert result.text.count("worker: asked to stop, it has left its with block") == 1
    assert index(result, "worker: asked to stop") < len(result.text) - 1


@claim("guidelines/lock_to_pool_worker.py")
def a_lock_goes_to_pool_workers_through_initargs_not_with_a_task(result):
    assert result.text[0] == ("lock sent with a task: RuntimeError: Lock objects "
                              "should only be shared between processes through "
                              "inheritance")
    assert sorted(result.text[1:4]) == [f"task {n} holds the lock" for n in (1, 2, 3)]
    assert result.text[4:] == ["lock given through initargs: every task used it"]


@claim("guidelines/child_stdin.py")
def input_in_a_child_raises_eoferror(result):
    assert "子进程 input() raised EOFError: there is nothing to read" in result.text
    assert not any(text.startswith("子进程 read:") for text in result.text)
    assert result.text[-1] == "子进程 got its input as an argument: hello, alice"


@claim("guidelines/child_stdin.py", systems=POSIX)
def a_childs_stdin_is_no_longer_file_descriptor_0(result):
    assert number_after(result, "主进程 sys.stdin.fileno():") == 0
    assert number_after(result, "子进程 sys.stdin.fileno():") != 0


@claim("guidelines/join_before_get.py")
def a_child_with_unread_queue_data_does_not_end(result):
    assert result.text[0] == "子进程: put() has returned, the function ends"
    assert result.text[1] == "join(timeout=2) first: is_alive()=True exitcode=None"
    assert result.time_of("join(timeout=2) first") >= 2.0
    assert result.text[2].startswith(
        "get() then join(): 10,000,000 characters, exitcode=0, join() took")
    assert seconds_after(result, "join() took") < 2.0  # 2: far from a hang


def log_records(result) -> list[tuple[str, str]]:
    """(process name, message) of each [LEVEL/name] line log_to_stderr() wrote."""
    return [match.groups() for text in result.text
            if (match := re.fullmatch(r"\[INFO/([\w-]+)\] (.*)", text))]


@claim("guidelines/log_to_stderr.py")
def the_log_shows_the_child_start_run_and_exit(result):
    child = [message for name, message in log_records(result) if name == "Process-1"]
    # The last two come in either order: 3.13 logs the exit code first.
    assert child[0] == "child process calling self.run()"
    assert sorted(child[1:]) == ["process exiting with exitcode 0",
                                 "process shutting down"]
    hello = index(result, "子进程: hello")
    assert index(result, "child process calling self.run()") < hello
    assert hello < index(result, "process exiting with exitcode 0")
    assert hello < index(result, "] process shutting down")
    main = [message for name, message in log_records(result) if name == "MainProcess"]
    assert main[-2:] == ["the main process has joined the child", "process shutting down"]


@claim("guidelines/log_to_stderr.py", methods=("forkserver",))
def forkserver_logs_its_temporary_folder_first(result):
    # Before the child's first record, the main process can only have
    # logged setting up the fork server: the folder for its socket.
    records = log_records(result)
    first_child = records.index(("Process-1", "child process calling self.run()"))
    assert all(name == "MainProcess" and message.startswith("created temp directory ")
               for name, message in records[:first_child])


def shipped(result, name: str) -> tuple[int, int, float]:
    """(sum, bytes pickled, least CPU seconds) from a line of shipping_data.py."""
    line = next(text for text in result.text if text.startswith(name + ":"))
    total, size, seconds = re.fullmatch(
        name + r": sum (\d+), ([\d,]+) bytes pickled, "
        r"CPU time of the main process: ([\d.]+) s", line).groups()
    return int(total), int(size.replace(",", "")), float(seconds)


@claim("guidelines/shipping_data.py")
def shipping_lists_sends_megabytes_for_the_same_sum(result):
    lists, ranges = shipped(result, "lists"), shipped(result, "ranges")
    assert lists[0] == ranges[0] == sum(range(8 * 250_000))
    assert 9_000_000 < lists[1] < 10_000_000 and ranges[1] < 1_000  # almost 10 MB


@claim("guidelines/shipping_data.py")
def shipping_lists_costs_the_main_process_more_cpu_time(result):
    # Processor time, not wall time: a busy machine slows both ways alike in
    # wall time (one run in a hundred swapped them at a load of 27 on two
    # cores), but pickling ten megabytes is work the main process itself does.
    assert shipped(result, "lists")[2] > 3 * shipped(result, "ranges")[2]


@claim("guidelines/queue_to_pool.py")
def a_queue_goes_into_a_pool_task_only_as_a_manager_proxy(result):
    assert result.text == [
        "multiprocessing.Queue: RuntimeError: Queue objects should only be "
        "shared between processes through inheritance",
        "Manager().Queue(): 9"]


# == issue 20b: claims for synchronization.md ==================================

@claim("synchronization/event.py")
def workers_go_only_after_the_event_is_set(result):
    sets = index(result, "主进程 sets the event")
    for n in (1, 2, 3):
        waits = index(result, f"worker {n} waits; go.is_set() = ")
        goes = index(result, f"worker {n} goes")
        assert goes > sets and goes > waits
        # A worker that found the event set already started after it was set.
        if result.text[waits].endswith("True"):
            assert waits > sets
    assert result.time_of("主进程 sets the event") >= 1.5
    assert result.text[-2:] == ["go.wait(timeout=0.5) once set: True",
                                "go.wait(timeout=0.5) after clear(): False"]


@claim("synchronization/semaphore.py")
def at_most_two_workers_hold_the_semaphore(result):
    inside, seen = 0, 0
    for text in result.text:
        if re.fullmatch(r"download \d starts", text):
            inside, seen = inside + 1, seen + 1
        elif re.fullmatch(r"download \d ends", text):
            inside -= 1
        assert 0 <= inside <= 2
    assert seen == 5 and inside == 0
    # Five sections of 0.5 s, at most two at a time: three rounds at least.
    assert max(when for when, text in result.lines if text.endswith(" ends")) >= 1.5
    assert seconds_after(result, "took") >= 1.5


@claim("synchronization/condition.py")
def each_waiter_wakes_once_its_level_is_reached(result):
    raised = 0
    woke = {}
    for text in result.text:
        if text.startswith("主进程 raises the level to "):
            raised += 1
            assert text == f"主进程 raises the level to {raised}"
        elif match := re.fullmatch(r"waiter for (\d) wakes: level is (\d)", text):
            target, level = map(int, match.groups())
            # Both print while holding the condition's lock: the level a
            # waiter sees is exactly the number of raises printed before it.
            assert level == raised and level >= target
            woke[target] = level
    assert raised == 5 and set(woke) == {2, 4}


COUNTED = re.compile(r"(without a lock|with get_lock\(\)): (\d+) \(expected (\d+)\)")


def counted(result) -> dict[str, tuple[int, int]]:
    return {how: (int(total), int(expected)) for text in result.text
            if (match := COUNTED.fullmatch(text))
            for how, total, expected in [match.groups()]}


@claim("synchronization/shared_counter.py")
def an_unguarded_counter_never_gains_a_guarded_one_is_exact(result):
    totals = counted(result)
    unguarded, expected = totals["without a lock"]
    assert expected == 4 * 20_000
    assert 0 < unguarded <= expected
    assert totals["with get_lock()"] == (expected, expected)


@claim("synchronization/shared_counter.py")
def an_unguarded_counter_loses_updates(result):
    # Four processes, 20 000 read-then-write steps each, started together by
    # a Barrier: some writes overwrite others' in practically every run
    # (each one of hundreds of runs under every start method lost
    # thousands of updates).
    unguarded, expected = counted(result)["without a lock"]
    assert unguarded < expected


@claim("synchronization/manager_dict.py")
def workers_fill_one_manager_dict(result):
    assert result.text == [
        "主进程 holds a DictProxy for the dict",
        "words per text: {'note': 3, 'poem': 4, 'song': 5}"]


@claim("synchronization/manager_nested_list.py")
def a_nested_list_changes_only_when_stored_again(result):
    assert result.text == ["after append_in_place(): []",
                           "after append_and_store(): ['stored']"]


# == issue 20b: claims for queues.md ===========================================

@claim("queues/sentinel.py")
def consumers_stop_at_their_sentinel_after_all_items(result):
    for number in range(1, 7):
        assert sum(text.endswith(f"consumed item {number}")
                   for text in result.text) == 1
    for name in ("consumer A", "consumer B"):
        stops = index(result, f"{name} got the sentinel and stops")
        # Its last line: nothing of its own comes after the sentinel.
        assert not any(text.startswith(name) for text in result.text[stops + 1:])
    assert result.text[-1] == "主进程: exit codes [0, 0]"
    assert len(result.text) == 6 + 2 + 1


# == issue 20b: claims for pool.md =============================================

def yielded(result, name: str) -> list[tuple[int, float]]:
    """(number, seconds) of each line one method of imap_unordered.py printed."""
    found = []
    for text in result.text:
        match = re.fullmatch(name + r": (\d) \* \1 = (\d+) after ([\d.]+) s", text)
        if match:
            assert int(match.group(2)) == int(match.group(1)) ** 2
            found.append((int(match.group(1)), float(match.group(3))))
    return found


@claim("pool/imap_unordered.py")
def imap_waits_for_the_slow_first_result(result):
    imap = yielded(result, "imap")
    assert [number for number, _ in imap] == [1, 2, 3, 4]
    assert all(seconds >= 3.0 for _, seconds in imap)  # all behind number 1


@claim("pool/imap_unordered.py")
def imap_unordered_yields_the_quick_results_first(result):
    unordered = yielded(result, "imap_unordered")
    assert sorted(number for number, _ in unordered) == [1, 2, 3, 4]
    # Number 1 sleeps 3 s in one worker while the other, already started
    # by the imap round, does 2, 3 and 4 in 1.2 s: 1 comes last.
    assert unordered[-1][0] == 1 and unordered[-1][1] >= 3.0
    assert unordered[0][1] < 3.0


@claim("pool/worker_life.py")
def every_worker_is_initialized_and_retired_after_two_tasks(result):
    started = [int(m.group(1)) for text in result.text
               if (m := re.fullmatch(r"worker (\d+) starts: ready", text))]
    ran = {int(m.group(1)): int(m.group(2)) for text in result.text
           if (m := re.fullmatch(r"worker (\d+) ran (\d) of the 8 tasks", text))}
    assert sum(ran.values()) == 8 and max(ran.values()) <= 2
    assert len(ran) >= 4  # 8 tasks, at most 2 per worker
    # Each worker that ran a task ran the initializer first, once.
    assert len(started) == len(set(started)) and set(ran) <= set(started)


@claim("pool/as_completed.py")
def as_completed_hands_over_futures_as_they_finish(result):
    assert result.text[0] == "submitted 3 tasks"
    lines = {int(m.group(1)): float(m.group(2)) for text in result.text
             if (m := re.fullmatch(r"(\d) \* \1 = \d+ after ([\d.]+) s", text))}
    assert set(lines) == {1, 2, 3}
    assert lines[1] >= 3.0 and lines[2] >= 0.5 and lines[3] >= 1.0
    # 1 works 3 s in its own worker; 2 and 3 are done well before it.
    assert result.text[-1].startswith("1 * 1 = 1 after")
