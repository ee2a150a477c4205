"""A Lock made at import time excludes nothing under spawn and forkserver."""
import argparse
import time
from multiprocessing import Barrier, Lock, Process

lock = Lock()  # runs again in every child that imports this script afresh


def work(name, ready, passed_lock):
    the_lock = passed_lock or lock
    ready.wait()  # all three reach the lock at the same moment
    the_lock.acquire()
    try:
        print(f'{name} enters the critical section')
        time.sleep(1)
        print(f'{name} leaves the critical section')
    finally:
        the_lock.release()


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--pass-lock', action='store_true',
                        help="pass the main process's lock to every worker")
    options = parser.parse_args()
    passed = lock if options.pass_lock else None
    ready = Barrier(3)
    start = time.monotonic()
    workers = [Process(target=work, args=(f'worker {i}', ready, passed))
               for i in (1, 2, 3)]
    for p in workers:
        p.start()
    for p in workers:
        p.join()
    print(f'total: {time.monotonic() - start:.2f} s')
