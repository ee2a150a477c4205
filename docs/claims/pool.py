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
