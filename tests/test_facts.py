"""Facts the pages state in prose that no example's output shows, held
against the CPython that runs the tests.

Each fact runs in a fresh interpreter of its own, so that the test process's
threads (pytest's, xdist's) add nothing to what is measured.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

# The main process's processor time while the thread that reads the pool's
# results is held up for a second (it sleeps in a callback, so it holds no
# GIL) and a second result waits unread in the pipe.
HELD_UP_RESULTS = textwrap.dedent("""
    import sys, time
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    spent = []

    def hold_up_the_result_thread(_):
        start = time.process_time()
        time.sleep(1)
        spent.append(time.process_time() - start)

    if __name__ == "__main__":
        context = get_context("spawn")
        if sys.argv[1] == "Pool":
            with context.Pool(1) as pool:
                pool.apply(abs, (0,))  # the worker is up
                pool.apply_async(abs, (1,), callback=hold_up_the_result_thread)
                assert pool.apply_async(abs, (2,)).get(timeout=60) == 2
        else:
            with ProcessPoolExecutor(1, mp_context=context) as pool:
                pool.submit(abs, 0).result()
                pool.submit(abs, 1).add_done_callback(hold_up_the_result_thread)
                assert pool.submit(abs, 2).result(timeout=60) == 2
        print(spent[0])
""")


def cpu_seconds_while_a_result_waits(pool: str) -> float:
    done = subprocess.run([sys.executable, "-c", HELD_UP_RESULTS, pool],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return float(done.stdout)


@pytest.mark.parametrize("pool, busy", [("Pool", True), ("ProcessPoolExecutor", False)])
def test_only_a_pool_spends_processor_time_while_a_result_waits_unread(pool, busy):
    # guidelines.md, why shipping_data.py measures with a ProcessPoolExecutor:
    # a Pool's worker-handler thread waits on the results pipe too, so it
    # wakes again and again while a result waits there (it spins a core on
    # an idle machine); the executor's one thread reads the results itself.
    # Bounds far from both: idle, the Pool spends 1.0 CPU-s of the second and
    # the executor 0.000; in a soak's loaded suite (two busy processes beside
    # the test workers) the spinning thread still got 0.18 CPU-s.
    seconds = cpu_seconds_while_a_result_waits(pool)
    if busy:
        assert seconds > 0.05, f"{pool}: {seconds:.3f} CPU-s in a second's wait"
    else:
        assert seconds < 0.01, f"{pool}: {seconds:.3f} CPU-s in a second's wait"
