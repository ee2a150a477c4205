"""Exercise: the main process joins three workers before it reads their large results."""
import time
from multiprocessing import Process, Queue


def work(number, results):
    results.put((number, str(number) * 1_000_000))  # a million characters
    print(f'worker {number}: put() has returned')


if __name__ == '__main__':
    results = Queue()
    workers = [Process(target=work, args=(n, results), name=f'worker {n}')
               for n in (1, 2, 3)]
    for p in workers:
        p.start()
    start = time.monotonic()
    for p in workers:
        p.join(timeout=1)  # without the timeout it would wait for ever
        print(f'{p.name}: exit code {p.exitcode} after join()')
    print(f'the joins took {time.monotonic() - start:.2f} s')
    received = dict(results.get() for _ in workers)
    for number in sorted(received):
        print(f'result {number}: {len(received[number]):,} characters')
