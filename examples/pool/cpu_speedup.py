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


def count_and_time(bounds):
    """count_primes() in a worker, with the processor time it took there."""
    began = time.process_time()
    return count_primes(bounds), time.process_time() - began


def usable_cores():
    """The cores this process may run on (3.13+ knows affinity by itself)."""
    if hasattr(os, 'process_cpu_count'):
        return os.process_cpu_count()
    if hasattr(os, 'sched_getaffinity'):  # Linux
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


if __name__ == '__main__':
    cores = usable_cores()
    workers = min(len(CHUNKS), cores)
    print('cores this process may use:', cores, '| worker processes:', workers)
    serial, parallel = [], []
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(count_primes, [(0, 10)] * workers))  # start the workers
        # Alternate the two, three rounds each, and keep the best of each:
        # other programs slow both down alike and least in the best round.
        for _ in range(3):
            began, cpu = time.perf_counter(), time.process_time()
            counts = [count_primes(chunk) for chunk in CHUNKS]
            seconds = time.perf_counter() - began
            # How much of a core the loop got: other programs take some.
            serial.append((seconds, (time.process_time() - cpu) / seconds))
            began = time.perf_counter()
            done = list(pool.map(count_and_time, CHUNKS))
            seconds = time.perf_counter() - began
            # Processor time of all workers / time on the clock: how many
            # cores were computing at once, on average.
            parallel.append((seconds, sum(cpu for _, cpu in done) / seconds))
    (loop, share), (seconds, busy) = min(serial), min(parallel)
    print(f'serial:    {loop:.2f} s, primes below {LIMIT}: {sum(counts)}')
    print(f'processes: {seconds:.2f} s, primes below {LIMIT}: '
          f'{sum(count for count, _ in done)}')
    print(f'cores computing at once: loop {share:.2f}, pool {busy:.2f}')
    print(f'speed-up: {loop / seconds:.2f}x')
