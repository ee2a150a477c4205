"""What docs/guidelines.md claims about the output of examples/guidelines/ (see engine/claims.py)."""
import re

from engine.claims import claim, exercise, POSIX, index, number_after, seconds_after
from engine.render.words import _


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
    # With a Pool the ranges cost up to 11 ms in loaded builds (1 in 40 failed):
    # its worker-handler thread spins while a result waits unread in the pipe
    # (tests/test_facts.py); the executor's thread reads the results itself.
    assert shipped(result, "lists")[2] > 3 * shipped(result, "ranges")[2]


@claim("guidelines/queue_to_pool.py")
def a_queue_goes_into_a_pool_task_only_as_a_manager_proxy(result):
    assert result.text == [
        "multiprocessing.Queue: RuntimeError: Queue objects should only be "
        "shared between processes through inheritance",
        "Manager().Queue(): 9"]


# -- fix it: read the results, then join ----------------------------------------

STARTER, SOLUTION = ("guidelines/collect_results.py",
                     "guidelines/collect_results_solution.py")
WORKERS = (1, 2, 3)
exercise("guidelines", starter=STARTER, solution=SOLUTION, timeout=40,
         task=lambda: _("Make the main process collect the three results so "
                        "that each worker has ended when it is joined."))


def exit_codes(result) -> dict[int, str]:
    """worker number -> the exit code it had after join(), as printed."""
    return {int(number): code for text in result.text if (match := re.fullmatch(
        r"worker (\d): exit code (\S+) after join\(\)", text))
        for number, code in [match.groups()]}


@claim(STARTER)
def workers_joined_before_their_results_are_read_do_not_end(result):
    assert exit_codes(result) == {n: "None" for n in WORKERS}
    # Each join() waited its full second; only then were the results read.
    assert seconds_after(result, "the joins took") >= 3 * 1.0
    assert index(result, "the joins took") < index(result, "result 1:")
    assert result.text[-3:] == [f"result {n}: 1,000,000 characters"
                                for n in WORKERS]


@claim(SOLUTION)
def every_result_arrives(result):
    for n in WORKERS:
        assert f"result {n}: 1,000,000 characters" in result.text, _(
            "no line says that the result of worker {n} arrived, with its "
            "1,000,000 characters: the main process must get() one result "
            "per worker").format(n=n)


@claim(SOLUTION)
def every_worker_has_ended_when_it_is_joined(result):
    codes = exit_codes(result)
    for n in WORKERS:
        assert n in codes, _(
            "no line says how worker {n} ended: keep the print of its exit "
            "code after join()").format(n=n)
        assert codes[n] != "None", _(
            "worker {n} was still running when join() returned (exit code "
            "None): a process does not end while something it put into a "
            "queue has not been taken out; get() every result before you "
            "join").format(n=n)
        assert codes[n] == "0", _(
            "worker {n} ended with exit code {code}, not 0").format(
                n=n, code=codes[n])


@claim(SOLUTION)
def the_joins_do_not_wait_for_a_timeout(result):
    # After the last get() the workers have nothing left to send and only
    # exit: a few hundredths of a second on a quiet machine, at most 0.67 s
    # in 90 runs at a load of 15 to 23 on two cores. The starter's joins
    # wait out three timeouts of a second.
    assert any(text.startswith("the joins took") for text in result.text), _(
        "no line says how long the joins took: keep the main process's "
        "print of it")
    took = seconds_after(result, "the joins took")
    assert took < 2.0, _(
        "the joins took {took:.2f} s: they waited for workers that could not "
        "end yet. Take the results out of the queue first; then join() "
        "returns as soon as each worker has exited").format(took=took)
