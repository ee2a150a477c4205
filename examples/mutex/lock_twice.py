"""Exercise: a process acquires the same lock twice; Lock and RLock differ."""
import time
from multiprocessing import Lock, RLock

if __name__ == '__main__':
    for lock in (Lock(), RLock()):
        lock.acquire()
        start = time.monotonic()
        again = lock.acquire(timeout=1)  # wait at most one second
        waited = time.monotonic() - start
        print(f'{type(lock).__name__}: second acquire() -> {again} '
              f'after {waited:.1f} s')
