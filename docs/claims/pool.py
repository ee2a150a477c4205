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


# -- exercises --------------------------------------------------------------

@claim("pool/pool_map_error.py")
def a_failing_task_raises_in_the_main_process(result):
    assert result.text == [
        "map([1, 2, 4]): [1.0, 0.5, 0.25]",
        "map([1, 0, 4]) raised in the main process: ZeroDivisionError - "
        "division by zero"]


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
