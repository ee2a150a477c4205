"""Count primes serially and in a pool of processes, and time both."""
import os
import time
from concurrent.futures import ProcessPoolExecutor

LIMIT = 100_000
CHUNKS = [(start, start + 12_500) for start in range(0, LIMIT, 12_500)]


def count_primes(bounds):
    """CPU-bound work in pure Python: no sleeping, no I/O."""
    start, stop = bounds
    return sum(all(n % d for d in range(2, int(n ** 0.5) + 1))
               for n in range(max(start, 2), stop))


def timed(run):
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


if __name__ == '__main__':
    workers = min(len(CHUNKS), os.cpu_count() or 1)
    print('os.cpu_count():', os.cpu_count(), '| worker processes:', workers)
    if hasattr(os, 'getloadavg'):  # not on Windows
        # How busy other programs kept the cores over the last minute.
        print(f'load average before the run: {os.getloadavg()[0]:.2f}')
    serial, parallel = [], []
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(count_primes, [(0, 10)] * workers))  # start the workers
        # Alternate the two, three rounds each, and keep the best of each:
        # other programs slow both down alike and least in the best round.
        for _ in range(3):
            seconds, counts = timed(lambda: [count_primes(c) for c in CHUNKS])
            serial.append(seconds)
            seconds, by_pool = timed(lambda: list(pool.map(count_primes, CHUNKS)))
            parallel.append(seconds)
    print(f'serial:    {min(serial):.2f} s, primes below {LIMIT}: {sum(counts)}')
    print(f'processes: {min(parallel):.2f} s, primes below {LIMIT}: {sum(by_pool)}')
    print(f'speed-up: {min(serial) / min(parallel):.2f}x')
