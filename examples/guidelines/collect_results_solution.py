"""Solution: take every result out of the queue first, then join the workers."""
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
    received = dict(results.get() for _ in workers)  # one get() per worker
    start = time.monotonic()
    for p in workers:
        p.join()  # nothing of theirs is left in the queue: they can end
        print(f'{p.name}: exit code {p.exitcode} after join()')
    print(f'the joins took {time.monotonic() - start:.2f} s')
    for number in sorted(received):
        print(f'result {number}: {len(received[number]):,} characters')
