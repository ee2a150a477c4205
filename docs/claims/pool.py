"""What docs/pool.md claims about the output of examples/pool/ (see engine/claims.py)."""
import re

from engine.claims import claim, number_after, seconds_after, exercise, lanes
from engine.render.words import _


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
    line = next(text for text in result.text if text.startswith("cores computing at once:"))
    loop, pool = (float(n) for n in re.search(r"loop ([\d.]+), pool ([\d.]+)$", line).groups())
    speedup = seconds_after(result, "speed-up:")
    # Processor time over time on the clock (0.1: the clocks' granularity
    # over a fraction of a second): the loop is one process, and the pool
    # cannot compute on more cores than the process may use.
    assert loop <= 1.1 and pool <= cores + 0.1
    # The same work takes about the same processor time in the loop as in
    # the workers, so the speed-up is the pool's figure over the loop's
    # (speed-up x loop / pool is the loop's processor time over the
    # workers'), where both are large enough for two decimals to measure.
    if min(loop, pool) >= 0.1:
        assert 0.6 <= speedup * loop / pool <= 1.6
    if pool >= 1.4:  # the loop gets at most one core
        assert speedup >= 1.1
    if cores == 1 and speedup >= 1.5:  # it only seems faster: the loop got less
        assert loop < pool


# -- exercises --------------------------------------------------------------

@claim("pool/pool_map_error.py")
def a_failing_task_raises_in_the_main_process(result):
    assert result.text == [
        "map([1, 2, 4]): [1.0, 0.5, 0.25]",
        "map([1, 0, 4]) raised in the main process: ZeroDivisionError - "
        "division by zero"]


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


# -- write it: a pool of three ------------------------------------------------

STARTER, SOLUTION = "pool/pool_squares.py", "pool/pool_squares_solution.py"
SQUARES = "squares: [1, 4, 9, 16, 25, 36]"
exercise("pool", starter=STARTER, solution=SOLUTION, timeout=30, task=lambda: _(
    "Compute the six squares in a Pool of three worker processes."))


def workers(result) -> list[int]:
    """The PID that squared each number, in the order of the lines."""
    return [int(re.search(r"squared in process (\d+)", text).group(1))
            for text in result.text if "squared in process" in text]


@claim(STARTER)
def every_square_is_computed_in_the_main_process(result):
    main = number_after(result, "主进程")
    assert workers(result) == [main] * 6
    assert result.text[-1] == SQUARES


@claim(SOLUTION)
def the_squares_come_back_in_order(result):
    assert result.text[-1] == SQUARES, _(
        "the last line is {line!r}, expected {squares!r}: map() returns the "
        "results in the order of the numbers").format(
            line=result.text[-1], squares=SQUARES)


@claim(SOLUTION)
def the_squares_are_computed_by_worker_processes(result):
    main = number_after(result, "主进程")
    done_by = workers(result)
    assert len(done_by) == 6, _(
        "expected six lines saying which process squared a number, but there "
        "are {count}").format(count=len(done_by))
    assert main not in done_by, _(
        "the main process (PID {pid}) squared a number itself: let the pool's "
        "workers do it").format(pid=main)


@claim(SOLUTION, record=True)
def the_pool_has_several_worker_processes(result):
    # Which worker takes which number is up to them (one slow to start may
    # take none), so the record, not the output, says how many there were.
    workers_seen = lanes(result, "child")
    assert len(workers_seen) >= 2, _(
        "{count} worker process ran, expected a pool of three: Pool(3)").format(
            count=len(workers_seen))
