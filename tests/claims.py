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

import platform
import re
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
    """Apply every claim about ``run`` to ``result``; describe each failure."""
    failures = []
    for function in claims_for(run, result.start_method, result.system):
        try:
            function(result)
        except Exception as error:  # an AssertionError or a parse failure
            where = traceback.extract_tb(error.__traceback__)[-1]
            failures.append(f"claim {function.__name__} ({run}, "
                            f"{result.start_method}) failed at tests/claims.py:"
                            f"{where.lineno}: {error!r}")
    return failures


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
    assert 3.0 <= result.time_of("the subprocess meta is over") < 10


@claim("creating/process_function.py")
def main_prints_before_the_child_is_over(result):
    assert index(result, "主进程") < index(result, "the subprocess meta is over")


@claim("creating/process_subclass.py")
def subclass_child_is_over_after_its_three_second_sleep(result):
    assert index(result, "mi_chat is running") < index(result, "mi_chat is over")
    assert 3.0 <= result.time_of("the subprocess mi_chat is over") < 10


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
    # The lower bound is exact; the upper one leaves room for slow start-ups
    # on a loaded machine and still tells it apart from the serial sum, 10.
    assert 4.0 <= seconds_after(result, "总耗时:") < 8.0


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
    assert result.text == [
        "Under forkserver the fork server is the parent and reaps the child "
        "at once: this process never holds a zombie."]


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
