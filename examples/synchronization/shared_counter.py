"""Four processes add 1 to a shared Value; without its lock, updates get lost."""
from multiprocessing import Barrier, Process, Value

WORKERS, ADDS = 4, 50_000


def add(counter, ready, guarded):
    ready.wait()  # all four begin together, so that they overlap
    for _ in range(ADDS):
        if guarded:
            with counter.get_lock():  # read, add and write as one step
                counter.value += 1
        else:
            counter.value += 1  # a read, then a write: another may come between


def count(guarded):
    counter, ready = Value('i', 0), Barrier(WORKERS)
    workers = [Process(target=add, args=(counter, ready, guarded))
               for _ in range(WORKERS)]
    for p in workers:
        p.start()
    for p in workers:
        p.join()
    how = 'with get_lock()' if guarded else 'without a lock'
    print(f'{how}: {counter.value} (expected {WORKERS * ADDS})')


if __name__ == '__main__':
    count(guarded=False)
    count(guarded=True)
