"""What docs/pool.md claims about the output of examples/pool/ (see engine/claims.py)."""
import re

from engine.claims import claim, number_after, seconds_after


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
